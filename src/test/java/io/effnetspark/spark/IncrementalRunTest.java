package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestImages;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import io.effnetspark.job.ImageDiscovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --incremental: only files without a row from the same model (path, size, modification time) are predicted. */
class IncrementalRunTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private static Set<String> uris(List<Path> files) {
    return files.stream().map(p -> p.toUri().toString().replaceFirst("^file:///", "file:/"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> pathsOfRun(Path out, String runId) throws Exception {
    return DuckDb.query(out, "SELECT path FROM OUT WHERE run_id = '" + runId + "'").stream()
        .map(r -> (String) r.get(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static long parquetFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  private String[] args(Path in, Path out, String runId, String... more) {
    return Stream.concat(Stream.of("--input", in.toString(), "--output", out.toString(), "--incremental",
        "--mode", "append", "--run-id", runId), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void aRunWithoutReportRemovesTheReportOfAnEarlierRun() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "bag", 0, 4);
    assertEquals(ExitCode.OK, JobHarness.run(args(in, out, "with-report", "--report")).code());
    assertTrue(Files.exists(out.resolve("_report.html")));
    TestImages.copy(in, "coat", 0, 3);
    JobHarness.Run second = JobHarness.run(args(in, out, "no-report"));
    assertEquals(ExitCode.OK, second.code(), second.err());
    assertTrue(Files.notExists(out.resolve("_report.html")), "no report left that describes the earlier run");
    assertEquals("no-report", JobHarness.runJson(out).get("run_id").getAsString());
  }

  @Test
  void secondRunOverAFolderWithTenNewFilesPredictsExactlyThoseTen() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "bag", 0, 15);
    TestImages.copy(in, "sandal", 0, 15);
    JobHarness.Run first = JobHarness.run(args(in, out, "night-1"));
    assertEquals(ExitCode.OK, first.code(), first.err());
    assertEquals(30, DuckDb.count(out, "SELECT count(*) FROM OUT"));

    List<Path> added = TestImages.copy(in, "coat", 0, 6);
    added.addAll(TestImages.copy(in, "bag", 15, 4));
    JobHarness.Run second = JobHarness.run(args(in, out, "night-2"));
    assertEquals(ExitCode.OK, second.code(), second.err());

    assertEquals(uris(added), pathsOfRun(out, "night-2"), "the second run predicted exactly the 10 new files");
    assertEquals(40, DuckDb.count(out, "SELECT count(*) FROM OUT"));
    assertEquals(40, DuckDb.count(out, "SELECT count(DISTINCT path) FROM OUT"));
    JsonObject run = JobHarness.runJson(out);
    assertEquals("night-2", run.get("run_id").getAsString());
    assertEquals(40, run.get("files_seen").getAsLong());
    assertEquals(10, run.getAsJsonObject("incremental").get("files_new").getAsLong());
    assertEquals(30, run.getAsJsonObject("incremental").get("files_already_predicted").getAsLong());
    assertEquals(10, run.get("rows_written").getAsLong());
    assertTrue(second.out().contains("10 new (30 already predicted by this model, skipped)"), second.out());
  }

  @Test
  void rerunWithNothingNewWritesNothingExitsZeroAndSaysSo() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "trouser", 0, 12);
    assertEquals(ExitCode.OK, JobHarness.run(args(in, out, "first")).code());
    long files = parquetFiles(out);

    JobHarness.Run again = JobHarness.run(args(in, out, "again"));
    assertEquals(ExitCode.OK, again.code(), again.err());
    assertTrue(again.out().contains("Nothing new: all 12 images"), again.out());
    assertEquals(files, parquetFiles(out), "no Parquet file was added");
    assertEquals(12, DuckDb.count(out, "SELECT count(*) FROM OUT"));
    JsonObject run = JobHarness.runJson(out);
    assertEquals("again", run.get("run_id").getAsString(), "_run.json describes the run that found nothing new");
    assertEquals(0, run.getAsJsonObject("incremental").get("files_new").getAsLong());
    assertEquals(12, run.getAsJsonObject("incremental").get("files_already_predicted").getAsLong());
    assertEquals(0, run.get("rows_written").getAsLong());
    assertEquals(0, run.get("exit_code").getAsInt());
  }

  @Test
  void anAppendRunWithARunIdTheOutputAlreadyHoldsIsRefusedBeforeWritingAndTheOutputIsUnchanged() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "shirt", 0, 3);
    String[] plainAppend = {"--input", in.toString(), "--output", out.toString(), "--mode", "append",
        "--run-id", "fixed"};
    assertEquals(ExitCode.OK, JobHarness.run(plainAppend).code());
    assertEquals(3L, ((Number) DuckDb.query(out, "SELECT count(*) FROM OUT").get(0).get(0)).longValue());

    JobHarness.Run again = JobHarness.run(plainAppend);
    assertEquals(ExitCode.BAD_CONFIG, again.code(), again.err());
    assertTrue(again.err().contains("--run-id fixed is already used by rows in " + out), again.err());
    assertEquals(3L, ((Number) DuckDb.query(out, "SELECT count(*) FROM OUT").get(0).get(0)).longValue(),
        "nothing appended");
    TestImages.copy(in, "shirt", 3, 2);
    JobHarness.Run incremental = JobHarness.run(args(in, out, "fixed"));
    assertEquals(ExitCode.BAD_CONFIG, incremental.code(), incremental.err());

    JobHarness.Run fresh = JobHarness.run(args(in, out, "fixed-2"));
    assertEquals(ExitCode.OK, fresh.code(), fresh.err());
    assertEquals(2, JobHarness.runJson(out).get("rows_written").getAsLong());
  }

  @Test
  void aChangedFileIsPredictedAgain() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    List<Path> files = TestImages.copy(in, "dress", 0, 8);
    assertEquals(ExitCode.OK, JobHarness.run(args(in, out, "before")).code());

    Path touched = files.get(3);
    Files.setLastModifiedTime(touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() + 60_000));
    JobHarness.Run after = JobHarness.run(args(in, out, "after"));
    assertEquals(ExitCode.OK, after.code(), after.err());
    assertEquals(uris(List.of(touched)), pathsOfRun(out, "after"));
  }

  @Test
  void anotherModelPredictsEveryFileAgain() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    List<Path> files = TestImages.copy(in, "sneaker", 0, 6);
    assertEquals(ExitCode.OK, JobHarness.run(args(in, out, "onnx")).code());

    JobHarness.Run torch = JobHarness.run(args(in, out, "torchscript", "--model",
        TestPaths.TORCHSCRIPT_MODEL.toString()));
    assertEquals(ExitCode.OK, torch.code(), torch.err());
    assertEquals(uris(files), pathsOfRun(out, "torchscript"));
    assertEquals(2, DuckDb.count(out, "SELECT count(DISTINCT model_id) FROM OUT"));
  }
  /** Records the job group and description of every Spark job that starts. */
  private static final class JobNames extends org.apache.spark.scheduler.SparkListener {
    final List<String[]> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch marker = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart event) {
      String group = event.properties().getProperty("spark.jobGroup.id");
      String description = event.properties().getProperty("spark.job.description");
      if ("marker".equals(description)) {
        marker.countDown();
      } else {
        jobs.add(new String[] {group, description});
      }
    }
  }

  @Test
  void everySparkJobOfARunIsInTheRunsJobGroupWithADescriptionOfWhatItDoes() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "pullover", 0, 4);
    assertEquals(ExitCode.OK, JobHarness.run(args(in, out, "first-run")).code());
    TestImages.copy(in, "pullover", 4, 2);
    JobNames names = new JobNames();
    spark.sparkContext().addSparkListener(names);
    try {
      assertEquals(ExitCode.OK, JobHarness.run(args(in, out, "ui-run", "--report")).code());
      // Listener events arrive in order: once the marker job is seen, every job of the run has been seen.
      spark.sparkContext().setJobDescription("marker");
      spark.range(1).count();
      spark.sparkContext().setJobDescription(null);
      assertTrue(names.marker.await(60, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      spark.sparkContext().removeSparkListener(names);
    }
    Set<String> kinds = new TreeSet<>();
    for (String[] job : names.jobs) {
      assertEquals("effnet-spark-ui-run", job[0]);
      assertTrue(job[1] != null && job[1].startsWith("effnet-spark run ui-run: "), String.valueOf(job[1]));
      kinds.add(job[1].substring("effnet-spark run ui-run: ".length()).split(" ")[0]);
    }
    // The listing runs on the driver through Hadoop's FileSystem (ImageDiscovery): no Spark job to describe.
    // "check": the stated --run-id is looked up in the output it appends to (RunIdCheck).
    assertEquals(Set.of("check", "find", "classify", "summary", "HTML"), kinds, "run id check, incremental check, "
        + "classification, summary and report jobs each say what they do");
  }
}
