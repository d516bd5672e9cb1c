package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path tmpdir = Files.createDirectories(tmp.resolve("tmp"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<String> cmd = new ArrayList<>();
    boolean isolated = canUnshareNetwork();
    if (isolated) {
      cmd.addAll(List.of("unshare", "--net", "--"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Djava.io.tmpdir=" + tmpdir, "-Duser.home=" + home, "-cp", cp, ReducedDecodeProbe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    Path log = tmp.resolve("probe.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), "probe timed out");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    assertEquals(4, output.split("decoded scale=4 size=256x192", -1).length - 1, output);
    assertTrue(output.contains("opencv-problem=null"), output);
    assertTrue(output.contains("tmpdir-file libopencv_java490.so"), output);
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(0, files.count(), "nothing written to the home folder");
    }
    System.out.println("OpenCV probe (network namespace: " + isolated + "):\n" + output);
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
