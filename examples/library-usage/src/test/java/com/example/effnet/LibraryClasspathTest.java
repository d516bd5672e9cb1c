package com.example.effnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What depending on effnet-spark puts on an application's runtime classpath (Maven's resolution of this project's
 * runtime scope, Spark being provided): the library and its engine's Linux x86-64 natives, no PyTorch, no CLI
 * libraries, no natives for other platforms.
 */
class LibraryClasspathTest {
  private static List<Path> runtimeJars() throws IOException {
    String file = System.getProperty("runtime.classpath.file");
    return Arrays.stream(Files.readString(Path.of(file)).trim().split(java.io.File.pathSeparator))
        .filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  @Test
  void runtimeClasspathHoldsTheLibraryWithoutPyTorchOrCliLibraries() throws IOException {
    List<String> names = runtimeJars().stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(names.stream().anyMatch(n -> n.matches("effnet-spark_2\\.1[23]-.*\\.jar")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("onnxruntime-engine-")), names.toString());
    for (String unwanted : List.of("pytorch", "picocli", "onnxruntime-1", "onnxruntime_gpu", "jna-", "spark-core")) {
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith(unwanted) || n.contains("-" + unwanted))
          .toList(), unwanted + " on the runtime classpath");
    }
  }

  @Test
  void everyNativeLibraryOnTheRuntimeClasspathIsForLinuxX8664() throws IOException {
    List<String> natives = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    for (Path jar : runtimeJars()) {
      try (JarFile j = new JarFile(jar.toFile())) {
        for (JarEntry e : java.util.Collections.list(j.entries())) {
          String n = e.getName();
          if (n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib")) {
            natives.add(jar.getFileName() + "!" + n);
            // ONNX Runtime names the platform linux-x64, JNA linux-x86-64, OpenCV (org.openpnp) linux/x86_64.
            if (!n.endsWith(".so") || !(n.contains("linux-x64") || n.contains("linux-x86_64")
                || n.contains("linux-x86-64") || n.contains("linux/x86_64/"))) {
              foreign.add(jar.getFileName() + "!" + n);
            }
          }
        }
      }
    }
    assertEquals(List.of(), foreign, "natives for other platforms");
    assertTrue(natives.stream().anyMatch(n -> n.endsWith("linux-x64/libonnxruntime.so")), natives.toString());
  }
}
