#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one master and N workers on 127.0.0.1, each its own JVM, started
# from the project's Maven-resolved Spark jars (no Spark distribution needed). Executors are JVMs the workers fork.
#
#   jobs/local-cluster.sh start     # prints the master URL, e.g. spark://127.0.0.1:7077
#   jobs/local-cluster.sh status
#   jobs/local-cluster.sh stop      # stops workers (and their executors), then the master
#
#   jobs/submit.sh --master spark://127.0.0.1:7077 -- --input samples/fashion-mnist --output /tmp/preds
#
# Settings (environment):
#   EFFNET_CLUSTER_DIR         state folder (default target/local-cluster): spark-home/, logs/, work/, *.pid
#   EFFNET_CLUSTER_WORKERS     workers (2)
#   EFFNET_WORKER_CORES        cores per worker (1); a worker runs one executor with all its cores
#   EFFNET_WORKER_MEMORY       memory per worker for its executors (2g; executors ask for spark.executor.memory, 1g)
#   EFFNET_MASTER_PORT         master port (7077)
#   EFFNET_MASTER_WEBUI_PORT   master web UI (8080; 0 = any free port). Worker UIs take any free port.
#
# SPARK_HOME is assembled under $EFFNET_CLUSTER_DIR/spark-home: jars/ links every jar of target/spark-classpath.txt
# (Spark, Hadoop, hadoop-aws, spark-hadoop-cloud: what a cluster's Spark installation provides), conf/ is empty, so
# daemons and executors log at Spark's default INFO level. Executor logs: work/worker-N/<app-id>/<executor-id>/stderr.
# Each executor copies the job jar (~12 MiB) into its work folder; "start" empties work/ and logs/ first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

dir="${EFFNET_CLUSTER_DIR:-$EFFNET_TARGET/local-cluster}"
workers="${EFFNET_CLUSTER_WORKERS:-2}"
worker_cores="${EFFNET_WORKER_CORES:-1}"
worker_memory="${EFFNET_WORKER_MEMORY:-2g}"
master_port="${EFFNET_MASTER_PORT:-7077}"
master_ui="${EFFNET_MASTER_WEBUI_PORT:-8080}"
master_url="spark://127.0.0.1:$master_port"
spark_home="$dir/spark-home"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

assemble_spark_home() {
  rm -rf "$spark_home"
  mkdir -p "$spark_home/jars" "$spark_home/conf"
  local jar
  while IFS= read -r jar || [[ -n "$jar" ]]; do
    [[ -n "$jar" ]] && ln -s "$jar" "$spark_home/jars/$(basename "$jar")"
  done < <(tr ':' '\n' < "$SPARK_CLASSPATH_FILE")
  scala_version="$(ls "$spark_home/jars" | sed -n 's/^spark-core_\([0-9.]*\)-.*/\1/p' | head -1)"
  [[ -n "$scala_version" ]] || { echo "local-cluster: no spark-core jar in $SPARK_CLASSPATH_FILE" >&2; exit 1; }
}

# Starts one daemon JVM in the background, detached from this shell's terminal and pipes.
daemon() {
  local name="$1"; shift
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION="$scala_version" SPARK_LOCAL_IP=127.0.0.1 \
    nohup java -Xmx512m "${SPARK_MODULE_FLAGS[@]}" -cp "$spark_home/conf:$spark_home/jars/*" "$@" \
    </dev/null >"$dir/logs/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit="$1" what="$2"; shift 2
  local t=0
  until "$@"; do
    if (( t >= limit * 5 )); then
      echo "local-cluster: timed out after ${limit}s waiting for $what; logs in $dir/logs" >&2
      return 1
    fi
    sleep 0.2; t=$((t + 1))
  done
}

registered_workers() {
  grep -c "Registering worker " "$dir/logs/master.log" 2>/dev/null || true
}

all_workers_registered() { (( $(registered_workers) >= workers )); }

start() {
  if alive "$dir/master.pid"; then
    echo "local-cluster: already running ($master_url); stop it first" >&2
    exit 1
  fi
  effnet_build_if_missing
  mkdir -p "$dir"
  rm -rf "$dir/logs" "$dir/work"
  mkdir -p "$dir/logs" "$dir/work"
  assemble_spark_home
  daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$master_port" \
    --webui-port "$master_ui"
  wait_for 60 "the master" grep -q "I have been elected leader" "$dir/logs/master.log" || { stop; exit 1; }
  local i
  for ((i = 1; i <= workers; i++)); do
    daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$worker_cores" \
      --memory "$worker_memory" --work-dir "$dir/work/worker-$i" --webui-port 0 "$master_url"
  done
  wait_for 90 "$workers workers to register" all_workers_registered || { stop; exit 1; }
  local ui
  ui="$(sed -n 's/.*MasterWebUI.*started at \(http[^ ]*\).*/\1/p; s/.*Bound MasterWebUI to .*, and started at \(http[^ ]*\).*/\1/p' \
    "$dir/logs/master.log" | head -1)"
  echo "Spark master at $master_url with $workers workers (${worker_cores} core(s), $worker_memory each)${ui:+; web UI $ui}"
  echo "State, logs and executor work folders: $dir"
}

stop() {
  local f stopped=0
  for f in "$dir"/worker-*.pid "$dir/master.pid"; do
    [[ -f "$f" ]] || continue
    if alive "$f"; then
      kill "$(cat "$f")" 2>/dev/null || true
      # A worker kills its executors on shutdown; give it time, then insist.
      for _ in $(seq 1 50); do alive "$f" || break; sleep 0.2; done
      alive "$f" && kill -9 "$(cat "$f")" 2>/dev/null || true
      stopped=$((stopped + 1))
    fi
    rm -f "$f"
  done
  echo "local-cluster: stopped $stopped process(es); logs kept in $dir/logs"
}

status() {
  local f any=0
  for f in "$dir/master.pid" "$dir"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    any=1
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): not running"; fi
  done
  if (( any == 0 )); then echo "local-cluster: not started ($dir)"; return 3; fi
  alive "$dir/master.pid" && echo "master URL: $master_url; workers registered: $(registered_workers)"
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status   (settings: see the comments at the top of this script)" >&2; exit 2 ;;
esac
