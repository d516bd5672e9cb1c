package io.effnetspark.spark;

import io.effnetspark.JobHarness;
import io.effnetspark.job.InputWalk;
import io.effnetspark.job.ExitCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.SparkTestBase;
import io.effnetspark.image.ImageFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in Spark local[2] on a real folder named {@code photos [2024]} holding a FIFO, a socket, broken links, link
 * loops, two sparse ~1.9 GB files and names with newlines, tabs, {@code %}, {@code #} and spaces
 * ({@link AwkwardInput}): it ends (no task blocks on the FIFO), every listed name gets exactly one row or one skip
 * count (rows counted by path in the Parquet, read back with DuckDB), each row's path opens the file it names, and
 * the input is untouched.
 */
class InputSafetyJobTest extends SparkTestBase {
  @TempDir
  static Path tmp;
  static AwkwardInput.Layout layout;

  @BeforeAll
  static void write() throws Exception {
    layout = AwkwardInput.write(tmp);
  }

  private static JobHarness.Run job(String... args) {
    JobHarness.Run run = JobHarness.run(args);
    System.out.print(run.out());
    System.err.print(run.err());
    return run;
  }

  @Test
  void everyListedNameGetsOneRowOrOneSkipCountAndTheInputIsUntouched() throws Exception {
    Map<String, String> before = AwkwardInput.snapshot(tmp);
    Path out = tmp.resolve("out");
    int code;
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(layout.root().resolve("pipe.png"), 240)) {
      code = job("--input", layout.root().toString(), "--output", out.toString(),
          "--batch-size", "4", "--top-k", "1", "--run-id", "awkward").code();
      assertFalse(watchdog.fired(), "something blocked opening the FIFO");
    }
    assertEquals(ExitCode.OK, code);

    // Rows by path: each expected name exactly once, nothing else.
    String prefix = "file:" + layout.root() + "/";
    Map<String, List<Object>> rows = new TreeMap<>();
    for (List<Object> r : DuckDb.query(out, "SELECT path, error_class, error, file_size FROM OUT")) {
      String path = (String) r.get(0);
      assertTrue(path.startsWith(prefix), path);
      assertNull(rows.put(path.substring(prefix.length()), r), "two rows for " + path);
    }
    assertEquals(layout.rows().keySet(), rows.keySet());
    for (Map.Entry<String, String> e : layout.rows().entrySet()) {
      List<Object> row = rows.get(e.getKey());
      if (e.getValue().equals("PREDICTED")) {
        assertNull(row.get(1), e.getKey() + ": " + row);
      } else {
        assertEquals(e.getValue(), row.get(1), e.getKey());
      }
      assertEquals(Files.size(layout.real().get(e.getKey())), ((Number) row.get(3)).longValue(), e.getKey());
    }
    String tooLarge = (String) rows.get("huge-1.jpg").get(2);
    assertTrue(tooLarge.contains(String.format(Locale.ROOT, "%,d bytes", AwkwardInput.HUGE))
        && tooLarge.contains("--max-file-bytes"), tooLarge);

    // _run.json: every listed name is one row or one skip count.
    JsonObject run = JobHarness.runJson(out);
    Map<String, Long> skipped = new LinkedHashMap<>();
    run.getAsJsonObject("files_skipped_by_reason").entrySet()
        .forEach(e -> skipped.put(e.getKey(), e.getValue().getAsLong()));
    assertEquals(layout.skipCounts(), skipped);
    assertEquals(layout.rows().size() + layout.skipped().size(), run.get("files_listed").getAsLong());
    assertEquals(layout.rows().size(), run.get("rows_written").getAsLong());
    assertEquals(2, run.getAsJsonObject("errors_by_class").get("TOO_LARGE").getAsLong());

    // Each row's path, as Hadoop reads it, opens the file it names.
    Configuration conf = new Configuration();
    for (Map.Entry<String, List<Object>> r : rows.entrySet()) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path((String) r.getValue().get(0));
      Path real = layout.real().get(r.getKey());
      assertTrue(Files.isSameFile(real, Path.of(p.toUri())), r.getKey());
      FileSystem fs = p.getFileSystem(conf);
      assertEquals(Files.size(real), fs.getFileStatus(p).getLen(), r.getKey());
      if (Files.size(real) < AwkwardInput.HUGE) {
        // Hadoop's checksummed LocalFileSystem cannot open a name with ':' (its ".name.crc" lookup parses the
        // name as a URI); its raw file system, which it wraps, can (README, "What it writes").
        FileSystem reader = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
        try (InputStream in = reader.open(p)) {
          assertArrayEquals(Files.readAllBytes(real), in.readAllBytes(), r.getKey());
        }
      }
    }

    Map<String, String> after = AwkwardInput.snapshot(tmp);
    after.keySet().removeIf(k -> k.equals("out") || k.startsWith("out/"));
    assertEquals(before, after, "the input is untouched");
  }

  @Test
  void aBatchThatCannotFitIsAnOptionErrorThatLeavesNoOutputSoTheCorrectedRunSucceeds() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("one"));
    Files.write(in.resolve("x.png"), ImageFixtures.png(ImageFixtures.quadrants()));
    Path out = tmp.resolve("batch-out");
    JobHarness.Run refused = job("--input", in.toString(), "--output", out.toString(), "--batch-size", "1000000");
    assertEquals(ExitCode.BAD_CONFIG, refused.code());
    String message = refused.err();
    assertTrue(message.contains("--batch-size 1000000") && message.contains("or less"), message);
    assertTrue(message.lines().count() < 10, "a message, not a stack trace: " + message);
    assertFalse(Files.exists(out), "a failed start leaves no output");
    assertEquals(ExitCode.OK, job("--input", in.toString(), "--output", out.toString(), "--batch-size", "8").code());
    assertEquals(1, DuckDb.count(out, "SELECT count(*) FROM OUT"));
  }

  @Test
  void aFileOverMaxFileBytesIsATooLargeRowNamingItsSize() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("limit"));
    byte[] png = ImageFixtures.png(ImageFixtures.quadrants());
    Files.write(in.resolve("small.png"), png);
    Files.write(in.resolve("bigger.png"), java.util.Arrays.copyOf(png, png.length + 1)); // one byte over the limit
    long biggerSize = Files.size(in.resolve("bigger.png"));
    Path out = tmp.resolve("limit-out");
    assertEquals(ExitCode.OK, job("--input", in.toString(), "--output", out.toString(),
        "--max-file-bytes", String.valueOf(png.length)).code());
    List<List<Object>> rows = DuckDb.query(out,
        "SELECT regexp_extract(path, '[^/]+$'), error_class, error FROM OUT ORDER BY 1");
    assertEquals(2, rows.size());
    assertEquals("bigger.png", rows.get(0).get(0));
    assertEquals("TOO_LARGE", rows.get(0).get(1));
    String error = (String) rows.get(0).get(2);
    assertTrue(error.contains(String.format(Locale.ROOT, "%,d bytes", biggerSize)), error);
    assertNotNull(rows.get(1).get(0));
    assertNull(rows.get(1).get(1), "a file at the limit is read: " + rows.get(1));
  }

  @Test
  void aListedFileThatBecameAFifoIsAReadFailedRowNotAHungTask() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("became-fifo"));
    Path good = Files.write(dir.resolve("good.png"), ImageFixtures.png(ImageFixtures.quadrants()));
    Path fifo = AwkwardInput.mkfifo(dir.resolve("was-a-file.png"));
    StructType schema = new StructType().add("path", DataTypes.StringType);
    List<Row> out;
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(fifo, 240)) {
      out = new EfficientNetClassifier()
          .setModelUrl(io.effnetspark.TestPaths.ONNX_MODEL.toString())
          .setInputCol("path").set(io.effnetspark.config.Settings.TOP_K, 1)
          .transform(spark.createDataFrame(List.of(RowFactory.create(InputWalk.hadoopPath(good)),
              RowFactory.create(InputWalk.hadoopPath(fifo))), schema))
          .select("path", "prediction.label", "prediction.error_class", "prediction.error")
          .orderBy("path").collectAsList();
      assertFalse(watchdog.fired(), "a task blocked opening the FIFO");
    }
    assertEquals(2, out.size());
    assertNotNull(out.get(0).getString(1), out.get(0).toString());
    assertEquals("READ_FAILED", out.get(1).getString(2));
    assertTrue(out.get(1).getString(3).contains("not a regular file"), out.get(1).getString(3));
  }
}
