package io.effnetspark.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestImages;
import io.effnetspark.job.ExitCode;
import io.effnetspark.spark.DuckDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults for real: the job in a JVM of its own ({@link ChildJob}) killed with SIGKILL while it writes, or paused
 * while a second run starts; the next runs in this JVM. Afterwards DuckDB, a reader independent of Spark, counts
 * the rows of each image: exactly one. One child JVM per test: the first test runs in the default suite, the
 * others with {@code -Pheavy}.
 */
class CrashSafetyTest extends SparkTestBase {
  private static final Duration START = Duration.ofMinutes(4);
  private static final String[] CLASSES = {"bag", "coat", "dress", "sandal", "shirt", "sneaker", "trouser", "pullover"};

  @TempDir
  Path tmp;

  /** {@code perClass} images of each of 8 classes from sample number {@code from}: 8 × perClass files. */
  private static void images(Path dir, int from, int perClass) throws IOException {
    for (String c : CLASSES) {
      TestImages.copy(dir, c, from, perClass);
    }
  }

  /** Task output that the job commit would move into the output: {@code _temporary/0/task_*} holding Parquet. */
  private static boolean committedTaskFiles(Path out) {
    Path job = out.resolve("_temporary/0");
    if (!Files.isDirectory(job)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(job)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")
          && p.getParent().getFileName().toString().startsWith("task_"));
    } catch (IOException e) {
      return false; // moved or deleted while walking
    }
  }

  private static long rows(Path out) throws Exception {
    return DuckDb.count(out, "SELECT count(*) FROM OUT");
  }

  private static long paths(Path out) throws Exception {
    return DuckDb.count(out, "SELECT count(DISTINCT path) FROM OUT");
  }

  private static long rowsOfRun(Path out, String runId) throws Exception {
    return DuckDb.count(out, "SELECT count(*) FROM OUT WHERE run_id = '" + runId + "'");
  }

  private static ChildJob killWhileWriting(Path logs, String name, Path out, String... args) throws Exception {
    ChildJob child = ChildJob.start(logs, name, List.of(), args);
    child.await("committed task files under " + out + "/_temporary", () -> committedTaskFiles(out), START);
    child.kill();
    assertTrue(committedTaskFiles(out), "the killed run left committed task files a later job commit could take");
    assertTrue(Files.exists(out.resolve(OutputLock.FILE_NAME)), "kill -9 leaves the lock");
    return child;
  }

  @Test
  void killedIncrementalAppendThenTheNextIncrementalAppendWritesEachImageOnce() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    images(in, 0, 5);
    JobHarness.Run first = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--incremental",
        "--mode", "append", "--run-id", "night-1");
    assertEquals(ExitCode.OK, first.code(), first.err());
    images(in, 5, 20);

    killWhileWriting(tmp.resolve("logs"), "killed", out, "--input", in.toString(), "--output", out.toString(),
        "--incremental", "--mode", "append", "--run-id", "night-2-killed", "--partitions", "16", "--batch-size", "4");

    JobHarness.Run retry = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--incremental",
        "--mode", "append", "--run-id", "night-2-retry");
    assertEquals(ExitCode.OK, retry.code(), retry.out() + retry.err());
    assertEquals(0, rowsOfRun(out, "night-2-killed"), "no row of the killed run was committed by the retry");
    assertEquals(200, rows(out), "one row per image");
    assertEquals(200, paths(out));
    assertEquals(160, rowsOfRun(out, "night-2-retry"));
    assertTrue(retry.err().contains("Broke the stale lock") && retry.err().contains("run night-2-killed"), retry.err());
    assertTrue(retry.err().contains("Deleted _temporary"), retry.err());
    assertEquals(List.of("_SUCCESS", "_run.json"), metadata(out), "no lock and no _temporary left");
  }

  @Test
  @Tag("heavy")
  void killedOverwriteLeavesNoRowsAndTheNextAppendWritesEachImageOnce() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    images(in, 0, 20);
    JobHarness.Run before = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--run-id", "old");
    assertEquals(ExitCode.OK, before.code(), before.err());

    killWhileWriting(tmp.resolve("logs"), "killed", out, "--input", in.toString(), "--output", out.toString(),
        "--mode", "overwrite", "--run-id", "overwrite-killed", "--partitions", "16", "--batch-size", "4");
    // What a kill during --mode overwrite leaves: the old rows and _run.json were deleted when the write began (as
    // Spark's overwrite does), the new rows are uncommitted: only the lock and _temporary remain.
    assertEquals(List.of("_effnet.lock", "_temporary"), metadata(out));

    JobHarness.Run append = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--mode", "append",
        "--run-id", "append-after-kill");
    assertEquals(ExitCode.OK, append.code(), append.out() + append.err());
    assertTrue(append.err().contains("Broke the stale lock") && append.err().contains("run overwrite-killed"),
        append.err());
    assertEquals(160, rows(out), "one row per image, none promoted from the killed overwrite");
    assertEquals(160, paths(out));
    assertEquals(160, rowsOfRun(out, "append-after-kill"));
  }

  @Test
  @Tag("heavy")
  void aRunKilledBeforeItsFirstCommitDoesNotBlockAnErrorIfExistsRerun() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("new-out");
    images(in, 0, 20);
    killWhileWriting(tmp.resolve("logs"), "killed", out, "--input", in.toString(), "--output", out.toString(),
        "--run-id", "first-killed", "--partitions", "16", "--batch-size", "4");

    JobHarness.Run rerun = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--run-id", "rerun");
    assertEquals(ExitCode.OK, rerun.code(), "a folder holding only a dead run's lock and _temporary counts as "
        + "absent for errorifexists\n" + rerun.out() + rerun.err());
    assertEquals(160, rows(out));
    assertEquals(160, paths(out));
  }

  /**
   * Two writers: the second is refused with exit 7 while the first writes (paused with SIGSTOP, so the overlap is
   * certain), and the output holds exactly one row per image — the first run's. The first run also carries
   * credentials that only the job's pattern names (an Azure SAS key, an API key in {@code spark.executorEnv}, a
   * token inside {@code extraJavaOptions}): none reaches its output, its report, its log or Spark's event log.
   */
  @Test
  @Tag("heavy")
  void aSecondWriterIsRefusedWhileTheFirstWritesAndTheFirstLeavesNoSecretAnywhere() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    Path events = Files.createDirectories(tmp.resolve("events"));
    images(in, 0, 20);
    String sas = "sv=2024&sig=SasSecret" + System.nanoTime();
    String apiKey = "ApiKeySecret" + System.nanoTime();
    String token = "TokenSecret" + System.nanoTime();
    List<String> conf = List.of("spark.hadoop.fs.azure.sas.images.acct.blob.core.windows.net=" + sas,
        "spark.executorEnv.SERVICE_APIKEY=" + apiKey,
        "spark.executor.extraJavaOptions=-Dservice.token=" + token + " -Dai.djl.offline=true",
        "spark.eventLog.enabled=true", "spark.eventLog.dir=" + events.toUri());
    try (ChildJob first = ChildJob.start(tmp.resolve("logs"), "first", conf, "--input", in.toString(), "--output",
        out.toString(), "--incremental", "--mode", "append", "--run-id", "first", "--partitions", "16",
        "--batch-size", "4", "--report")) {
      first.await("task files under " + out + "/_temporary", () -> Files.isDirectory(out.resolve("_temporary/0")),
          START);
      first.pause();
      JobHarness.Run second;
      try {
        second = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--incremental", "--mode",
            "append", "--run-id", "second");
      } finally {
        first.resume();
      }
      assertEquals(ExitCode.OUTPUT_LOCKED, second.code(), second.out() + second.err());
      assertTrue(second.err().contains("is locked by run first") && second.err().contains("pid " + first.pid()),
          second.err());
      assertEquals(ExitCode.OK, first.waitFor(START), first.output());

      assertEquals(160, rows(out), "exactly one row per image");
      assertEquals(160, paths(out));
      assertEquals(160, rowsOfRun(out, "first"));

      String runJson = Files.readString(out.resolve("_run.json"));
      assertTrue(runJson.contains("spark.hadoop.fs.azure.sas.images.acct.blob.core.windows.net"), runJson);
      assertTrue(runJson.contains("-Dservice.token=*********(redacted) -Dai.djl.offline=true"), runJson);
      List<Path> places = new java.util.ArrayList<>(List.of(out.resolve("_run.json"), out.resolve("_report.html")));
      try (Stream<Path> files = Files.walk(events)) { // Spark 4 rolls event logs: a folder per application
        places.addAll(files.filter(Files::isRegularFile).toList());
      }
      assertTrue(places.size() > 2, "Spark wrote an event log");
      String child = first.stdout() + first.stderr();
      for (String secret : List.of(sas, apiKey, token)) {
        assertFalse(child.contains(secret), "in the job's output or log: " + secret);
        for (Path p : places) {
          assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains(secret), secret + " in " + p);
        }
      }
    }
  }

  /** The names starting with {@code _} or {@code .} in {@code out}: what is there besides the Parquet files. */
  private static List<String> metadata(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_") || n.startsWith(".")).sorted()
          .filter(n -> !n.endsWith(".crc")).toList();
    }
  }
}
