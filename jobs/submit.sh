#!/usr/bin/env bash
# Submits the effnet-spark job.
#
#   jobs/submit.sh [SPARK-SUBMIT OPTIONS ...] -- [JOB OPTIONS ...]
#   jobs/submit.sh [JOB OPTIONS ...]                 (no "--": everything goes to the job)
#
# Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is set; otherwise runs Spark's SparkSubmit class from the
# project's own classpath (Spark and Hadoop jars resolved by Maven), so no Spark distribution is needed.
# Spark settings come from conf/spark-defaults.conf unless you pass --properties-file; the job's from
# conf/effnet-job.properties unless you pass --config. Example:
#   jobs/submit.sh --master 'local[2]' -- --input samples/fashion-mnist --output /tmp/preds --labels-from-dirs
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

spark_args=()
job_args=()
if [[ " $* " == *" -- "* ]]; then
  while [[ $# -gt 0 && "$1" != "--" ]]; do spark_args+=("$1"); shift; done
  shift
fi
job_args=("$@")

if [[ " ${spark_args[*]:-} " != *" --properties-file "* ]]; then
  spark_args=(--properties-file "$EFFNET_HOME/conf/spark-defaults.conf" "${spark_args[@]}")
fi
if [[ " ${job_args[*]:-} " != *" --config"* ]]; then
  job_args=(--config "$EFFNET_HOME/conf/effnet-job.properties" "${job_args[@]}")
fi
driver_opts=("${SPARK_MODULE_FLAGS[@]}" "${DJL_FLAGS[@]}"
  "-Dlog4j2.configurationFile=$EFFNET_HOME/conf/log4j2.properties" "-DEFFNET_HOME=$EFFNET_HOME")

# Local mode (or no master given): stay on loopback instead of Spark guessing an outside interface.
if [[ " ${spark_args[*]:-} " != *" --master "* || " ${spark_args[*]} " == *" --master local"* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi
effnet_build_if_missing
if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" --class io.effnetspark.cli.EffnetJob \
    --driver-java-options "${driver_opts[*]}" "${spark_args[@]}" "$EFFNET_JAR" "${job_args[@]}"
fi
# In-process SparkSubmit: JVM flags go on this java command (--driver-java-options would be ignored).
exec java -Xmx"${EFFNET_DRIVER_MEMORY:-3g}" "${driver_opts[@]}" \
  -cp "$EFFNET_HOME/conf:$(cat "$SPARK_CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit \
  --class io.effnetspark.cli.EffnetJob "${spark_args[@]}" "$EFFNET_JAR" "${job_args[@]}"
