package io.effnetspark.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's side of the lock, on a local disk, with the folder layouts Spark's committers leave: what a dead run
 * left is deleted, what a live or lockless writer may still be writing is refused, a failed start leaves nothing.
 */
class OutputGuardTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();
  private final List<String> notices = new ArrayList<>();

  private JobConfig config(Path out, WriteMode mode, String runId) {
    return JobConfig.defaults().with(Settings.INPUT, tmp.resolve("in").toString())
        .with(Settings.OUTPUT, out.toString()).with(Settings.MODE, mode).with(Settings.RUN_ID, runId);
  }

  private OutputGuard open(Path out, WriteMode mode, String runId) throws Exception {
    return OutputGuard.open(config(out, mode, runId), conf, notices::add);
  }

  /** What FileOutputCommitter leaves when the driver dies after two task commits, with one attempt running. */
  private static void deadRunsTemporary(Path out) throws Exception {
    Path job = out.resolve("_temporary/0");
    Files.createDirectories(job.resolve("task_202612010000_0001_m_000000"));
    Files.writeString(job.resolve("task_202612010000_0001_m_000000/part-00000-dead.snappy.parquet"), "rows");
    Files.createDirectories(job.resolve("task_202612010000_0001_m_000001"));
    Files.writeString(job.resolve("task_202612010000_0001_m_000001/part-00001-dead.snappy.parquet"), "rows");
    Files.createDirectories(job.resolve("_temporary/attempt_202612010000_0001_m_000002_0"));
    Files.writeString(job.resolve("_temporary/attempt_202612010000_0001_m_000002_0/part-00002-dead.parquet"), "x");
    Files.createDirectories(out.resolve(".spark-staging-5f1c"));
  }

  private static void lockOfDeadProcess(Path out, String runId) throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    LockOwner me = LockOwner.current("probe", "append");
    Instant now = Instant.now();
    Files.createDirectories(out);
    Files.write(out.resolve(OutputLock.FILE_NAME), new LockOwner(runId, "dead-lock", me.host(), me.machine(),
        p.pid(), now, now, now, "append").toJson());
  }

  private static void ageEverything(Path dir, long minutes) throws Exception {
    FileTime old = FileTime.from(Instant.now().minusSeconds(minutes * 60));
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aDeadRunsUncommittedFilesAreDeletedWhenItsLockIsBroken() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("part-00000-committed.snappy.parquet"), "earlier night's rows");
    deadRunsTemporary(out);
    lockOfDeadProcess(out, "killed-night");
    try (OutputGuard guard = open(out, WriteMode.APPEND, "next-night")) {
      assertEquals(List.of("_effnet.lock", "part-00000-committed.snappy.parquet"), names(out));
      guard.succeeded();
    }
    assertEquals(List.of("part-00000-committed.snappy.parquet"), names(out), "committed rows kept, lock released");
    String deleted = notices.get(1);
    assertTrue(notices.get(0).contains("Broke the stale lock") && notices.get(0).contains("killed-night"), notices.toString());
    assertTrue(deleted.contains("_temporary") && deleted.contains(".spark-staging-5f1c"), deleted);
    assertTrue(deleted.contains("(3 files)") && deleted.contains("the dead run killed-night"), deleted);
  }

  @Test
  void freshLeftoversWithoutALockAreRefusedOldOnesDeleted() throws Exception {
    Path out = tmp.resolve("out");
    deadRunsTemporary(out);
    OutputGuard.Refused refused = assertThrows(OutputGuard.Refused.class, () -> open(out, WriteMode.APPEND, "r1"));
    assertTrue(refused.locked());
    assertTrue(refused.getMessage().contains("of a writer that took no lock"), refused.getMessage());
    assertTrue(Files.exists(out.resolve("_temporary/0/task_202612010000_0001_m_000000")), "nothing deleted");
    assertFalse(Files.exists(out.resolve(OutputLock.FILE_NAME)), "the refused run released its lock");

    ageEverything(out, 11);
    try (OutputGuard guard = open(out, WriteMode.APPEND, "r2")) {
      guard.succeeded();
    }
    assertEquals(List.of(), names(out));
    assertTrue(notices.get(0).contains("a writer that took no lock and wrote nothing for 10 min"), notices.toString());
  }

  @Test
  void errorIfExistsTakesAFolderOfOnlyLeftoversForAbsentButNotOneWithRows() throws Exception {
    Path out = tmp.resolve("out");
    deadRunsTemporary(out);
    lockOfDeadProcess(out, "killed");
    try (OutputGuard guard = open(out, WriteMode.ERRORIFEXISTS, "again")) {
      guard.succeeded();
    }
    Path withRows = tmp.resolve("with-rows");
    Files.createDirectories(withRows);
    Files.writeString(withRows.resolve("part-00000.parquet"), "rows");
    OutputGuard.Refused refused = assertThrows(OutputGuard.Refused.class,
        () -> open(withRows, WriteMode.ERRORIFEXISTS, "late"));
    assertFalse(refused.locked(), "exit 5, not 7");
    assertEquals(List.of("part-00000.parquet"), names(withRows));
  }

  @Test
  void aFailedRunLeavesNoFolderItCreatedAndKeepsOneThatExisted() throws Exception {
    Path created = tmp.resolve("new-out");
    try (OutputGuard guard = open(created, WriteMode.ERRORIFEXISTS, "fails")) {
      Files.createDirectories(created.resolve("_temporary/0/_temporary/attempt_1"));
      Files.writeString(created.resolve("_temporary/0/_temporary/attempt_1/part-0.parquet"), "half");
    }
    assertFalse(Files.exists(created), "a failed start must not leave a folder that makes the re-run exit 5");

    Path existing = Files.createDirectories(tmp.resolve("old-out"));
    try (OutputGuard guard = open(existing, WriteMode.APPEND, "fails-too")) {
      Files.createDirectories(existing.resolve("_temporary/0"));
    }
    assertEquals(List.of(), names(existing));
    assertTrue(Files.isDirectory(existing));
  }

  @Test
  void overwriteClearsEverythingButTheLock() throws Exception {
    Path out = tmp.resolve("out");
    try (OutputGuard guard = open(out, WriteMode.OVERWRITE, "ow")) {
      Files.writeString(out.resolve("part-00000-old.parquet"), "old");
      Files.writeString(out.resolve("_run.json"), "{}");
      Files.createDirectories(out.resolve("sub"));
      OutputGuard.clearForOverwrite(out.toString(), conf);
      assertEquals(List.of("_effnet.lock"), names(out));
      guard.succeeded();
    }
  }
}
