package io.effnetspark.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's native libraries, loaded once per JVM, without the folder ONNX Runtime leaves behind.
 *
 * <p>ONNX Runtime (1.21) extracts its libraries from the jar into {@code java.io.tmpdir/onnxruntime-java*} and marks
 * the folder for deletion at JVM exit before the files in it; the JVM deletes in reverse order, finds the folder
 * non-empty and leaves it, one per JVM that ran a model. On Linux a loaded library's file can be unlinked at once, so
 * the folder is removed right after loading (which also covers a JVM that is killed).
 */
public final class OrtNatives {
  private static final Logger LOG = LoggerFactory.getLogger(OrtNatives.class);
  private static boolean tidied;

  private OrtNatives() {}

  /** The execution providers of the ONNX Runtime build on the classpath (CUDA only in the GPU build). */
  public static Set<OrtProvider> providers() {
    Set<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
    removeExtractionFolder();
    return providers;
  }

  /** Call after the first use of ONNX Runtime in this JVM; later calls do nothing. */
  public static synchronized void removeExtractionFolder() {
    if (tidied) {
      return;
    }
    tidied = true;
    Path dir;
    try {
      Field f = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
      f.setAccessible(true);
      dir = (Path) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("ONNX Runtime's extraction folder not found (another ONNX Runtime version?)", e);
      return;
    }
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("cannot remove ONNX Runtime's extraction folder {}", dir, e);
    }
  }
}
