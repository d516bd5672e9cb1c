package io.effnetspark;

import java.io.IOException;
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
}
