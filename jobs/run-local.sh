#!/usr/bin/env bash
# The README's main command: classifies images with the shipped model in Spark local mode (all cores), writes
# Parquet plus _run.json, and prints the summary.
#
#   jobs/run-local.sh [JOB OPTIONS ...]              the demo: the committed samples (samples/fashion-mnist), accuracy
#                                                    from their folder names, into target/demo-predictions, which each
#                                                    run replaces (--mode overwrite unless you pass a --mode)
#   jobs/run-local.sh --report                       the same, plus target/demo-predictions/_report.html
#   jobs/run-local.sh OUTPUT_DIR [JOB OPTIONS ...]   the demo into OUTPUT_DIR
#   jobs/run-local.sh --input DIR [--output OUTPUT_DIR] [JOB OPTIONS ...]
#                                                    your own images (a folder, read recursively, or a glob) into
#                                                    OUTPUT_DIR (default target/predictions); add --labels-from-dirs
#                                                    when the folder names are the true labels
#   jobs/run-local.sh --input-list FILE [--output OUTPUT_DIR] [JOB OPTIONS ...]
#                                                    the files a list names (text, one path a line; or Parquet/CSV
#                                                    with a path column), the same way
#
# A folder you name (OUTPUT_DIR, --output) and target/predictions are never replaced by default: if it exists the run
# stops with exit code 5; pass --mode overwrite (or append) yourself. Spark options: jobs/submit.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
out=""
if [[ $# -gt 0 && "$1" != -* ]]; then
  out="$1"
  shift
fi
has() { # has OPTION ARGS...: whether ARGS hold OPTION, as "--option value" or "--option=value"
  local opt="$1" arg
  shift
  for arg in "$@"; do
    if [[ "$arg" == "$opt" || "$arg" == "$opt"=* ]]; then return 0; fi
  done
  return 1
}
added=()
if ! has --input "$@" && ! has --input-list "$@"; then
  # The demo: the committed samples, labelled by their folders.
  added+=(--input "$EFFNET_HOME/samples/fashion-mnist")
  has --labels-from-dirs "$@" || added+=(--labels-from-dirs)
  if [[ -z "$out" ]] && ! has --output "$@"; then
    out="$EFFNET_HOME/target/demo-predictions"
    # Only the demo's own folder is replaced on each run unless you choose a mode (e.g. --incremental --mode append).
    has --mode "$@" || added+=(--mode overwrite)
  fi
elif [[ -z "$out" ]] && ! has --output "$@"; then
  out="$EFFNET_HOME/target/predictions"
fi
[[ -n "$out" ]] && added+=(--output "$out")
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"   # local mode: stay on loopback
exec "$EFFNET_HOME/jobs/submit.sh" --master "local[*]" -- "${added[@]}" "$@"
