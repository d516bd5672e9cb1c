package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.ProbeJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenCV's native loads offline on an executor as it would on a fresh machine: a new JVM with an empty
 * {@code java.io.tmpdir} and home folder, inside a network namespace with no interfaces when {@code unshare} allows
 * it, decodes at reduced scale from four threads at once; the native comes out of the classpath jar into the
 * fresh temp folder, and the home folder stays empty.
 */
class ReducedDecodeOfflineTest {
  @TempDir
  Path tmp;

  @Test
  void opencvLoadsOnceFromTheJarIntoAFreshTempDirWithoutNetwork() throws Exception {
    Path tmpdir = Files.createDirectories(tmp.resolve("tmp"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    ProbeJvm jvm = new ProbeJvm(ReducedDecodeProbe.class, home, "-Xmx256m", "-Djava.io.tmpdir=" + tmpdir);
    String output = jvm.run(tmp.resolve("probe.log"), Duration.ofMinutes(3));
    assertEquals(4, output.split("decoded scale=4 size=256x192", -1).length - 1, output);
    assertTrue(output.contains("opencv-problem=null"), output);
    assertTrue(output.contains("tmpdir-file libopencv_java490.so"), output);
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(0, files.count(), "nothing written to the home folder");
    }
    System.out.println("OpenCV probe (network namespace: " + jvm.isolated + "):\n" + output);
  }
}
