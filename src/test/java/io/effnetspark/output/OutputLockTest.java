package io.effnetspark.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output lock on a local disk: one holder, stale locks broken by the documented rule, never a live one. */
class OutputLockTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();
  private final List<String> notices = new ArrayList<>();

  private OutputLock acquire(Path out, String runId) throws Exception {
    return OutputLock.acquire(new org.apache.hadoop.fs.Path(out.toUri()), conf, runId, "append", notices::add);
  }

  private static LockOwner read(Path out) throws Exception {
    return LockOwner.parse(Files.readAllBytes(out.resolve(OutputLock.FILE_NAME))).orElseThrow();
  }

  /** A lock as another process would have written it. */
  private static void writeLock(Path out, LockOwner owner, Instant modified) throws Exception {
    Files.createDirectories(out);
    Path lock = out.resolve(OutputLock.FILE_NAME);
    Files.write(lock, owner.toJson());
    Files.setLastModifiedTime(lock, FileTime.from(modified));
  }

  private static LockOwner other(LockOwner me, String runId, String host, String machine, long pid, Instant start,
      Instant heartbeat) {
    return new LockOwner(runId, "lock-of-" + runId, host, machine, pid, start, heartbeat.minusSeconds(60), heartbeat,
        "append");
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    long pid = p.pid();
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    return pid;
  }

  @Test
  void theLockNamesThisRunAndProcessAndIsDeletedOnRelease() throws Exception {
    Path out = tmp.resolve("out");
    try (OutputLock lock = acquire(out, "night-1")) {
      LockOwner owner = read(out);
      assertEquals("night-1", owner.runId());
      assertEquals(ProcessHandle.current().pid(), owner.pid());
      assertEquals(LockOwner.hostName(), owner.host());
      assertEquals(ProcessHandle.current().info().startInstant().orElse(null), owner.processStart());
      assertTrue(lock.broken().isEmpty());
      assertTrue(lock.guarantee().startsWith("atomic"), lock.guarantee());
    }
    assertTrue(Files.notExists(out.resolve(OutputLock.FILE_NAME)));
  }

  @Test
  void aLiveHolderRefusesASecondRunAndTheRefusalNamesIt() throws Exception {
    Path out = tmp.resolve("out");
    try (OutputLock first = acquire(out, "first")) {
      OutputLock.Held held = assertThrows(OutputLock.Held.class, () -> acquire(out, "second"));
      assertTrue(held.getMessage().contains("locked by run first"), held.getMessage());
      assertTrue(held.getMessage().contains("pid " + ProcessHandle.current().pid()), held.getMessage());
      assertEquals("first", read(out).runId(), "the holder's lock is untouched");
      // The same run id twice (a scheduler retry started while the first attempt runs) is refused too.
      assertThrows(OutputLock.Held.class, () -> acquire(out, "first"));
    }
  }

  @Test
  void runsRacingForTheLockGetExactlyOneHolder() throws Exception {
    Path out = tmp.resolve("out");
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<OutputLock>> attempts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String runId = "racer-" + i;
        attempts.add(pool.submit(() -> {
          start.await();
          try {
            return acquire(out, runId);
          } catch (OutputLock.Held e) {
            return null;
          }
        }));
      }
      List<OutputLock> holders = new ArrayList<>();
      for (Future<OutputLock> f : attempts) {
        OutputLock l = f.get(60, TimeUnit.SECONDS);
        if (l != null) {
          holders.add(l);
        }
      }
      assertEquals(1, holders.size(), "exactly one of " + n + " concurrent runs holds the lock");
      assertEquals(holders.get(0).owner().lockId(), read(out).lockId());
      holders.get(0).close();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLockWhoseProcessOnThisMachineIsGoneIsBrokenAtOnce() throws Exception {
    Path out = tmp.resolve("out");
    LockOwner me = LockOwner.current("probe", "append");
    Instant now = Instant.now();
    writeLock(out, other(me, "killed-run", me.host(), me.machine(), deadPid(), now.minusSeconds(30), now), now);
    try (OutputLock lock = acquire(out, "next")) {
      assertEquals("killed-run", lock.broken().orElseThrow().runId());
      assertTrue(lock.brokenReason().contains("is gone"), lock.brokenReason());
      assertEquals("next", read(out).runId());
      assertTrue(notices.get(0).startsWith("Broke the stale lock"), notices.toString());
      assertTrue(notices.get(0).contains("run killed-run"), notices.toString());
    }
  }

  @Test
  void aReusedPidIsNotMistakenForTheDeadOwner() throws Exception {
    Path out = tmp.resolve("out");
    LockOwner me = LockOwner.current("probe", "append");
    Instant now = Instant.now();
    // This very pid, but the lock says its process started an hour before this one did.
    Instant otherStart = me.processStart() == null ? now.minusSeconds(3600) : me.processStart().minusSeconds(3600);
    writeLock(out, other(me, "old-run", me.host(), me.machine(), me.pid(), otherStart, now), now);
    try (OutputLock lock = acquire(out, "next")) {
      assertEquals("old-run", lock.broken().orElseThrow().runId());
      assertTrue(lock.brokenReason().contains("is now another process"), lock.brokenReason());
    }
  }

  @Test
  void aLockFromAnotherMachineHoldsUntilItsHeartbeatIsTenMinutesOld() throws Exception {
    Path out = tmp.resolve("out");
    LockOwner me = LockOwner.current("probe", "append");
    Instant now = Instant.now();
    // The pid is dead here, but it is another machine's pid: only the heartbeat counts.
    long pid = deadPid();
    writeLock(out, other(me, "remote", "worker-7.example", "other-boot/pid:[1]", pid, now, now.minusSeconds(9 * 60)),
        now.minusSeconds(9 * 60));
    OutputLock.Held held = assertThrows(OutputLock.Held.class, () -> acquire(out, "next"));
    assertTrue(held.getMessage().contains("host worker-7.example"), held.getMessage());
    assertTrue(held.getMessage().contains("no heartbeat for 10 min"), held.getMessage());

    Instant old = now.minus(LockOwner.STALE_AFTER).minusSeconds(60);
    writeLock(out, other(me, "remote", "worker-7.example", "other-boot/pid:[1]", pid, now, old), old);
    try (OutputLock lock = acquire(out, "next")) {
      assertEquals("remote", lock.broken().orElseThrow().runId());
      assertTrue(lock.brokenReason().contains("last heartbeat was 11 min ago"), lock.brokenReason());
    }
  }

  @Test
  void theSameHostNameInAnotherPidNamespaceIsAnotherMachine() {
    LockOwner me = LockOwner.current("probe", "append");
    Instant now = Instant.now();
    LockOwner container = other(me, "c", me.host(), me.machine() + "-other-namespace", 1, null, now);
    assertFalse(container.sameMachineAs(me));
    assertEquals(null, LockOwner.staleReason(Optional.of(container), now, me, now),
        "a fresh heartbeat from another pid namespace holds, whatever pid 1 is here");
  }

  @Test
  void anUnreadableLockHoldsUntilTenMinutesWithoutAWrite() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Path lock = out.resolve(OutputLock.FILE_NAME);
    Files.writeString(lock, "{\"run_id\": \"half-writ", StandardCharsets.UTF_8);
    assertThrows(OutputLock.Held.class, () -> acquire(out, "next"));
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
    try (OutputLock l = acquire(out, "next")) {
      assertTrue(l.brokenReason().contains("cannot be read"), l.brokenReason());
    }
  }

  @Test
  void theHeartbeatRefreshesTheLockAndNoticesWhenItIsNoLongerThisRuns() throws Exception {
    Path out = tmp.resolve("out");
    AtomicBoolean lostCalled = new AtomicBoolean();
    try (OutputLock lock = acquire(out, "beating")) {
      lock.onLost(() -> lostCalled.set(true));
      Instant before = read(out).heartbeat();
      Thread.sleep(20);
      lock.beat();
      Instant after = read(out).heartbeat();
      assertTrue(after.isAfter(before), before + " -> " + after);
      assertEquals(lock.owner().lockId(), read(out).lockId());
      assertFalse(lock.lost());

      LockOwner me = lock.owner();
      writeLock(out, other(me, "intruder", me.host(), me.machine(), me.pid(), me.processStart(), Instant.now()),
          Instant.now());
      lock.beat();
      assertTrue(lock.lost());
      assertTrue(lostCalled.get());
    }
    assertEquals("intruder", read(out).runId(), "releasing never deletes another run's lock");
  }

  @Test
  void theHadoopStoreCreatesOnlyIfAbsentMovesAsideAndNeverRestoresOverALock() throws Exception {
    // The code path of HDFS and S3A, here on Hadoop's local file system.
    Path dir = Files.createDirectories(tmp.resolve("hadoop"));
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path lockPath = new org.apache.hadoop.fs.Path(dir.toUri().toString(), OutputLock.FILE_NAME);
    LockStore store = new HadoopLockStore(fs, fs.makeQualified(lockPath));
    byte[] a = "a".getBytes(StandardCharsets.UTF_8);
    byte[] b = "b".getBytes(StandardCharsets.UTF_8);
    assertTrue(store.createNew(a));
    assertFalse(store.createNew(b));
    assertArrayEquals(a, store.read());
    assertTrue(store.moveTo("aside"));
    assertEquals(null, store.read());
    assertTrue(store.createNew(b));
    assertFalse(store.restoreFrom("aside"), "a lock taken meanwhile is not replaced");
    assertArrayEquals(b, store.read());
    assertArrayEquals(a, store.takeSibling("aside"));
    assertEquals(null, store.takeSibling("aside"));
    store.delete();
    assertEquals(null, store.modified());
    assertNotEquals("", store.guarantee());
  }
}
