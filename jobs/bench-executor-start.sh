#!/usr/bin/env bash
# Executor start-up on a standalone cluster (docs/benchmarks.md): how long after an executor registers until its
# first task runs, which is when the executor fetches the job jar from the driver and opens it.
#
#   jobs/bench-executor-start.sh [JOB_JAR ...]      (default: the build's job jar; RUNS=2 submissions per jar)
#
# Starts jobs/local-cluster.sh (2 workers, 1 core each, its own ports and folder under target/), submits the job on
# the 500 samples (4 partitions) with Spark's event log on, and reads per executor from the event log:
#   registered -> first task launched (driver side), the first task's executor deserialize time (Spark measures
#   it from before the executor fetches the task's jars), and registered -> first task running (the sum).
# Needs /usr/bin/python3 (only its standard library).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
runs="${RUNS:-2}"
jars=("$@")
if [[ ${#jars[@]} == 0 ]]; then
  effnet_build_if_missing
  jars=("$EFFNET_JAR")
fi
work="$EFFNET_TARGET/bench-executor-start"
rm -rf "$work"
mkdir -p "$work/events"
export EFFNET_CLUSTER_DIR="$work/cluster" EFFNET_MASTER_PORT="${EFFNET_MASTER_PORT:-17177}" EFFNET_MASTER_WEBUI_PORT=0
"$EFFNET_HOME/jobs/local-cluster.sh" start >&2
trap '"$EFFNET_HOME/jobs/local-cluster.sh" stop >&2 || true' EXIT
for jar in "${jars[@]}"; do
  for ((i = 1; i <= runs; i++)); do
    name="$(basename "$jar" .jar)-$i"
    echo "bench-executor-start: $name ($(du -m "$jar" | cut -f1) MiB)" >&2
    mkdir -p "$work/events/$name"
    EFFNET_JOB_JAR="$jar" "$EFFNET_HOME/jobs/submit.sh" --master "spark://127.0.0.1:$EFFNET_MASTER_PORT" \
      --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$work/events/$name" \
      --conf spark.eventLog.compress=false --conf spark.ui.enabled=false --conf spark.cores.max=2 \
      --conf spark.executor.memory=1g --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
      --conf spark.scheduler.maxRegisteredResourcesWaitingTime=300s -- \
      --input "$EFFNET_HOME/samples/fashion-mnist" --output "$work/out-$name" --partitions 4 --mode overwrite \
      >"$work/$name.log" 2>&1 || { echo "bench-executor-start: $name failed, see $work/$name.log" >&2; exit 1; }
  done
done
summarise() { # the figures, from the event logs under $1 (Spark 4 writes rolling logs: a folder per application)
  /usr/bin/python3 - "$1" <<'PY'
import json, os, sys
root = sys.argv[1]

def lines(path):
    if os.path.isdir(path):
        for f in sorted(x for x in os.listdir(path) if x.startswith("events_")):
            yield from open(os.path.join(path, f))
    else:
        yield from open(path)

print(f"{'run':<40} {'executor':>8} {'reg->launch ms':>15} {'deserialize ms':>15} {'reg->running ms':>16}")
for name in sorted(os.listdir(root)):
    for f in os.listdir(os.path.join(root, name)):
        added, first = {}, {}
        for line in lines(os.path.join(root, name, f)):
            e = json.loads(line)
            kind = e["Event"]
            if kind == "SparkListenerExecutorAdded":
                added[e["Executor ID"]] = e["Timestamp"]
            elif kind == "SparkListenerTaskEnd":
                info = e["Task Info"]
                ex = info["Executor ID"]
                if ex not in first or info["Launch Time"] < first[ex][0]:
                    first[ex] = (info["Launch Time"], e["Task Metrics"]["Executor Deserialize Time"])
        for ex in sorted(added):
            launch, deser = first[ex]
            print(f"{name:<40} {ex:>8} {launch - added[ex]:>15} {deser:>15} {launch + deser - added[ex]:>16}")
PY
}
summarise "$work/events"
