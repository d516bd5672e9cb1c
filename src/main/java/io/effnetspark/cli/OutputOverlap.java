package io.effnetspark.cli;

import io.effnetspark.job.InputWalk;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * Refuses, before any Spark work, a run whose output could delete or be re-read as its own input, or could delete
 * its model.
 *
 * <p>The rule (README, "What happens when things go wrong"): the output must not <b>equal</b> a folder or file being
 * read, must not <b>contain</b> one, and must not sit <b>inside</b> a folder being read, whatever the write mode
 * ({@code overwrite} deletes the output first; {@code append} and {@code errorifexists} would put the job's files
 * among the images a later run lists). The one exception: an output inside the input below a hidden folder (a
 * name starting with {@code .}, e.g. {@code photos/.predictions}), which the listing skips, so nothing of it is
 * re-read and deleting it deletes no input; with {@code --include-all-files} nothing is hidden and the exception
 * does not apply. A glob input reads what it matches: the output must not match the glob either. With
 * {@code --mode overwrite} the output (or, with {@code --run-date}, that date's partition) must not hold the model.
 *
 * <p>Paths are compared after {@code ..} and {@code .} are resolved and, on the local file system, after symbolic
 * links are resolved: both for the paths as given and for every folder the listing reaches through a link (the
 * folders below a local input are walked once, following links, loops stopped). Other file systems (HDFS, S3)
 * are compared by their qualified URIs; HDFS symlinks are off by default and S3 has none.
 */
final class OutputOverlap {
  private OutputOverlap() {}

  /**
   * @param deleted the folder an overwrite replaces (the output, or its {@code run_date} partition); null when the
   *     mode deletes nothing
   * @return problems found (exit 2), each naming both paths; empty when the run is safe
   */
  static List<String> check(String input, String output, Path deleted, String model, boolean includeAll,
      Configuration conf) throws IOException {
    List<String> problems = new ArrayList<>();
    Path outPath = new Path(output);
    FileSystem outFs = outPath.getFileSystem(conf);
    String out = canonical(outFs, outPath);

    Path inPattern = new Path(input);
    FileSystem inFs = inPattern.getFileSystem(conf);
    boolean sameFs = sameFileSystem(inFs, outFs);
    if (sameFs) {
      FileStatus[] roots = literalOrGlob(inFs, inPattern);
      for (String read : foldersRead(inFs, roots, includeAll)) {
        String problem = overlap(read, out, includeAll);
        if (problem != null) {
          problems.add("--output " + output + " " + problem + " --input " + input
              + (read.equals(canonical(inFs, inPattern)) ? "" : " (reads " + read + ")")
              + ": the run could delete or re-read its own input; choose an output outside the input"
              + (includeAll ? "" : ", or a hidden folder inside it (e.g. " + hiddenExample(input) + ")"));
          break;
        }
      }
      if (problems.isEmpty() && isGlob(inPattern) && !exists(inFs, inPattern) && matchesGlob(inFs, inPattern, out)) {
        problems.add("--output " + output + " matches the --input pattern " + input
            + ": a later run would read the job's own files as input; choose an output the pattern does not match");
      }
    }
    String modelProblem = model == null ? null : modelProblem(output, deleted, model, conf);
    if (modelProblem != null) {
      problems.add(modelProblem);
    }
    return problems;
  }

  /** Null when an overwrite of {@code deleted} (null: none) keeps {@code model}, else the problem (exit 2). */
  static String modelProblem(String output, Path deleted, String model, Configuration conf) throws IOException {
    if (deleted == null) {
      return null;
    }
    FileSystem outFs = new Path(output).getFileSystem(conf);
    Path modelPath = new Path(model);
    FileSystem modelFs = modelPath.getFileSystem(conf);
    if (sameFileSystem(modelFs, outFs)) {
      String del = canonical(outFs, deleted);
      String m = canonical(modelFs, modelPath);
      if (m.equals(del) || m.startsWith(withSlash(del))) {
        return "--output " + output + " holds --model " + model + ": --mode overwrite would delete the "
            + "model; keep the model outside the output folder";
      }
    }
    return null;
  }

  /** Null when {@code out} may be written beside {@code read}, else how they overlap. */
  private static String overlap(String read, String out, boolean includeAll) {
    if (out.equals(read)) {
      return "is the same path as";
    }
    if (read.startsWith(withSlash(out))) {
      return "contains";
    }
    if (out.startsWith(withSlash(read))) {
      String below = out.substring(withSlash(read).length());
      if (!includeAll) {
        for (String part : below.split("/")) {
          if (part.startsWith(".")) {
            return null;
          }
        }
      }
      return "is inside";
    }
    return null;
  }

  /**
   * The input's roots and, on the local file system, every real folder the listing reaches below them (links
   * followed, each real folder once); hidden folders are not walked unless {@code includeAll}.
   */
  private static Set<String> foldersRead(FileSystem fs, FileStatus[] roots, boolean includeAll) throws IOException {
    Set<String> read = new LinkedHashSet<>();
    if (roots == null) {
      return read;
    }
    for (FileStatus root : roots) {
      read.add(canonical(fs, root.getPath()));
      if ("file".equals(fs.getScheme()) && root.isDirectory()) {
        walkLocal(java.nio.file.Path.of(root.getPath().toUri()), includeAll, read);
      }
    }
    return read;
  }

  private static void walkLocal(java.nio.file.Path root, boolean includeAll, Set<String> read) throws IOException {
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attrs) {
            if (!includeAll && !dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            try {
              read.add(dir.toRealPath().toString());
            } catch (IOException e) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
            // A link loop or an unreadable entry: the listing reports those; here only folders matter.
            return e instanceof FileSystemLoopException ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * The path without {@code .}, {@code ..} or a trailing slash; on the local file system with symbolic links
   * resolved (the longest existing prefix through {@code toRealPath}, the rest appended). Local paths are
   * returned as plain paths, others as qualified URIs.
   */
  static String canonical(FileSystem fs, Path path) {
    Path q = fs.makeQualified(path);
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path p = java.nio.file.Path.of(q.toUri()).normalize();
      java.nio.file.Path existing = p;
      List<String> rest = new ArrayList<>();
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        rest.add(0, existing.getFileName().toString());
        existing = existing.getParent();
      }
      java.nio.file.Path resolved = p;
      if (existing != null) {
        try {
          resolved = existing.toRealPath();
          for (String r : rest) {
            resolved = resolved.resolve(r);
          }
        } catch (IOException e) {
          resolved = p; // a dangling link: compare the path as written
        }
      }
      String s = resolved.normalize().toString();
      return s.length() > 1 ? s.replaceAll("/+$", "") : s;
    }
    String s = new Path(q.toUri().normalize()).toString();
    return s.replaceAll("/+$", "");
  }

  private static FileStatus[] literalOrGlob(FileSystem fs, Path pattern) throws IOException {
    if (exists(fs, pattern)) {
      return new FileStatus[] {fs.getFileStatus(pattern)};
    }
    return InputWalk.roots(fs, pattern); // Hadoop's globStatus fails on a local name holding ':'
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isGlob(Path p) {
    return p.toString().matches(".*[*?\\[{].*");
  }

  /** The output, or any folder above it, matches the input glob (Hadoop's glob syntax). */
  private static boolean matchesGlob(FileSystem fs, Path pattern, String out) {
    String glob = fs.makeQualified(pattern).toUri().getPath();
    GlobPattern g;
    try {
      g = new GlobPattern(glob);
    } catch (RuntimeException e) {
      return false;
    }
    String p = "file".equals(fs.getScheme()) ? out : new Path(out).toUri().getPath();
    for (String candidate = p; candidate != null && !candidate.isEmpty() && !candidate.equals("/");
        candidate = candidate.contains("/") ? candidate.substring(0, candidate.lastIndexOf('/')) : null) {
      if (g.matches(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameFileSystem(FileSystem a, FileSystem b) {
    return a.getUri().equals(b.getUri());
  }

  private static String withSlash(String p) {
    return p.endsWith("/") ? p : p + "/";
  }

  private static String hiddenExample(String input) {
    return (input.endsWith("/") ? input : input + "/") + ".predictions";
  }
}
