#!/usr/bin/env bash
# One night of a scheduled pipeline: classify the images under INPUT that are new or changed since earlier nights
# (--incremental), into OUTPUT's partition run_date=RUN_DATE, replacing that partition if it exists (re-running a
# night is idempotent), and write OUTPUT/_run.json and OUTPUT/_report.html. Exit code: the job's (README).
#
#   jobs/nightly.sh INPUT OUTPUT [RUN_DATE]
#
# RUN_DATE defaults to yesterday in UTC (the date Airflow's {{ ds }} gives a daily run that starts after midnight).
# Re-run a failed or partial night with its date: jobs/nightly.sh INPUT OUTPUT 2026-11-28
# Environment: EFFNET_SPARK_ARGS (spark-submit options, e.g. "--master yarn --num-executors 10"), EFFNET_JOB_ARGS
# (more job options, e.g. "--labels-from-dirs --max-error-fraction 0.01"). Cron example: jobs/cron/effnet-nightly.cron.
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
input="$1"
output="$2"
run_date="${3:-$(date -u -d yesterday +%F)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -a spark_args <<< "${EFFNET_SPARK_ARGS:-}"
read -r -a job_args <<< "${EFFNET_JOB_ARGS:-}"
echo "effnet-spark nightly: run date $run_date, $input -> $output ($(date -u +%FT%TZ))" >&2
set +e
"$here/submit.sh" "${spark_args[@]}" -- --input "$input" --output "$output" --incremental \
  --run-date "$run_date" --mode overwrite --report --run-id "nightly-$run_date-$(date -u +%H%M%S)" "${job_args[@]}"
code=$?
set -e
echo "effnet-spark nightly: run date $run_date finished with exit code $code ($(date -u +%FT%TZ))" >&2
exit "$code"
