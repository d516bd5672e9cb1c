package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX run of the packaged job jar, as on a fresh machine: {@code jobs/submit.sh} in local mode with an empty
 * {@code user.home} and {@code java.io.tmpdir} (and HOME, TMPDIR) for every JVM it starts, and no DJL cache
 * setting. The run writes nothing under the home folder (no {@code ~/.djl.ai}, no {@code ~/.cache/JNA}) and leaves
 * nothing in the temp folder when it ends but the JVMs' perf data ({@code hsperfdata_USER}).
 */
class FreshHomeIT {
  @TempDir
  Path tmp;

  @Test
  void onnxRunWritesNothingUnderHomeAndLeavesTheTempFolderEmpty() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Path out = tmp.resolve("predictions");
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_TOOL_OPTIONS", Scripts.QUICK_START_JVM + " -Duser.home=" + home + " -Djava.io.tmpdir=" + javaTmp);
    env.put("HOME", home.toString());
    env.put("TMPDIR", javaTmp.toString());
    // The defaults a user has: the build's own DJL cache settings (pom) removed.
    for (String var : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "PYTORCH_LIBRARY_PATH", "XDG_CACHE_HOME")) {
      env.put(var, null);
    }
    Scripts.Result r = Scripts.run(tmp.resolve("runs"), "submit.sh", List.of("--master", "local[2]", "--",
        "--input", Fixtures.images().toString(), "--output", out.toString()), env, Duration.ofMinutes(5));
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.stdout().contains(Fixtures.imageCount() + " predicted, 0 errors"), r.toString());

    assertEquals(List.of(), files(home, home), "written under the home folder");
    try (Stream<Path> top = Files.list(javaTmp)) {
      List<String> left = top.filter(p -> !p.getFileName().toString().startsWith("hsperfdata_"))
          .flatMap(p -> files(javaTmp, p).stream()).toList();
      assertEquals(List.of(), left, "left behind in java.io.tmpdir");
    }
  }

  /** Every file and folder under {@code dir}, relative to {@code base}, the folder itself aside. */
  private static List<String> files(Path base, Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.equals(base)).map(p -> base.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
