package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.config.Settings;
import io.effnetspark.image.ImageFixtures;
import io.effnetspark.image.ImageFixtures.Fixture;
import io.effnetspark.image.ImageFixtures.Outcome;
import io.effnetspark.job.ExitCode;
import io.effnetspark.job.ExitDecision;
import io.effnetspark.job.ImageDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in Spark local[2] on a folder of every awkward case ({@link ImageFixtures#all()}): one row per
 * non-skipped file with the expected outcome, skipped files counted by reason, per-class error counts in
 * {@code _run.json}, exit 0, or 6 with {@code --max-error-fraction}. Output read back with DuckDB.
 */
class MixedFolderJobTest extends SparkTestBase {
  @TempDir
  static Path tmp;
  static Path in;
  static List<Fixture> fixtures;

  @BeforeAll
  static void writeFixtures() throws Exception {
    in = tmp.resolve("mixed");
    fixtures = ImageFixtures.writeAll(in);
  }

  private static int job(Path out, String... extra) {
    String[] base = {"--input", in.toString(), "--output", out.toString(), "--batch-size", "4", "--top-k", "3"};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
        .toArray(String[]::new);
    JobHarness.Run run = JobHarness.run(args);
    System.out.print(run.out());
    System.err.print(run.err());
    return run.code();
  }

  /** Rows of the output keyed by path relative to the input folder: error_class, width, height, label, error. */
  private static Map<String, List<Object>> rowsByFile(Path out) throws Exception {
    Map<String, List<Object>> rows = new TreeMap<>();
    String root = in.toString() + "/";
    for (List<Object> r : DuckDb.query(out, "SELECT path, error_class, width, height, label, error, len(top_k) "
        + "FROM OUT")) {
      String path = (String) r.get(0);
      rows.put(path.substring(path.indexOf(root) + root.length()), r.subList(1, r.size()));
    }
    return rows;
  }

  private static void assertOutcome(String file, Outcome expected, int width, int height, List<Object> row) {
    assertNotNull(row, file + " has no row");
    if (expected == Outcome.PREDICTED) {
      assertNull(row.get(0), file + ": " + row);
      assertEquals(width, ((Number) row.get(1)).intValue(), file + " width");
      assertEquals(height, ((Number) row.get(2)).intValue(), file + " height");
      assertNotNull(row.get(3), file + " label");
      assertEquals(3, ((Number) row.get(5)).intValue(), file + " top_k");
    } else {
      assertEquals(expected.name(), row.get(0), file + ": " + row);
      assertNull(row.get(3), file + " label");
      assertNotNull(row.get(4), file + " error message");
    }
  }

  @Test
  void everyNonSkippedFileGetsExactlyOneRowWithItsExpectedOutcome() throws Exception {
    Path out = tmp.resolve("default");
    assertEquals(ExitCode.OK, job(out, "--run-id", "mixed"));
    Map<String, List<Object>> rows = rowsByFile(out);
    long expectedRows = fixtures.stream().filter(f -> !f.outcome().name().startsWith("SKIPPED")).count();
    assertEquals(expectedRows, DuckDb.count(out, "SELECT count(*) FROM OUT"), "rows in = rows out");
    assertEquals(expectedRows, rows.size(), "one row per file");
    Map<String, Long> errorsByClass = new TreeMap<>();
    for (Fixture f : fixtures) {
      if (f.outcome().name().startsWith("SKIPPED")) {
        assertNull(rows.get(f.path()), f.path() + " must be skipped");
        continue;
      }
      assertOutcome(f.path(), f.outcome(), f.width(), f.height(), rows.get(f.path()));
      if (f.outcome() != Outcome.PREDICTED) {
        errorsByClass.merge(f.outcome().name(), 1L, Long::sum);
      }
    }
    JsonObject run = JobHarness.runJson(out);
    assertEquals(fixtures.size(), run.get("files_listed").getAsLong());
    assertEquals(expectedRows, run.get("files_seen").getAsLong());
    assertEquals(expectedRows, run.get("rows_written").getAsLong());
    assertEquals(fixtures.size() - expectedRows, run.get("files_skipped").getAsLong());
    JsonObject skipped = run.getAsJsonObject("files_skipped_by_reason");
    assertEquals(count(Outcome.SKIPPED_HIDDEN), skipped.get("hidden").getAsLong());
    assertEquals(count(Outcome.SKIPPED_NOT_IMAGE_EXTENSION), skipped.get("not_image_extension").getAsLong());
    Map<String, Long> reported = new TreeMap<>();
    run.getAsJsonObject("errors_by_class").entrySet().forEach(e -> reported.put(e.getKey(), e.getValue().getAsLong()));
    assertEquals(errorsByClass, reported);
    assertEquals(errorsByClass.values().stream().mapToLong(Long::longValue).sum(), run.get("errors").getAsLong());
    assertEquals("apply", run.getAsJsonObject("options").get("exif-orientation").getAsString());
    // The same rows under --max-error-fraction 0.1: exit 6 after writing every row (the decision is a pure
    // function of these counts; cli.ExitCodesTest runs a job that exits 6).
    assertTrue(run.get("errors").getAsLong() > 0.1 * expectedRows);
    assertEquals(ExitCode.ERROR_FRACTION_EXCEEDED, ExitDecision.decide(expectedRows, run.get("rows_written")
        .getAsLong(), run.get("errors").getAsLong(), 0.1).code());
  }

  private static long count(Outcome o) {
    return fixtures.stream().filter(f -> f.outcome() == o).count();
  }

  @Test
  void includeAllFilesGivesEveryFileARowAndIgnoredOrientationKeepsStoredSize() throws Exception {
    Path out = tmp.resolve("all");
    assertEquals(ExitCode.OK, job(out, "--include-all-files", "--exif-orientation", "ignore"));
    Map<String, List<Object>> rows = rowsByFile(out);
    assertEquals(fixtures.size(), rows.size(), "every listed file, hidden ones included");
    Map<String, Outcome> whenIncluded = new HashMap<>(Map.of(
        ".hidden.jpg", Outcome.PREDICTED, ".thumbnails/thumb.png", Outcome.PREDICTED,
        "jpeg/._baseline.jpg", Outcome.NOT_AN_IMAGE, ".DS_Store", Outcome.NOT_AN_IMAGE,
        "notes.txt", Outcome.NOT_AN_IMAGE, "_SUCCESS", Outcome.EMPTY));
    for (Fixture f : fixtures) {
      Outcome o = whenIncluded.getOrDefault(f.path(), f.outcome());
      boolean rotated = f.path().equals("jpeg/exif-orientation-6.jpg");
      boolean hiddenImage = f.width() < 0; // the hidden quadrant pictures
      int w = hiddenImage ? ImageFixtures.W : rotated ? f.height() : f.width();
      int h = hiddenImage ? ImageFixtures.H : rotated ? f.width() : f.height();
      assertOutcome(f.path(), o, w, h, rows.get(f.path()));
    }
    JsonObject run = JobHarness.runJson(out);
    assertEquals(0, run.get("files_skipped").getAsLong());
    assertEquals(fixtures.size(), run.get("rows_written").getAsLong());
  }

  @Test
  void anImageTheEngineFailsOnBecomesAnInferenceFailedRowAndTheJobSucceeds() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("brightness"));
    for (int v : new int[] {10, 100, 250, 150}) {
      Files.write(dir.resolve("gray-" + v + ".png"), ImageFixtures.png(ImageFixtures.gray8(v)));
    }
    Path out = tmp.resolve("brightness-out");
    String model = Path.of("src/test/resources/models/brightness-index/model.onnx").toAbsolutePath().toString();
    JobHarness.Run run = JobHarness.run("--input", dir.toString(), "--output", out.toString(), "--model", model,
        "--top-k", "1", "--partitions", "1");
    assertEquals(ExitCode.OK, run.code(), run.printed());
    assertEquals(List.of(List.of("gray-10.png", "dim"), List.of("gray-100.png", "medium"),
        List.of("gray-150.png", "light"), List.of("gray-250.png", "INFERENCE_FAILED")),
        DuckDb.query(out, "SELECT regexp_extract(path, '[^/]+$'), coalesce(label, error_class) FROM OUT ORDER BY 1"));
    assertEquals(1, JobHarness.runJson(out).getAsJsonObject("errors_by_class").get("INFERENCE_FAILED").getAsLong());
  }

  @Test
  void aModelWithFewerClassesThanTheDefaultTopKListsAllOfThem() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("three-classes"));
    Files.write(dir.resolve("gray-100.png"), ImageFixtures.png(ImageFixtures.gray8(100)));
    Path out = tmp.resolve("three-classes-out");
    String model = Path.of("src/test/resources/models/brightness-index/model.onnx").toAbsolutePath().toString();
    JobHarness.Run run = JobHarness.run("--input", dir.toString(), "--output", out.toString(), "--model", model);
    assertEquals(ExitCode.OK, run.code(), run.printed());
    assertEquals(List.of(List.of("medium", 3L)), DuckDb.query(out, "SELECT label, len(top_k)::BIGINT FROM OUT"));
    assertEquals(1, run.runJson().get("partitions").getAsInt(), "one file, one task");
  }

  @Test
  void aFileThatCannotBeReadBecomesAReadFailedRowInTheTransformer() throws Exception {
    Path good = tmp.resolve("read/good.png");
    Files.createDirectories(good.getParent());
    Files.write(good, ImageFixtures.png(ImageFixtures.quadrants()));
    StructType schema = new StructType().add("image_path", DataTypes.StringType);
    Dataset<Row> paths = spark.createDataFrame(List.of(RowFactory.create(good.toUri().toString()),
        RowFactory.create(tmp.resolve("read/deleted-after-listing.png").toUri().toString())), schema);
    List<Row> out = new EfficientNetClassifier()
        .setModelUrl(io.effnetspark.TestPaths.ONNX_MODEL.toString())
        .setInputCol("image_path").setPathCol("image_path").set(Settings.TOP_K, 1)
        .transform(paths).select("image_path", "prediction.label", "prediction.error_class", "prediction.error")
        .orderBy("image_path").collectAsList();
    assertEquals(2, out.size());
    assertTrue(out.get(0).getString(0).endsWith("deleted-after-listing.png"));
    assertEquals("READ_FAILED", out.get(0).getString(2));
    assertTrue(out.get(0).getString(3).contains("deleted-after-listing.png"), out.get(0).getString(3));
    assertNotNull(out.get(1).getString(1));
    assertNull(out.get(1).getString(2));
  }

  @Test
  void aGlobInputIsExpandedAndOnlyItsMatchesAreListed() throws Exception {
    ImageDiscovery.Listing listing = ImageDiscovery.discover(spark, in + "/{png,gif}/*");
    assertEquals(8, listing.filesListed());
    assertEquals(8, listing.imagesFound());
    assertEquals(8, listing.images().count());
    ImageDiscovery.Listing jpegs = ImageDiscovery.discover(spark, in + "/jpeg");
    assertEquals(7, jpegs.filesListed());
    assertEquals(6, jpegs.imagesFound());
    assertEquals(1L, jpegs.skippedByReason().get("hidden"), "._baseline.jpg");
  }
}
