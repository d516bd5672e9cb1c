#!/usr/bin/env bash
# A YARN cluster and HDFS on this machine, for trying the job on YARN without a Hadoop installation: a NameNode, a
# DataNode, a ResourceManager and a NodeManager in one JVM (hadoop-client-minicluster, jobs/yarn/MiniYarnHdfs.java),
# on 127.0.0.1. Executors and, in cluster mode, the driver run in real YARN containers: JVMs the NodeManager starts.
# Needs the -Pyarn build (mvn -Pyarn package -DskipTests: spark-yarn in Spark's jars, the minicluster's classpath).
#
#   jobs/local-yarn.sh start      # prints the HADOOP_CONF_DIR to export and the HDFS URL
#   jobs/local-yarn.sh status
#   jobs/local-yarn.sh hdfs -put samples/fashion-mnist /images   # Hadoop's FsShell (hdfs dfs) on this HDFS
#   jobs/local-yarn.sh hdfs -put models/fashion-effnet /model
#   jobs/local-yarn.sh stop
#
#   export HADOOP_CONF_DIR=target/local-yarn/conf
#   jobs/submit.sh --properties-file target/local-yarn/spark-yarn.conf --master yarn --deploy-mode cluster \
#     -- --input hdfs:///images --model hdfs:///model/model.onnx --output hdfs:///predictions
#
# Settings (environment):
#   EFFNET_YARN_DIR             state folder (default $EFFNET_TARGET/local-yarn): conf/, cluster.properties, logs,
#                               the NodeManager's container folders and logs (kept an hour after each application)
#   EFFNET_YARN_NM_MEMORY_MB    memory the NodeManager offers to containers (6144)
#   EFFNET_YARN_NM_VCORES       vcores the NodeManager offers (4)
#   EFFNET_YARN_DFS_LS_LIMIT    the NameNode's dfs.ls.limit: entries per listing call (1000)
#
# "start" also writes $EFFNET_YARN_DIR/spark-yarn.conf: conf/spark-yarn.conf plus spark.yarn.jars=local:<the jars
# of target/spark-home> (the containers run on this machine and read Spark's jars where they are, instead of
# spark-submit uploading ~290 MB to HDFS per run; on a real cluster the Spark distribution's jars play this part).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

dir="${EFFNET_YARN_DIR:-$EFFNET_TARGET/local-yarn}"
[[ "$dir" == /* ]] || dir="$PWD/$dir"
classpath_file="$EFFNET_TARGET/yarn-minicluster-classpath.txt"

alive() { [[ -f "$dir/cluster.pid" ]] && kill -0 "$(cat "$dir/cluster.pid")" 2>/dev/null; }

start() {
  if alive; then
    echo "local-yarn: already running (pid $(cat "$dir/cluster.pid")); stop it first" >&2
    exit 1
  fi
  if [[ ! -f "$classpath_file" ]]; then
    echo "local-yarn: $classpath_file is missing: build with -Pyarn (mvn -Pyarn package -DskipTests)" >&2
    exit 1
  fi
  effnet_spark_home
  if ! ls "$EFFNET_SPARK_HOME"/jars/spark-yarn_*.jar >/dev/null 2>&1; then
    echo "local-yarn: no spark-yarn jar in $EFFNET_SPARK_HOME/jars: build with -Pyarn (mvn -Pyarn package -DskipTests)" >&2
    exit 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  # The containers' java is $JAVA_HOME/bin/java (YARN passes JAVA_HOME on to them).
  local java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  # (MiniYARNCluster puts its folders under ./target: the JVM runs in $dir. A plain command in the background, so
  # that $! is the JVM's pid.)
  local classpath
  classpath="$(cat "$classpath_file")"
  pushd "$dir" >/dev/null
  JAVA_HOME="$java_home" nohup java -Xmx1g "${SPARK_MODULE_FLAGS[@]}" \
    -Dlog4j2.configurationFile="$EFFNET_HOME/conf/log4j2.properties" \
    -cp "$classpath" "$EFFNET_HOME/jobs/yarn/MiniYarnHdfs.java" "$dir" </dev/null >"$dir/cluster.log" 2>&1 &
  echo $! >"$dir/cluster.pid"
  popd >/dev/null
  local t=0
  until grep -q '^READY ' "$dir/cluster.log" 2>/dev/null; do
    if ! alive || (( t >= 900 )); then
      echo "local-yarn: the cluster did not start; see $dir/cluster.log:" >&2
      tail -20 "$dir/cluster.log" >&2
      stop >/dev/null
      exit 1
    fi
    sleep 0.2; t=$((t + 1))
  done
  { cat "$EFFNET_HOME/conf/spark-yarn.conf"
    echo
    echo "# Added by jobs/local-yarn.sh: the containers read Spark's jars from this machine."
    echo "spark.yarn.jars                     local:$EFFNET_SPARK_HOME/jars/*"
  } >"$dir/spark-yarn.conf"
  echo "HDFS and YARN running: $(sed -n 's/^READY //p' "$dir/cluster.log") (pid $(cat "$dir/cluster.pid"))"
  echo "export HADOOP_CONF_DIR=$dir/conf"
  echo "Spark settings for it: --properties-file $dir/spark-yarn.conf"
}

stop() {
  if alive; then
    local pid
    pid="$(cat "$dir/cluster.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "local-yarn: stopped (logs kept in $dir)"
  else
    echo "local-yarn: not running"
  fi
  rm -f "$dir/cluster.pid"
}

status() {
  if alive; then
    echo "running (pid $(cat "$dir/cluster.pid")): $(sed -n 's/^READY //p' "$dir/cluster.log")"
    echo "export HADOOP_CONF_DIR=$dir/conf"
  else
    echo "local-yarn: not running ($dir)"
    return 3
  fi
}

hdfs_shell() { # Hadoop's FsShell, what "hdfs dfs" runs, with this cluster's client configuration
  alive || { echo "local-yarn: not running ($dir)" >&2; exit 3; }
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$EFFNET_HOME/conf/log4j2.properties" \
    -cp "$dir/conf:$(cat "$classpath_file")" org.apache.hadoop.fs.FsShell "$@"
}

case "${1:-}" in
  start) start ;;
  hdfs) shift; hdfs_shell "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status|hdfs FSSHELL-ARGS   (settings: see the comments at the top of this script)" >&2; exit 2 ;;
esac
