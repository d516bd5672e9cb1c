#!/usr/bin/env bash
# Checks executor-side inference on a real GPU, without Spark or Hadoop: device used and images/s for the
# shipped model and (when generated) EfficientNet-B0 at 224 px.
#
#   jobs/gpu-check.sh bundle OUT_DIR   on a build machine (JDK 17 + Maven): builds the GPU job jar (-Pgpu), a
#                                      jlink Java runtime with only the needed modules, copies the models and a
#                                      run script into OUT_DIR. Copy OUT_DIR to the GPU host.
#   OUT_DIR/run.sh [GpuCheck options]  on the GPU host: needs only the NVIDIA driver, CUDA 12 and cuDNN 9 libraries
#                                      (ONNX Runtime 1.21's CUDA provider); no JDK, no Spark, no network.
#   jobs/gpu-check.sh run [options]    here, with the project's build (CPU or GPU jar, whichever exists).
# GpuCheck options: --device gpu|auto|cpu (default gpu), --batch-size N (32), --images N (512).
# Exit status 0 only when every model ran on the requested device without errors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
b0="$EFFNET_HOME/target/models/effnet-b0-224/model.onnx"
models=("$EFFNET_HOME/models/fashion-effnet/model.onnx")

case "${1:-run}" in
  bundle)
    out="${2:?usage: jobs/gpu-check.sh bundle OUT_DIR}"
    mkdir -p "$out/models"
    (cd "$EFFNET_HOME" && mvn -B -q -ntp -Pgpu -DskipTests -Dstyle.color=never package)
    gpu_jar="$EFFNET_HOME/target/effnet-spark-$EFFNET_VERSION-job-gpu.jar"
    rm -rf "$out/runtime"
    # java.desktop: ImageIO; java.management/jdk.unsupported: DJL and ONNX Runtime's loader; java.naming/sql/xml: deps.
    jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/runtime"
    cp "$gpu_jar" "$out/effnet-spark-gpu.jar"
    cp -r "$EFFNET_HOME/models/fashion-effnet" "$out/models/"
    [[ -f "$b0" ]] && cp -r "$(dirname "$b0")" "$out/models/"
    cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$here/djl-cache}"
models=("$here"/models/*/model.onnx)
exec "$here/runtime/bin/java" -Dai.djl.offline=true -cp "$here/effnet-spark-gpu.jar" \
  io.effnetspark.tools.GpuCheck "$@" "${models[@]}"
RUN
    chmod +x "$out/run.sh"
    du -sh "$out"/* >&2
    echo "bundle ready: copy $out to the GPU host and run $out/run.sh" >&2
    ;;
  run)
    shift || true
    jar="$EFFNET_HOME/target/effnet-spark-$EFFNET_VERSION-job-gpu.jar"
    [[ -f "$jar" ]] || { effnet_build_if_missing; jar="$EFFNET_JAR"; }
    [[ -f "$b0" ]] && models+=("$b0")
    exec java "${DJL_FLAGS[@]}" -cp "$jar" io.effnetspark.tools.GpuCheck "$@" "${models[@]}"
    ;;
  *)
    echo "usage: jobs/gpu-check.sh bundle OUT_DIR | run [--device gpu|auto|cpu] [--batch-size N] [--images N]" >&2
    exit 2
    ;;
esac
