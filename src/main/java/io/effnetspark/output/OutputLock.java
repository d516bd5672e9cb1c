package io.effnetspark.output;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output folder: {@code <output>/_effnet.lock}, created if absent, names its owner
 * ({@link LockOwner}), is refreshed every {@link LockOwner#HEARTBEAT} and deleted when the run ends
 * ({@link #close()}; {@link OutputGuard} also calls it from a shutdown hook). A lock left by a dead run is broken by the next run once {@link LockOwner#staleReason} says
 * so: the stale file is renamed aside, checked to be the one judged stale (not a lock another run has just taken
 * in its place) and deleted.
 *
 * <p>What create-if-absent guarantees depends on the file system ({@link #guarantee()}): atomic on local disks
 * ({@code O_EXCL}) and HDFS (the NameNode); on S3 only with conditional writes (Hadoop 3.4+ S3A sends
 * {@code If-None-Match: *}; the store must honour it), else a check followed by a write, read back after a pause.
 */
public final class OutputLock implements AutoCloseable {
  public static final String FILE_NAME = "_effnet.lock";
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  /** Non-atomic stores: how long to wait before reading the lock back. */
  private static final long READ_BACK_MILLIS = 1500;

  /** Another run holds the lock. */
  public static final class Held extends Exception {
    private final transient Optional<LockOwner> owner;

    Held(String message, Optional<LockOwner> owner) {
      super(message);
      this.owner = owner;
    }

    /** The holder, when its lock could be read. */
    public Optional<LockOwner> owner() {
      return owner;
    }
  }

  private final LockStore store;
  private final Path path;
  private volatile LockOwner owner;
  private final Optional<LockOwner> broken;
  private final String brokenReason;
  private final ScheduledExecutorService heartbeat;
  private volatile Runnable onLost = () -> { };
  private volatile boolean lost;
  private volatile boolean released;

  private OutputLock(LockStore store, Path path, LockOwner owner, Optional<LockOwner> broken, String brokenReason) {
    this.store = store;
    this.path = path;
    this.owner = owner;
    this.broken = broken;
    this.brokenReason = brokenReason;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "effnet-output-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Takes the lock of {@code output} for run {@code runId}, breaking a stale one.
   *
   * @param notice where to say that a stale lock was broken
   * @throws Held when a live run holds it (or, on a non-atomic store, took it at the same moment)
   * @throws IOException when the file system fails
   */
  public static OutputLock acquire(Path output, Configuration conf, String runId, String mode,
      Consumer<String> notice) throws Held, IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path lockPath = new Path(output, FILE_NAME);
    LockStore store = LockStore.of(fs, lockPath);
    LockOwner self = LockOwner.current(runId, mode);
    Optional<LockOwner> broken = Optional.empty();
    String brokenReason = null;
    if (!fs.mkdirs(output)) {
      throw new IOException("cannot create the folder " + output);
    }
    for (int attempt = 0; ; attempt++) {
      if (store.createNew(self.toJson())) {
        if (!store.atomic()) {
          readBack(store, self, lockPath);
        }
        OutputLock lock = new OutputLock(store, lockPath, self, broken, brokenReason);
        lock.start();
        LOG.info("Locked {} for run {}; create-if-absent is {}", lockPath, runId, store.guarantee());
        return lock;
      }
      byte[] content = store.read();
      Instant modified = store.modified();
      if (content == null || modified == null) {
        if (attempt >= 10) {
          throw new IOException("the lock " + lockPath + " keeps appearing and vanishing; is another run starting?");
        }
        continue; // released meanwhile: try again
      }
      Optional<LockOwner> holder = LockOwner.parse(content);
      Instant now = Instant.now();
      String stale = LockOwner.staleReason(holder, modified, self, now);
      if (stale == null || attempt >= 3) {
        throw new Held("output " + output + " is locked by " + holder.map(h -> h.describe(now))
            .orElse("a run whose lock cannot be read (written " + modified + ")") + ": only one run may write to an "
            + "output at a time. The lock " + lockPath + " is broken by the next run once its run is dead (on the "
            + "same machine: its process is gone; elsewhere: no heartbeat for " + LockOwner.STALE_AFTER.toMinutes()
            + " min). Create-if-absent is " + store.guarantee() + ".", holder);
      }
      if (breakStale(store, content, self)) {
        broken = holder.or(() -> Optional.of(new LockOwner("unknown", "", "", "", -1, null, modified, modified, "")));
        brokenReason = stale;
        notice.accept("Broke the stale lock " + lockPath + " of " + holder.map(h -> h.describe(now))
            .orElse("an unreadable lock") + ": " + stale);
      }
    }
  }

  /** Renames the lock aside and deletes it if it is still the one judged stale; puts back one taken meanwhile. */
  private static boolean breakStale(LockStore store, byte[] judged, LockOwner self) throws IOException, Held {
    String aside = FILE_NAME + ".broken-" + self.lockId();
    if (!store.moveTo(aside)) {
      return false; // gone already
    }
    byte[] moved = store.takeSibling(aside);
    if (moved == null || Arrays.equals(moved, judged)) {
      return true;
    }
    // Another run broke the same stale lock and took its own between our read and our rename: give it back.
    String back = FILE_NAME + ".restore-" + self.lockId();
    restore(store, moved, back);
    Optional<LockOwner> other = LockOwner.parse(moved);
    throw new Held("the output's lock was taken by " + other.map(o -> o.describe(Instant.now())).orElse("another run")
        + " while this run was breaking a stale lock", other);
  }

  private static void restore(LockStore store, byte[] content, String sibling) throws IOException {
    store.writeSibling(sibling, content);
    if (!store.restoreFrom(sibling)) {
      store.takeSibling(sibling); // a third run's lock is there now: leave it
    }
  }

  private static void readBack(LockStore store, LockOwner self, Path lockPath) throws IOException, Held {
    try {
      Thread.sleep(READ_BACK_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Optional<LockOwner> now = Optional.ofNullable(store.read()).flatMap(LockOwner::parse);
    if (now.isEmpty() || !self.sameLock(now.get())) {
      throw new Held("another run wrote " + lockPath + " at the same time ("
          + now.map(o -> o.describe(Instant.now())).orElse("unreadable") + "); create-if-absent is "
          + store.guarantee(), now);
    }
  }

  private void start() {
    heartbeat.scheduleWithFixedDelay(this::beat, LockOwner.HEARTBEAT.toMillis(), LockOwner.HEARTBEAT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Rewrites the lock with a new heartbeat, unless it is no longer this run's (then {@link #onLost} runs). */
  void beat() {
    if (released || lost) {
      return;
    }
    try {
      Optional<LockOwner> current = Optional.ofNullable(store.read()).flatMap(LockOwner::parse);
      if (current.isEmpty() || !owner.sameLock(current.get())) {
        lost = true;
        String by = current.map(o -> o.describe(Instant.now())).orElse("nobody (the file is gone or unreadable)");
        LOG.error("The lock {} of run {} is now held by {}: another run may write to the output too", path,
            owner.runId(), by);
        onLost.run();
        return;
      }
      owner = owner.beat(Instant.now());
      store.replace(owner.toJson());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not refresh the lock {}: {}", path, e.toString());
    }
  }

  /** Called once, from the heartbeat thread, if the lock stops being this run's (e.g. deleted by hand). */
  public void onLost(Runnable action) {
    this.onLost = action;
  }

  /** Whether the lock stopped being this run's during the run. */
  public boolean lost() {
    return lost;
  }

  /** The stale lock this run broke, if any, and why it was stale. */
  public Optional<LockOwner> broken() {
    return broken;
  }

  public String brokenReason() {
    return brokenReason;
  }

  public LockOwner owner() {
    return owner;
  }

  public String guarantee() {
    return store.guarantee();
  }

  public Path path() {
    return path;
  }

  /** Deletes the lock if it is still this run's; idempotent. */
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    heartbeat.shutdownNow();
    try {
      Optional<LockOwner> current = Optional.ofNullable(store.read()).flatMap(LockOwner::parse);
      if (current.isPresent() && owner.sameLock(current.get())) {
        store.delete();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not release the lock {}: {} (the next run breaks it: {})", path, e.toString(),
          "its process is gone");
    }
  }

  @Override
  public void close() {
    release();
  }
}
