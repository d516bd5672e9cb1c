package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path cache = Files.createDirectories(tmp.resolve("djl-cache"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<String> cmd = new ArrayList<>();
    boolean isolated = canUnshareNetwork();
    if (isolated) {
      cmd.addAll(List.of("unshare", "--net", "--"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Duser.home=" + home, "-Dai.djl.pytorch.num_threads=2",
        "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/user-log4j2.properties").toAbsolutePath(),
        "-cp", cp, OfflineProbe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DJL_CACHE_DIR", cache.toString());
    pb.environment().put("ENGINE_CACHE_DIR", cache.toString());
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("PYTORCH_LIBRARY_PATH");
    Path log = tmp.resolve("probe.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe timed out");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
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
    System.out.println("offline probe (network namespace: " + isolated + "):\n" + output);
  }

  private static boolean canUnshareNetwork() {
    try {
      Process p = new ProcessBuilder("unshare", "--net", "--", "true").redirectErrorStream(true)
          .redirectOutput(new File("/dev/null")).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
