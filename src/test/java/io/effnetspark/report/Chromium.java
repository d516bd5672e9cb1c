package io.effnetspark.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package) as a test tool: the DOM after the page loaded, and a
 * screenshot. Started with the flags that work on a machine without network (no background requests, no sandbox
 * for root) and a fresh profile each time.
 */
final class Chromium {
  /** Set by .ci/run, which installs chromium: a missing browser then fails the test instead of skipping it. */
  static final String REQUIRE_ENV = "EFFNET_REQUIRE_CHROMIUM";

  private final Path binary;
  private final Path work;

  private Chromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** {@code $EFFNET_CHROMIUM}, else chromium, chromium-browser or google-chrome on the PATH. */
  static Optional<Chromium> find(Path work) {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("EFFNET_CHROMIUM");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        candidates.add(Path.of(dir, name));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(b -> new Chromium(b, work));
  }

  String dumpDom(Path html) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", html.toUri().toString()));
  }

  void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
    Files.createDirectories(png.getParent());
    run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(), html.toUri().toString()));
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    cmd.addAll(args);
    Path stdout = Files.createTempFile(work, "chromium", ".out");
    Path stderr = Files.createTempFile(work, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("chromium did not finish in 5 minutes: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium exited with " + p.exitValue() + ": " + Files.readString(stderr));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
