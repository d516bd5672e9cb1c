package io.effnetspark.output;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.WriteMode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The job's side of crash safety, from the end of the driver's checks to the end of the run:
 *
 * <ol>
 *   <li>takes the output's {@link OutputLock} (a live run's lock: {@link Refused}, exit code 7);</li>
 *   <li>deletes what unfinished writers left in the output ({@link OutputFolder}): a dead run's uncommitted task
 *       files under {@code _temporary/} would otherwise be moved into the output by this run's job commit. Without
 *       a lock to prove their writer dead, leftovers newer than {@link LockOwner#STALE_AFTER} are refused instead
 *       (a writer that takes no lock may still be at work);</li>
 *   <li>with {@code --mode errorifexists}, checks again, under the lock, that the target holds nothing;</li>
 *   <li>at the end ({@link #close()}, also from a shutdown hook that runs after Spark's and before the file
 *       systems close, e.g. on SIGTERM): after a failure, deletes this run's leftovers and, if this run created
 *       the output folder and nothing else is in it, the folder — a failed start never blocks the corrected
 *       re-run — then releases the lock. Only {@code kill -9} (or a lost machine) leaves the lock behind.</li>
 * </ol>
 */
public final class OutputGuard implements AutoCloseable {
  /** Why the run may not write: another writer (exit 7) or, for errorifexists, existing output (exit 5). */
  public static final class Refused extends Exception {
    private final boolean locked;

    Refused(String message, boolean locked) {
      super(message);
      this.locked = locked;
    }

    /** True: another writer holds the output; false: the output exists and the mode is errorifexists. */
    public boolean locked() {
      return locked;
    }
  }

  /** After Spark's shutdown hook (FileSystem + 30: tasks stopped) and before the file systems close (10). */
  private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;

  private final FileSystem fs;
  private final Path output;
  private final OutputLock lock;
  private final boolean createdFolder;
  private final Runnable shutdownHook = this::close;
  private volatile boolean succeeded;
  private boolean closed;

  private OutputGuard(FileSystem fs, Path output, OutputLock lock, boolean createdFolder) {
    this.fs = fs;
    this.output = output;
    this.lock = lock;
    this.createdFolder = createdFolder;
    ShutdownHookManager.get().addShutdownHook(shutdownHook, SHUTDOWN_PRIORITY);
  }

  /**
   * Locks {@code config.output()} and clears what dead writers left there.
   *
   * @param notice where to say what was broken or deleted (one line each)
   * @throws Refused another run holds the output, or leftovers may belong to a live writer, or (errorifexists)
   *     the target exists
   * @throws IOException the file system failed
   */
  public static OutputGuard open(JobConfig config, Configuration conf, Consumer<String> notice)
      throws Refused, IOException {
    Path output = new Path(config.output());
    FileSystem fs = output.getFileSystem(conf);
    boolean created = !fs.exists(output);
    OutputLock lock;
    try {
      lock = OutputLock.acquire(output, conf, config.runId(), config.mode().optionName(), notice);
    } catch (OutputLock.Held e) {
      throw new Refused(e.getMessage(), true);
    } catch (IOException | RuntimeException e) {
      if (created) {
        removeIfEmpty(fs, output);
      }
      throw e;
    }
    OutputGuard guard = new OutputGuard(fs, output, lock, created);
    try {
      guard.clearLeftovers(notice);
      guard.checkStillAbsent(config);
    } catch (Refused e) {
      guard.succeeded(); // refused: touch nothing but this run's lock
      guard.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      guard.close();
      throw e;
    }
    return guard;
  }

  private void clearLeftovers(Consumer<String> notice) throws IOException, Refused {
    List<Path> leftovers = OutputFolder.leftovers(fs, output);
    if (leftovers.isEmpty()) {
      return;
    }
    OutputFolder.Contents contents = OutputFolder.contents(fs, leftovers);
    String names = leftovers.stream().map(Path::getName).collect(Collectors.joining(", "));
    if (lock.broken().isEmpty()) {
      Duration age = Duration.between(Instant.ofEpochMilli(contents.newestModified()), Instant.now());
      if (age.compareTo(LockOwner.STALE_AFTER) < 0) {
        throw new Refused(String.format(Locale.ROOT, "output %s holds %s (%d files, last written %d s ago) of a "
            + "writer that took no lock: it may still be writing (another tool, an older effnet-spark), and this "
            + "run's commit would take or delete its files. Wait until nothing has been written there for %d min "
            + "(then it is deleted), or delete it yourself if no job is writing to %s.", output, names,
            contents.files(), age.toSeconds(), LockOwner.STALE_AFTER.toMinutes(), output), true);
      }
    }
    OutputFolder.delete(fs, leftovers);
    notice.accept(String.format(Locale.ROOT, "Deleted %s (%d files) from %s: uncommitted output of %s, which this "
        + "run's commit would otherwise have taken for its own", names, contents.files(), output,
        lock.broken().map(o -> "the dead run " + o.runId() + " (" + lock.brokenReason() + ")")
            .orElse("a writer that took no lock and wrote nothing for " + LockOwner.STALE_AFTER.toMinutes()
                + " min")));
  }

  private void checkStillAbsent(JobConfig config) throws IOException, Refused {
    if (config.mode() != WriteMode.ERRORIFEXISTS) {
      return;
    }
    boolean partitioned = config.partitioned();
    Path target = partitioned ? new Path(output, config.partitionDir()) : output;
    if (fs.exists(target) && !OutputFolder.onlyLeftovers(fs, target)) {
      throw new Refused(partitioned ? "output partition already exists: " + target + " (written by another run "
          + "since this one started; use --mode overwrite to replace that date)" : "output already exists: " + output
          + " (written by another run since this one started; use --mode overwrite or append)", false);
    }
  }

  /**
   * Before a write of a whole folder with {@code --mode overwrite} (no {@code --run-date}): deletes everything
   * but the lock, as Spark's overwrite would delete the folder — the write then appends to the emptied folder.
   */
  public static void clearForOverwrite(String output, Configuration conf) throws IOException {
    Path out = new Path(output);
    OutputFolder.clearAllButLock(out.getFileSystem(conf), out);
  }

  /** The lock (heartbeat, loss, what was broken). */
  public OutputLock lock() {
    return lock;
  }

  /** The run finished (whatever its exit code, its output and {@code _run.json} are written): keep them. */
  public void succeeded() {
    succeeded = true;
  }

  /**
   * Releases the lock. After a failure, first deletes this run's leftovers (Spark's abort normally has) and the
   * output folder if this run created it and nothing else is in it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ShutdownHookManager.get().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // shutting down: this is the hook
    }
    try {
      if (!succeeded) {
        OutputFolder.delete(fs, OutputFolder.leftovers(fs, output));
      }
    } catch (IOException | RuntimeException e) {
      // the next run deletes them
    }
    lock.close();
    if (!succeeded && createdFolder) {
      removeIfEmpty(fs, output);
    }
  }

  private static void removeIfEmpty(FileSystem fs, Path output) {
    try {
      if (fs.exists(output) && fs.listStatus(output).length == 0) {
        fs.delete(output, false);
      }
    } catch (IOException | RuntimeException e) {
      // an empty folder is harmless: errorifexists treats it as absent
    }
  }
}
