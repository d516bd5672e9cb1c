# Shared by the scripts in jobs/: project paths and the JVM flags every job JVM needs. Source it, don't run it.
EFFNET_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EFFNET_HOME
EFFNET_VERSION="0.1.0-SNAPSHOT"
# The build folder: target/ (default build); EFFNET_TARGET=target/spark35 picks the -Pspark35 build.
EFFNET_TARGET="${EFFNET_TARGET:-$EFFNET_HOME/target}"
EFFNET_JAR="$EFFNET_TARGET/effnet-spark-$EFFNET_VERSION-job.jar"
SPARK_CLASSPATH_FILE="$EFFNET_TARGET/spark-classpath.txt"

# Spark's own list for Java 17 (org.apache.spark.launcher.JavaModuleOptions); the pom's surefire argLine has the same.
SPARK_MODULE_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
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

# Builds the job jar and the Spark classpath file when either is missing (or --rebuild is asked for).
effnet_build_if_missing() {
  if [[ "${1:-}" == "--rebuild" || ! -f "$EFFNET_JAR" || ! -f "$SPARK_CLASSPATH_FILE" ]]; then
    echo "effnet-spark: building the job jar (mvn package -DskipTests) ..." >&2
    (cd "$EFFNET_HOME" && mvn -B -q -DskipTests -Dstyle.color=never package) >&2
  fi
}
