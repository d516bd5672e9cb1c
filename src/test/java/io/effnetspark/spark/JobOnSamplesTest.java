package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestPaths;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.job.ExitCode;
import io.effnetspark.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job in Spark local[2] on the committed samples, its output read back by DuckDB. */
class JobOnSamplesTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private static long sampleCount() throws IOException {
    try (Stream<Path> files = Files.walk(TestPaths.SAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  @Test
  void everySampleGetsOneRowAndAccuracyIsAtLeast85Percent() throws Exception {
    Path out = tmp.resolve("predictions");
    JobHarness.Run job = JobHarness.run("--input", TestPaths.SAMPLES.toString(), "--output", out.toString(),
        "--labels-from-dirs", "--batch-size", "16", "--top-k", "3", "--run-id", "test-run");
    assertEquals(ExitCode.OK, job.code(), job.out());
    long files = sampleCount();
    assertEquals(500, files);

    assertEquals(files, DuckDb.count(out, "SELECT count(*) FROM OUT"));
    assertEquals(files, DuckDb.count(out, "SELECT count(DISTINCT path) FROM OUT"));
    assertEquals(0, DuckDb.count(out, "SELECT count(*) FROM OUT WHERE error IS NOT NULL OR label IS NULL"));
    assertEquals(files, DuckDb.count(out, "SELECT count(*) FROM OUT WHERE len(top_k) = 3 "
        + "AND top_k[1].label = label AND top_k[1].probability = probability AND width = 28 AND height = 28 "
        + "AND run_id = 'test-run' AND true_label IS NOT NULL"));
    long correct = DuckDb.count(out, "SELECT count(*) FROM OUT WHERE label = true_label");
    double accuracy = correct / (double) files;
    assertTrue(accuracy >= 0.85, "accuracy on samples " + accuracy);

    JsonObject run = job.runJson();
    assertEquals(files, run.get("files_seen").getAsLong());
    assertEquals(files, run.get("rows_written").getAsLong());
    assertEquals(files, run.get("predicted").getAsLong());
    assertEquals(0, run.get("errors").getAsLong());
    assertEquals(accuracy, run.get("accuracy").getAsDouble(), 1e-9);
    String modelId = run.get("model_id").getAsString();
    assertEquals(List.of(List.of(modelId)), DuckDb.query(out, "SELECT DISTINCT model_id FROM OUT"));
    assertEquals(16, run.getAsJsonObject("options").get("batch-size").getAsInt());
    // local[2], a 32 px model under --cpu-concurrency auto: every task its own single-threaded forward pass.
    JsonObject engine = run.getAsJsonObject("cpu_engine");
    assertEquals(2, engine.get("executor_cores").getAsInt());
    assertEquals(false, engine.get("gated").getAsBoolean());
    assertEquals("one per task", engine.get("forward_passes_at_once").getAsString());
    assertEquals(1, engine.get("intra_op_threads").getAsInt());
    assertTrue(job.out().contains("top-1 accuracy"));

    // The summary reads its columns back with a stated schema: the written files hold each, with its type
    // (simpleString: Parquet reads every field back as nullable).
    StructType written = spark.read().parquet(out.toString()).schema();
    for (StructField f : RunSummary.readSchema(JobConfig.defaults().with(Settings.LABELS_FROM_DIRS, true))
        .fields()) {
      assertEquals(f.dataType().simpleString(), written.apply(f.name()).dataType().simpleString(), f.name());
    }
  }

  @Test
  void overwriteReplacesAndAppendAddsRows() throws Exception {
    Path out = tmp.resolve("modes");
    Path in = TestPaths.SAMPLES.resolve("bag");
    String[] base = {"--input", in.toString(), "--output", out.toString()};
    assertEquals(ExitCode.OK, JobHarness.run(concat(base, "--mode", "overwrite")).code());
    assertEquals(ExitCode.OK, JobHarness.run(concat(base, "--mode", "overwrite")).code());
    assertEquals(50, DuckDb.count(out, "SELECT count(*) FROM OUT"));
    assertEquals(ExitCode.OK, JobHarness.run(concat(base, "--mode", "append")).code());
    assertEquals(100, DuckDb.count(out, "SELECT count(*) FROM OUT"));
    assertEquals(2, DuckDb.count(out, "SELECT count(DISTINCT run_id) FROM OUT"));
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}
