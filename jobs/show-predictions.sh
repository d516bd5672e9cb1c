#!/usr/bin/env bash
# Prints a run's output: row count, rows per label / error class, first rows (Spark local mode, any Hadoop scheme).
#
#   jobs/show-predictions.sh OUTPUT [ROWS]
#   jobs/show-predictions.sh s3a://effnet/predictions      (S3 settings from conf/spark-s3.conf; credentials from
#                                                           the AWS chain, e.g. `source target/local-s3/credentials`)
# EFFNET_PROPERTIES picks another Spark properties file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
usage="usage: $0 OUTPUT [ROWS]   (a run's output folder or URI; ROWS: first rows shown, default 10)"
case "${1:-}" in
  -h|--help) echo "$usage"; exit 0 ;;
  ""|-*) echo "$usage" >&2; exit 2 ;;
esac
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"   # local mode: stay on loopback
props="${EFFNET_PROPERTIES:-$EFFNET_HOME/conf/spark-defaults.conf}"
[[ "$1" == s3a://* && -z "${EFFNET_PROPERTIES:-}" ]] && props="$EFFNET_HOME/conf/spark-s3.conf"
effnet_build_if_missing
exec java -Xmx1g "${SPARK_MODULE_FLAGS[@]}" -Dlog4j2.configurationFile="$EFFNET_HOME/conf/log4j2.properties" \
  -cp "$EFFNET_HOME/conf:$(cat "$SPARK_CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit \
  --master 'local[1]' --properties-file "$props" --conf spark.ui.enabled=false \
  --class io.effnetspark.tools.ShowPredictions "$EFFNET_JAR" "$@"
