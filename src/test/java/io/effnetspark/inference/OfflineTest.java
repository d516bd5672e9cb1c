package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.ProbeJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the job runs with no network: a fresh JVM with an empty DJL cache and home folder, started WITHOUT
 * {@code -Dai.djl.offline}, inside a network namespace with no interfaces when {@code unshare} allows it, runs both
 * engines. It must succeed, attempt no URL connection, have set offline mode itself, and have unpacked the
 * PyTorch natives from the classpath jar into the fresh cache.
 *
 * <p>The same JVM, as a library user's: logging as plain as a user's (everything at WARN, no filters for DJL's CUDA
 * probes), one PyTorch property set by the user. Running the ONNX model under {@code device auto} on a host
 * without GPU logs nothing at WARN about CUDA or GPUs (DJL's hybrid PyTorch engine is not started), and the one
 * INFO line names the Param {@code device}; the user's PyTorch property is kept, the unset ones are set only once
 * a PyTorch model loads.
 */
class OfflineTest {
  @TempDir
  Path tmp;

  @Test
  void bothEnginesRunOfflineFromAnEmptyCacheWithoutTheOfflineFlag() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("djl-cache"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    ProbeJvm jvm = new ProbeJvm(OfflineProbe.class, home, "-Xmx1g", "-Dai.djl.pytorch.num_threads=2",
        "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/user-log4j2.properties").toAbsolutePath());
    jvm.environment().put("DJL_CACHE_DIR", cache.toString());
    jvm.environment().put("ENGINE_CACHE_DIR", cache.toString());
    jvm.environment().remove("PYTORCH_LIBRARY_PATH");
    String output = jvm.run(tmp.resolve("probe.log"), Duration.ofMinutes(5));
    assertTrue(output.matches("(?s).*prediction onnxruntime \\S+ null.*prediction pytorch \\S+ null.*"), output);
    assertTrue(output.contains("offline=true"), output);
    assertTrue(output.contains("network-attempts=[]"), output);
    // The ONNX part: PyTorch's own engine start probes CUDA whatever the device (DJL's platform detection) and
    // warns on a host with a CUDA runtime but no driver; ONNX Runtime's hybrid engine would start it too.
    String onnx = output.substring(output.indexOf("--- onnxruntime"), output.indexOf("--- pytorch"));
    for (String warning : new String[] {"CUDA is not supported", "Failed to detect GPU count",
        "WARN  DeviceSelector", "WARN  CudaUtils", "WARN  OrtEngine"}) {
      assertFalse(onnx.contains(warning), warning + " in:\n" + output);
    }
    assertTrue(onnx.contains("after onnxruntime: " + DjlRuntime.ONNX_NO_ALTERNATIVE + "=true"), output);
    if (output.contains("gpus onnxruntime=0")) {
      assertTrue(output.contains("INFO  DeviceSelector: device auto: OnnxRuntime sees no GPU in this JVM; inference "
          + "runs on the CPU"), output);
    }
    assertFalse(output.contains("--device"), output);
    assertTrue(output.contains("after onnxruntime: ai.djl.pytorch.num_interop_threads=null"), output);
    assertTrue(output.contains("after pytorch: ai.djl.pytorch.num_threads=2"), output);
    assertTrue(output.contains("after pytorch: ai.djl.pytorch.num_interop_threads=1"), output);
    try (Stream<Path> files = Files.walk(cache)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("libtorch")),
          "PyTorch natives unpacked from the classpath into the fresh cache");
    }
    System.out.println("offline probe (network namespace: " + jvm.isolated + "):\n" + output);
  }
}
