package io.effnetspark.cli;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.job.ExitCode;
import io.effnetspark.job.InputFiles;
import io.effnetspark.job.InputList;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's checks of {@code --input-list}, before Spark starts: the list can be read (exit 3 when it is missing
 * or names nothing, exit 2 when a Parquet or CSV list has no {@code path} column), and no listed path overlaps
 * the output, by the same rule as a folder given to {@code --input} ({@link OutputOverlap}); nor may an overwrite
 * delete the list itself.
 */
final class InputListCheck {
  private InputListCheck() {}

  /**
   * @param deleted the folder an overwrite replaces, or null
   */
  /** Whether an entry would get a row by its name, or is a folder (whose files might). */
  private static boolean namesAnImage(Path list, List<String> entries, Configuration conf) throws IOException {
    for (String entry : entries) {
      if (InputFiles.classify(entry.substring(entry.lastIndexOf('/') + 1), false) == null) {
        return true;
      }
    }
    for (String entry : entries) {
      Path p = InputList.resolve(list, entry, conf);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
        return true;
      }
    }
    return false;
  }

  static void check(JobConfig config, Path deleted, Configuration conf, List<Preflight.Problem> problems,
      List<Preflight.Problem> cannotCompare) {
    String listFile = config.inputList();
    List<String> entries;
    try {
      entries = InputList.read(listFile, conf);
    } catch (FileNotFoundException e) {
      problems.add(new Preflight.Problem(ExitCode.INPUT_MISSING, e.getMessage()));
      return;
    } catch (IllegalArgumentException e) {
      problems.add(new Preflight.Problem(ExitCode.BAD_CONFIG, e.getMessage()));
      return;
    } catch (IOException | RuntimeException e) {
      problems.add(new Preflight.Problem(ExitCode.INPUT_MISSING, "cannot read --input-list " + listFile + ": " + e));
      return;
    }
    if (entries.isEmpty()) {
      problems.add(new Preflight.Problem(ExitCode.INPUT_MISSING, "--input-list " + listFile + " names no files "
          + "(blank lines, # comments and empty values are ignored)"));
      return;
    }
    boolean includeAll = config.get(Settings.INCLUDE_ALL_FILES);
    try {
      Path list = new Path(listFile);
      if (!includeAll && !namesAnImage(list, entries, conf)) {
        problems.add(new Preflight.Problem(ExitCode.INPUT_MISSING, "--input-list " + listFile + " names no image "
            + "files: each entry is hidden or has no image extension, and none is a folder (names matching "
            + InputFiles.IMAGE_NAME_REGEX + "; --include-all-files takes every listed file)"));
        return;
      }
      if (deleted != null) {
        FileSystem fs = deleted.getFileSystem(conf);
        String del = OutputOverlap.canonical(fs, deleted);
        String l = OutputOverlap.canonical(list.getFileSystem(conf), list);
        if (l.equals(del) || l.startsWith(del.endsWith("/") ? del : del + "/")) {
          problems.add(new Preflight.Problem(ExitCode.BAD_CONFIG, "--output " + config.output() + " holds "
              + "--input-list " + listFile + ": --mode overwrite would delete the list; keep it outside the output"));
        }
      }
      Set<String> distinct = new LinkedHashSet<>();
      for (String entry : entries) {
        distinct.add(InputList.resolve(list, entry, conf).toString());
      }
      for (String path : distinct) {
        List<String> overlap = OutputOverlap.check(path, config.output(), deleted, null, includeAll, conf);
        if (!overlap.isEmpty()) {
          problems.add(new Preflight.Problem(ExitCode.BAD_CONFIG, overlap.get(0).replace("--input " + path,
              "--input-list " + listFile + " entry " + path)));
          return;
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      cannotCompare.add(new Preflight.Problem(ExitCode.BAD_CONFIG, "cannot compare --output " + config.output()
          + " with the paths of --input-list " + listFile + ": " + e.getMessage()));
    }
  }
}
