package io.effnetspark.job;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobExpander;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * A glob over the local disk, matched one path component at a time with Hadoop's {@link GlobPattern}, for what
 * Hadoop's own {@code globStatus} cannot do: its Globber rebuilds every listed child as
 * {@code new Path(parent, name)}, which parses a name holding {@code :} ({@code 12:30.jpg}) as a URI with a scheme
 * and throws, so one such name anywhere in a folder the glob lists failed the whole run, matched or not.
 * Children are named through {@code java.net.URI} here, which takes any name.
 */
final class LocalGlob {
  private LocalGlob() {}

  /** The existing local paths {@code pattern} matches, sorted, each once; empty when none. */
  static FileStatus[] glob(FileSystem fs, Path pattern) throws IOException {
    java.util.Set<java.nio.file.Path> matches = new java.util.TreeSet<>();
    // Braces may span folders ({a,b/c}): expanded first, as Hadoop's Globber does.
    for (String path : GlobExpander.expand(fs.makeQualified(pattern).toUri().getPath())) {
      matches.addAll(matches(path));
    }
    return matches.stream()
        .map(p -> new FileStatus(0, Files.isDirectory(p), 0, 0, 0, new Path(p.toUri())))
        .toArray(FileStatus[]::new);
  }

  private static List<java.nio.file.Path> matches(String path) throws IOException {
    List<java.nio.file.Path> current = List.of(java.nio.file.Path.of("/"));
    for (String component : path.split("/")) {
      if (component.isEmpty()) {
        continue;
      }
      List<java.nio.file.Path> next = new ArrayList<>();
      boolean isGlob = component.matches(".*[*?\\[{\\\\].*");
      GlobPattern g = isGlob ? new GlobPattern(component) : null;
      for (java.nio.file.Path dir : current) {
        if (!isGlob) {
          java.nio.file.Path child = dir.resolve(component);
          if (Files.exists(child, LinkOption.NOFOLLOW_LINKS)) {
            next.add(child);
          }
        } else if (Files.isDirectory(dir)) {
          try (DirectoryStream<java.nio.file.Path> children = Files.newDirectoryStream(dir)) {
            for (java.nio.file.Path child : children) {
              if (g.matches(child.getFileName().toString())) {
                next.add(child);
              }
            }
          }
        }
      }
      current = next;
    }
    return current;
  }
}
