# Shared by the scripts in jobs/: project paths and the JVM flags every job JVM needs. Source it, don't run it.
EFFNET_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EFFNET_HOME
EFFNET_VERSION="0.1.0-SNAPSHOT"
# The build folder: target/ (default build); EFFNET_TARGET=target/spark35 picks the -Pspark35 build.
EFFNET_TARGET="${EFFNET_TARGET:-$EFFNET_HOME/target}"
[[ "$EFFNET_TARGET" == /* ]] || EFFNET_TARGET="$PWD/$EFFNET_TARGET"
# The job jar: ONNX Runtime only (~12 MiB). EFFNET_PYTORCH=1 picks the one with DJL's PyTorch engine for TorchScript
# (.pt) models, built with -Ppytorch (~130 MiB; README "PyTorch models"). EFFNET_JOB_JAR names another job jar
# (jobs/bench-executor-start.sh compares two).
if [[ -n "${EFFNET_JOB_JAR:-}" ]]; then
  EFFNET_JAR="$EFFNET_JOB_JAR"
elif [[ "${EFFNET_PYTORCH:-0}" == 1 ]]; then
  EFFNET_JAR="$EFFNET_TARGET/effnet-spark-$EFFNET_VERSION-job-pytorch.jar"
else
  EFFNET_JAR="$EFFNET_TARGET/effnet-spark-$EFFNET_VERSION-job.jar"
fi
SPARK_CLASSPATH_FILE="$EFFNET_TARGET/spark-classpath.txt"

# Spark's own list for Java 17 (org.apache.spark.launcher.JavaModuleOptions), for the JVMs the scripts start
# themselves; the pom's surefire argLine has the same. Without Spark 4's --add-modules=jdk.incubator.vector: only
# MLlib's BLAS (dev.ludovic.netlib) uses that module, falls back without it, and the JVM warns about it on every start.
SPARK_MODULE_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true)
# Offline DJL, one PyTorch thread per task, no TorchScript re-optimisation per batch shape (see README).
DJL_FLAGS=(-Dai.djl.offline=true -Dai.djl.pytorch.graph_optimizer=false -Dai.djl.pytorch.num_threads=1
  -Dai.djl.pytorch.num_interop_threads=1)
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

# Runs "$@" holding $EFFNET_TARGET/.jobs.lock (flock). Jobs started together (a pipeline's parallel tasks) then
# build the jar and the SPARK_HOME once: without it, one run's rebuild removed the jars under another's starting JVM
# (ClassNotFoundException). Held only while building, not while a job runs.
effnet_locked() {
  mkdir -p "$EFFNET_TARGET"
  local fd code=0
  exec {fd}>>"$EFFNET_TARGET/.jobs.lock"
  flock "$fd"
  "$@" || code=$?
  exec {fd}>&-
  return "$code"
}

# Builds the job jar and the Spark classpath file when either is missing (or --rebuild is asked for), with the
# profile of the build folder (target/spark35: -Pspark35) and -Ppytorch for EFFNET_PYTORCH=1. Maven's output is quiet; its colour codes are dropped
# (Maven 3.8 prints ANSI resets even with -B -q -Dstyle.color=never).
effnet_build_if_missing() { effnet_locked effnet_build_unlocked "$@"; }
effnet_build_unlocked() {
  if [[ "${1:-}" == "--rebuild" || ! -f "$EFFNET_JAR" || ! -f "$SPARK_CLASSPATH_FILE" ]]; then
    local profile=()
    [[ "$(basename "$EFFNET_TARGET")" == spark35 ]] && profile=(-Pspark35)
    [[ "${EFFNET_PYTORCH:-0}" == 1 ]] && profile+=(-Ppytorch)
    echo "effnet-spark: building the job jar (mvn package -DskipTests ${profile[*]}) ..." >&2
    local log code=0
    log="$(mktemp "${TMPDIR:-/tmp}/effnet-build.XXXXXX")"
    (cd "$EFFNET_HOME" && mvn -B -q -ntp -Dstyle.color=never -DskipTests "${profile[@]}" package) >"$log" 2>&1 \
      || code=$?
    sed $'s/\e\\[[0-9;]*m//g' "$log" >&2
    rm -f "$log"
    if [[ "$code" != 0 ]]; then
      echo "effnet-spark: the build failed (mvn exit code $code)" >&2
      return 1
    fi
  fi
}

# A SPARK_HOME for Spark's own launcher (org.apache.spark.launcher.Main, what bin/spark-submit runs) made of the
# Maven-resolved jars: $EFFNET_TARGET/spark-home with jars/ (a link to every jar of spark-classpath.txt), conf/ (a
# link to the project's conf/: the driver's classpath and Spark's default spark-defaults.conf, as SPARK_CONF_DIR
# would be) and RELEASE (names the Spark version). Re-made when spark-classpath.txt is newer. Sets
# EFFNET_SPARK_HOME and EFFNET_SCALA_VERSION (the launcher needs SPARK_SCALA_VERSION outside a distribution).
effnet_spark_home() { effnet_locked effnet_spark_home_unlocked; }
effnet_spark_home_unlocked() {
  local home="$EFFNET_TARGET/spark-home"
  if [[ ! -f "$home/RELEASE" || "$SPARK_CLASSPATH_FILE" -nt "$home/RELEASE" ]]; then
    local tmp jar core
    tmp="$(mktemp -d "$EFFNET_TARGET/.spark-home.XXXXXX")"
    mkdir "$tmp/jars"
    while IFS= read -r jar || [[ -n "$jar" ]]; do   # (the file has no final newline: keep its last jar)
      [[ -n "$jar" ]] && ln -sf "$jar" "$tmp/jars/$(basename "$jar")"
    done < <(tr ':' '\n' < "$SPARK_CLASSPATH_FILE")
    if [[ "$(ls "$tmp/jars" | wc -l)" != "$(tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | grep -c .)" ]]; then
      rm -rf "$tmp"
      echo "effnet-spark: two jars of $SPARK_CLASSPATH_FILE share a file name; cannot make a SPARK_HOME of them" >&2
      return 1
    fi
    ln -s "$EFFNET_HOME/conf" "$tmp/conf"
    core="$(cd "$tmp/jars" && ls spark-core_*.jar 2>/dev/null | head -1)"
    if [[ -z "$core" ]]; then
      rm -rf "$tmp"
      echo "effnet-spark: no spark-core jar in $SPARK_CLASSPATH_FILE" >&2
      return 1
    fi
    core="${core%.jar}"                      # spark-core_2.13-4.2.0
    echo "Spark ${core##*-} (Scala $(echo "$core" | cut -d_ -f2 | cut -d- -f1)): Maven-resolved jars, assembled by jobs/env.sh" >"$tmp/RELEASE"
    rm -rf "$home"
    chmod 755 "$tmp"
    mv -T "$tmp" "$home"
  fi
  EFFNET_SPARK_HOME="$home"
  EFFNET_SCALA_VERSION="$(cd "$home/jars" && ls spark-core_*.jar | head -1 | cut -d_ -f2 | cut -d- -f1)"
}

# Why a JVM (or spark-submit) may have ended with an exit code that is not one of the job's (README "Exit codes").
effnet_exit_cause() {
  local code="$1"
  case "$code" in
    11) echo "Spark gave up after too many executor failures" ;;
    50) echo "an uncaught exception in one of Spark's threads (Spark's exit code 50)" ;;
    51) echo "an uncaught exception, and another while handling it (Spark's exit code 51)" ;;
    52) echo "out of memory (Spark's exit code 52 for an OutOfMemoryError): raise --driver-memory (local mode) or --executor-memory" ;;
    53) echo "Spark could not create its local directories (spark.local.dir; exit code 53)" ;;
    54|55) echo "an external block store failed (Spark's exit code $code)" ;;
    56) echo "an executor could not send heartbeats to the driver (Spark's exit code 56)" ;;
    57) echo "a task could not be killed and Spark's task reaper ended the JVM (exit code 57)" ;;
    58) echo "the block manager could not re-register (Spark's exit code 58)" ;;
    101) echo "the main class was not found (Spark's exit code 101)" ;;
    124) echo "a time-out (spark.driver.timeout, or a timeout command)" ;;
    126) echo "the command could not be executed (exit code 126)" ;;
    127) echo "command not found (exit code 127): is java on the PATH?" ;;
    134) echo "the JVM aborted (SIGABRT): a JVM crash (an hs_err_pid*.log file in the working folder) or -XX:+CrashOnOutOfMemoryError" ;;
    137) echo "killed by SIGKILL: kill -9, or the kernel's out-of-memory killer (see dmesg); memory: --driver-memory, --executor-memory" ;;
    143) echo "stopped by SIGTERM" ;;
    *)
      if (( code > 128 && code < 160 )); then
        echo "killed by signal SIG$(kill -l $((code - 128)) 2>/dev/null || echo $((code - 128)))"
      else
        echo "an exit code that is not one of the job's"
      fi ;;
  esac
}

# Copies stdin to stderr without libtorch's native warning that this CPU cannot run NNPACK (PyTorch's mobile
# convolution library): PyTorch falls back to its other kernels, and its C++ log prints the line for each thread
# that tries (41-321 lines a run); libtorch loaded by DJL does not read TORCH_CPP_LOG_LEVEL, so nothing turns it off.
effnet_stderr_filter() {
  grep --line-buffered -v -E '^\[W[0-9 :.]+NNPACK\.cpp:[0-9]+\] Could not initialize NNPACK! Reason: Unsupported hardware\.$' >&2 || true
}

# Runs a command (the driver JVM, or a distribution's spark-submit) as a child and waits for it. SIGTERM, SIGINT and
# SIGHUP sent to this script are passed on to it as SIGTERM (a background child of a script ignores SIGINT). Returns
# its exit code when it is one of the job's (0-7); any other code is explained on stderr and returns 1.
#   effnet_run_child "the driver JVM" java ...
effnet_run_child() {
  local what="$1"; shift
  _effnet_child_signal="" _effnet_signals=0
  # The child's stderr through effnet_stderr_filter (signals ignored there: it ends when the child's stderr closes).
  local filter_fd filter_pid
  exec {filter_fd}> >(trap '' INT TERM HUP; effnet_stderr_filter)
  filter_pid=$!
  "$@" 2>&"$filter_fd" &
  _effnet_child=$!
  local sig
  for sig in TERM INT HUP; do
    # shellcheck disable=SC2064 # $sig now; the rest when the signal comes
    trap "_effnet_child_signal=SIG$sig; _effnet_signals=\$((_effnet_signals + 1)); kill -TERM \$_effnet_child 2>/dev/null || true" "$sig"
  done
  local code=0 previous seen
  while :; do
    seen="$_effnet_signals" previous="$code" code=0
    # (2>/dev/null: bash's own "Aborted ..." line for a child that a signal ended; the message below says it)
    wait "$_effnet_child" 2>/dev/null || code=$?
    # A signal to this script ends "wait" early (code 128 + its number): wait again for the child's own code
    # (127 if "wait" had already returned it).
    if [[ "$code" == 127 && "$previous" -gt 128 ]]; then code="$previous"; break; fi
    [[ "$_effnet_signals" != "$seen" && "$code" -gt 128 ]] || break
  done
  trap - TERM INT HUP
  exec {filter_fd}>&-
  wait "$filter_pid" 2>/dev/null || true
  if (( code <= 7 )); then
    return "$code"
  fi
  local cause
  cause="$(effnet_exit_cause "$code")"
  if [[ -n "$_effnet_child_signal" ]]; then
    cause="$cause (passed on from the $_effnet_child_signal this script received)"
  fi
  echo "effnet-spark: $what ended with exit code $code: $cause. Exit code 1 (the job's codes are 0-7, README \"Exit codes\")." >&2
  return 1
}
