#!/usr/bin/env bash
# The README's main command: classifies the committed Fashion-MNIST samples with the shipped model in Spark local
# mode, writes Parquet plus _run.json, and prints the summary.
#
#   jobs/run-local.sh [OUTPUT_DIR] [JOB OPTIONS ...]   (default: target/demo-predictions; replaced on each run)
#   jobs/run-local.sh --report                          (also writes target/demo-predictions/_report.html)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
out="$EFFNET_HOME/target/demo-predictions"
if [[ $# -gt 0 && "$1" != --* ]]; then
  out="$1"
  shift
fi
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"   # local mode: stay on loopback
# The demo replaces its output on each run unless you choose a mode yourself (e.g. --incremental --mode append).
mode=(--mode overwrite)
for arg in "$@"; do
  if [[ "$arg" == --mode || "$arg" == --mode=* ]]; then mode=(); fi
done
exec "$EFFNET_HOME/jobs/submit.sh" --master "local[*]" -- \
  --input "$EFFNET_HOME/samples/fashion-mnist" --output "$out" "${mode[@]}" --labels-from-dirs "$@"
