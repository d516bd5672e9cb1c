#!/usr/bin/env bash
# Submits the effnet-spark job, taking options the way spark-submit does.
#
#   jobs/submit.sh [SPARK-SUBMIT OPTIONS ...] [--] [JOB OPTIONS ...]
#   jobs/submit.sh --help                            (spark-submit's options, then the job's)
#
# spark-submit's options come first; the first argument that is not one of them (Spark's own option table, read
# from its launcher) starts the job's options; a "--" between the two is optional. Example:
#   jobs/submit.sh --master 'local[2]' --driver-memory 2g --input samples/fashion-mnist --output /tmp/preds
#
# With SPARK_HOME set, runs $SPARK_HOME/bin/spark-submit. Otherwise runs Spark's own launcher
# (org.apache.spark.launcher.Main, what bin/spark-submit runs) on a SPARK_HOME made of the project's Maven-resolved
# jars ($EFFNET_TARGET/spark-home, see jobs/env.sh), so no Spark distribution is needed and every spark-submit option
# (--driver-memory, --driver-java-options, --driver-class-path, --conf spark.driver.*, ...) works as with one.
# The project's driver JVM flags (offline DJL, conf/log4j2.properties, EFFNET_HOME) go in SPARK_SUBMIT_OPTS, ahead
# of yours: --driver-java-options adds to them, and a -D of yours wins over the same -D of theirs.
# Without a distribution, the driver's heap defaults to 3g (client mode; SPARK_DRIVER_MEMORY or EFFNET_DRIVER_MEMORY
# change it; --driver-memory and spark.driver.memory win over both). Local mode binds Spark to 127.0.0.1.
# Spark settings come from conf/spark-defaults.conf unless you pass --properties-file; the job's from
# conf/effnet-job.properties unless you pass --config.
# Exit code: the job's (0-7, README "Exit codes"); any other code of the driver JVM is explained and becomes 1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
main_class=io.effnetspark.cli.EffnetJob

if [[ -n "${SPARK_HOME:-}" && ! -x "$SPARK_HOME/bin/spark-submit" ]]; then
  echo "effnet-spark: SPARK_HOME=$SPARK_HOME has no bin/spark-submit; unset SPARK_HOME to run without a Spark distribution" >&2
  exit 1
fi
effnet_build_if_missing
# The summary's wall time counts from here: what the user waits for, a first build aside (cli.EffnetJob#LAUNCH_ENV).
export EFFNET_LAUNCH_MILLIS="$(date +%s%3N)"
if [[ -n "${SPARK_HOME:-}" ]]; then
  spark_jars="$SPARK_HOME/jars/*"
else
  effnet_spark_home
  spark_jars="$EFFNET_SPARK_HOME/jars/*"
fi

# Where spark-submit's options end, by the Spark launcher's option table.
n="$(java -Xmx64m -XX:TieredStopAtLevel=1 -cp "$EFFNET_JAR:$spark_jars" io.effnetspark.cli.SparkSubmitArgs "$@")"
spark_args=("${@:1:n}")
job_args=("${@:n+1}")
if [[ "${job_args[0]:-}" == "--" ]]; then
  job_args=("${job_args[@]:1}")
else
  for arg in "${job_args[@]}"; do
    if [[ "$arg" == "--" ]]; then
      echo "effnet-spark: '${job_args[0]}' is not a spark-submit option (spark-submit's options come before '--')" >&2
      exit 2
    fi
  done
fi

project_jvm_flags=("${DJL_FLAGS[@]}" "-Dlog4j2.configurationFile=$EFFNET_HOME/conf/log4j2.properties"
  "-DEFFNET_HOME=$EFFNET_HOME")

spark_opt() { # spark_opt NAME: the value of spark-submit option NAME in spark_args (the last one), or nothing
  local i value=""
  for ((i = 0; i < ${#spark_args[@]}; i++)); do
    case "${spark_args[i]}" in
      "$1") value="${spark_args[i + 1]:-}"; i=$((i + 1)) ;;
      "$1"=*) value="${spark_args[i]#*=}" ;;
    esac
  done
  printf '%s' "$value"
}

# Spark's launcher (our SPARK_HOME) → cmd: the driver's java command for spark-submit arguments "$@". It prints the
# command NUL-separated, after a "\0\n" marker line, as bin/spark-class reads it.
driver_command() {
  local launch skip i
  launch="$(mktemp "${TMPDIR:-/tmp}/effnet-launch.XXXXXX")"
  # shellcheck disable=SC2086 # SPARK_LAUNCHER_OPTS is a list of JVM options, as in bin/spark-class
  SPARK_HOME="$EFFNET_SPARK_HOME" SPARK_SCALA_VERSION="$EFFNET_SCALA_VERSION" java -Xmx128m ${SPARK_LAUNCHER_OPTS:-} \
    -cp "$EFFNET_SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@" >"$launch" \
    || { rm -f "$launch"; echo "effnet-spark: Spark's launcher failed" >&2; exit 1; }
  skip=1
  [[ "$(head -c 2 "$launch" | od -An -c | tr -d ' ')" == '\0\n' ]] && skip=3
  mapfile -d '' -t cmd < <(tail -c +"$skip" "$launch")
  rm -f "$launch"
  if [[ ${#cmd[@]} -eq 0 ]]; then
    echo "effnet-spark: Spark's launcher printed no command" >&2
    exit 1
  fi
  # Drop Spark 4's --add-modules=jdk.incubator.vector from its module options (see SPARK_MODULE_FLAGS in
  # jobs/env.sh): the one right after -XX:+IgnoreUnrecognizedVMOptions, not one of the user's.
  for ((i = 1; i < ${#cmd[@]}; i++)); do
    if [[ "${cmd[i]}" == --add-modules=jdk.incubator.vector && "${cmd[i - 1]}" == -XX:+IgnoreUnrecognizedVMOptions ]]
    then
      cmd=("${cmd[@]:0:i}" "${cmd[@]:i+1}")
      break
    fi
  done
}

for arg in "${spark_args[@]}"; do
  if [[ "$arg" == --help || "$arg" == -h ]]; then
    # spark-submit's usage (with this script's first line), then the job's options; both on stdout.
    usage="Usage: jobs/submit.sh [SPARK-SUBMIT OPTIONS ...] [--] [JOB OPTIONS ...]
The first argument that is not one of spark-submit's options starts the job's options.

spark-submit's options (Spark $(cut -d' ' -f2 <<<"$(cat "${SPARK_HOME:-$EFFNET_SPARK_HOME}/RELEASE" 2>/dev/null)")):"
    if [[ -n "${SPARK_HOME:-}" ]]; then
      _SPARK_CMD_USAGE="$usage" "$SPARK_HOME/bin/spark-submit" --help 2>&1 || true
    else
      driver_command --help
      _SPARK_CMD_USAGE="$usage" "${cmd[@]}" 2>&1 || true
    fi
    echo "Job options:"
    java -Xmx256m -XX:TieredStopAtLevel=1 "${project_jvm_flags[@]}" -cp "$EFFNET_JAR:$spark_jars" "$main_class" --help
    exit 0
  fi
done

if [[ -z "$(spark_opt --properties-file)" ]]; then
  spark_args=(--properties-file "$EFFNET_HOME/conf/spark-defaults.conf" "${spark_args[@]}")
fi
if [[ " ${job_args[*]:-} " != *" --config"* ]]; then
  job_args=(--config "$EFFNET_HOME/conf/effnet-job.properties" "${job_args[@]}")
fi

# Local mode (or no master given): stay on loopback instead of Spark guessing an outside interface.
master="$(spark_opt --master)"
if [[ -z "$master" || "$master" == local* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi
# Without a distribution, a driver on this machine (client mode) gets a 3g heap unless --driver-memory,
# spark.driver.memory or SPARK_DRIVER_MEMORY says otherwise (the launcher's order; Spark's own default is 1g).
if [[ -z "${SPARK_HOME:-}" && "$(spark_opt --deploy-mode)" != cluster ]]; then
  export SPARK_DRIVER_MEMORY="${SPARK_DRIVER_MEMORY:-${EFFNET_DRIVER_MEMORY:-3g}}"
fi

# The project's flags for the JVM spark-submit runs in (in client mode, the driver), ahead of the user's own.
quote() { local s="${1//\'/\'\\\'\'}"; printf "'%s' " "$s"; } # for the launcher's option-string parser
opts=""
for flag in "${project_jvm_flags[@]}"; do opts+="$(quote "$flag")"; done
export SPARK_SUBMIT_OPTS="$opts${SPARK_SUBMIT_OPTS:-}"

submit_args=(--class "$main_class" "${spark_args[@]}" "$EFFNET_JAR" "${job_args[@]}")
if [[ -n "${SPARK_HOME:-}" ]]; then
  effnet_run_child "spark-submit" "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}"
  exit 0
fi

export SPARK_HOME="$EFFNET_SPARK_HOME" SPARK_SCALA_VERSION="$EFFNET_SCALA_VERSION"
driver_command "${submit_args[@]}"
effnet_run_child "the driver JVM" "${cmd[@]}"
