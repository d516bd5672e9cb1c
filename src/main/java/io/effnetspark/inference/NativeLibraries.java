package io.effnetspark.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where this JVM loaded the engines' native libraries from, read from {@code /proc/self/maps} (Linux): ONNX Runtime
 * and DJL's JNI glue are extracted from the job jar into {@code java.io.tmpdir} (a YARN container's own folder), and
 * DJL's PyTorch into {@code DJL_CACHE_DIR}; a home folder here means a container wrote to a home. Logged once per
 * executor JVM beside the model load, for anyone reading container logs.
 */
final class NativeLibraries {
  private static final Pattern ENGINE_LIB = Pattern.compile("onnxruntime|torch|djl|jnidispatch");

  private NativeLibraries() {}

  /** The engines' shared libraries mapped into this JVM, sorted; empty where /proc is absent. */
  static List<String> loaded() {
    Path maps = Path.of("/proc/self/maps");
    TreeSet<String> libs = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(maps)) {
        int slash = line.indexOf('/');
        if (slash < 0) {
          continue;
        }
        String file = line.substring(slash).strip();
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (name.contains(".so") && ENGINE_LIB.matcher(name).find()) {
          libs.add(file);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return List.copyOf(libs);
  }
}
