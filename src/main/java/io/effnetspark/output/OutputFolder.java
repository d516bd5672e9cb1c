package io.effnetspark.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What a writer that did not finish leaves in an output folder, and nothing else counts as such:
 *
 * <ul>
 *   <li>{@code _temporary/} — Hadoop's {@code FileOutputCommitter} (Spark's default commit for Parquet): task
 *       attempts write under {@code _temporary/0/_temporary/attempt_*}, a committed task's files wait in
 *       {@code _temporary/0/task_*} until the job commit moves <em>every</em> {@code task_*} folder there into the
 *       output — including those of a run that died — and then deletes {@code _temporary/}.</li>
 *   <li>{@code .spark-staging-<job id>/} — Spark's staging folder for dynamic partition overwrite
 *       ({@code --run-date} with {@code --mode overwrite}); one per job, so never promoted by another job.</li>
 *   <li>{@code __magic*} — the S3A magic committer's pending-upload records ({@code __magic_job-<id>} since Hadoop
 *       3.4, {@code __magic} before).</li>
 *   <li>{@code _effnet.lock} and the lock's side files.</li>
 * </ul>
 */
public final class OutputFolder {
  private OutputFolder() {}

  /** Whether {@code name}, directly under an output folder, is an unfinished writer's or the lock's. */
  public static boolean isLeftover(String name) {
    return name.equals("_temporary") || name.startsWith(".spark-staging-") || name.startsWith("__magic")
        || isLockFile(name);
  }

  static boolean isLockFile(String name) {
    return name.equals(OutputLock.FILE_NAME) || name.startsWith(OutputLock.FILE_NAME + ".");
  }

  /** The leftovers of unfinished writers directly under {@code output} (not the lock); empty when it is absent. */
  public static List<Path> leftovers(FileSystem fs, Path output) throws IOException {
    List<Path> found = new ArrayList<>();
    for (FileStatus s : list(fs, output)) {
      String name = s.getPath().getName();
      if (isLeftover(name) && !isLockFile(name)) {
        found.add(s.getPath());
      }
    }
    return found;
  }

  /**
   * Whether {@code dir} holds nothing but leftovers and the lock (or nothing): what a run that was killed before
   * committing, or that failed to start, leaves. {@code --mode errorifexists} treats such a folder as absent.
   */
  public static boolean onlyLeftovers(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : list(fs, dir)) {
      if (!isLeftover(s.getPath().getName())) {
        return false;
      }
    }
    return true;
  }

  /** Files under {@code paths} (recursively) and the newest modification time among them and the folders. */
  public record Contents(long files, long newestModified) {}

  public static Contents contents(FileSystem fs, List<Path> paths) throws IOException {
    long files = 0;
    long newest = 0;
    for (Path p : paths) {
      try {
        newest = Math.max(newest, fs.getFileStatus(p).getModificationTime());
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          files++;
          newest = Math.max(newest, f.getModificationTime());
        }
      } catch (FileNotFoundException e) {
        // deleted meanwhile
      }
    }
    return new Contents(files, newest);
  }

  /** Deletes {@code paths} recursively. */
  public static void delete(FileSystem fs, List<Path> paths) throws IOException {
    for (Path p : paths) {
      fs.delete(p, true);
    }
  }

  /**
   * Deletes everything under {@code output} but the lock: what Spark's {@code overwrite} does to a folder before
   * writing it, done here so that the lock stays.
   *
   * @return the number of entries deleted
   */
  public static int clearAllButLock(FileSystem fs, Path output) throws IOException {
    int n = 0;
    for (FileStatus s : list(fs, output)) {
      if (!isLockFile(s.getPath().getName())) {
        if (!fs.delete(s.getPath(), true) && fs.exists(s.getPath())) {
          throw new IOException("could not delete " + s.getPath() + " to overwrite " + output);
        }
        n++;
      }
    }
    return n;
  }

  private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
    try {
      return fs.exists(dir) && fs.getFileStatus(dir).isDirectory() ? fs.listStatus(dir) : new FileStatus[0];
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }
}
