package io.effnetspark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Small input folders built from the committed Fashion-MNIST samples, for job-level tests. */
public final class TestImages {
  private TestImages() {}

  /**
   * Copies sample images of {@code cls} number {@code from} to {@code from + count - 1} (in name order) into
   * {@code dir/cls/}; returns the copies.
   */
  public static List<Path> copy(Path dir, String cls, int from, int count) throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.list(TestPaths.SAMPLES.resolve(cls))) {
      sources = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    if (from + count > sources.size()) {
      throw new IllegalArgumentException(cls + " has " + sources.size() + " samples, asked for " + (from + count));
    }
    Path target = Files.createDirectories(dir.resolve(cls));
    List<Path> copies = new ArrayList<>();
    for (Path src : sources.subList(from, from + count)) {
      copies.add(Files.copy(src, target.resolve(src.getFileName())));
    }
    return copies;
  }

  /** What the job printed and its exit code. */
  public record Run(int code, String out, String err) {}

  /** Runs the job in this JVM (on the test's SparkSession) and captures its stdout and stderr. */
  public static Run job(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = io.effnetspark.cli.EffnetJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
