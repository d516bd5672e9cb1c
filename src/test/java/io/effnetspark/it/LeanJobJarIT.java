package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default job jar is ONNX Runtime only (pom: PyTorch is opt-in with -Ppytorch), with the CLI and natives for
 * Linux x86-64 only; a TorchScript model on it is refused before any Spark work, naming what to use instead.
 */
class LeanJobJarIT {
  @TempDir
  Path tmp;

  private static Path jobJar() {
    return Scripts.target().resolve("effnet-spark-0.1.0-SNAPSHOT-job.jar");
  }

  @Test
  void jobJarHoldsNoPyTorchAndOnlyLinuxX8664Natives() throws Exception {
    List<String> natives = new ArrayList<>();
    List<String> pytorch = new ArrayList<>();
    boolean picocli = false;
    boolean onnxRuntime = false;
    try (JarFile jar = new JarFile(jobJar().toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String n = e.getName();
        if (n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib")) {
          natives.add(n);
        }
        if (n.startsWith("ai/djl/pytorch/") || n.startsWith("pytorch/")) {
          pytorch.add(n);
        }
        picocli |= n.equals("picocli/CommandLine.class");
        onnxRuntime |= n.equals("ai/onnxruntime/OrtSession.class");
      }
    }
    assertEquals(List.of(), pytorch.stream().limit(5).toList(), "PyTorch in the default job jar");
    assertTrue(picocli && onnxRuntime, "the CLI and ONNX Runtime are in it");
    assertTrue(natives.contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so"), natives.toString());
    assertEquals(List.of(), natives.stream().filter(n -> !n.contains("/linux-x64/") && !n.contains("/linux-x86-64/")
        && !n.contains("/linux/x86_64/")).toList(), "natives for other platforms");
  }

  @Test
  void torchScriptModelIsRefusedNamingThePyTorchJobJar() throws Exception {
    Scripts.Result r = Scripts.run(tmp.resolve("runs"), "submit.sh", List.of("--master", "local[1]", "--",
        "--input", Fixtures.images().toString(), "--model", TestPaths.TORCHSCRIPT_MODEL.toString(),
        "--output", tmp.resolve("out").toString()), Map.of(), Duration.ofMinutes(3));
    assertEquals(ExitCode.BAD_MODEL, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("PyTorch engine is not on the classpath") && r.stderr().contains("-Ppytorch")
        && r.stderr().contains("EFFNET_PYTORCH=1"), r.toString());
  }
}
