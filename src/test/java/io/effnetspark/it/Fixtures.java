package io.effnetspark.it;

import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Shared inputs of the S3 and cluster tests: a subset of the committed samples, and the job's output on it from a
 * plain local run — the reference the S3 and cluster runs must reproduce row for row.
 */
final class Fixtures {
  static final int PER_CLASS = 10;
  private static Path images;
  private static Map<String, Row> reference;

  /** One output row, keyed elsewhere by {@code class/file.png} so local, s3a and cluster paths compare. */
  record Row(String label, Integer labelIndex, Float probability, String errorClass, String trueLabel,
      String runId) {}

  private Fixtures() {}

  /** {@value #PER_CLASS} sample PNGs of each class in class folders (100 files). */
  static synchronized Path images() throws IOException {
    if (images == null) {
      Path dir = Scripts.target().resolve("it-fixtures/images");
      deleteRecursively(dir);
      try (Stream<Path> classes = Files.list(TestPaths.SAMPLES)) {
        for (Path cls : classes.filter(Files::isDirectory).sorted().toList()) {
          Path target = Files.createDirectories(dir.resolve(cls.getFileName().toString()));
          try (Stream<Path> files = Files.list(cls)) {
            for (Path f : files.sorted().limit(PER_CLASS).toList()) {
              Files.copy(f, target.resolve(f.getFileName().toString()));
            }
          }
        }
      }
      images = dir;
    }
    return images;
  }

  static long imageCount() throws IOException {
    try (Stream<Path> files = Files.walk(images())) {
      return files.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  /** The job in this JVM (Spark local mode) on local files: the rows every other run is compared with. */
  static synchronized Map<String, Row> reference() throws IOException, SQLException {
    if (reference == null) {
      Path out = Scripts.target().resolve("it-fixtures/reference-predictions");
      deleteRecursively(out);
      JobHarness.Run run = JobHarness.run("--input", images().toString(), "--output", out.toString(),
          "--labels-from-dirs", "--partitions", "2", "--run-id", "reference");
      SparkSession.getActiveSession().foreach(s -> {
        s.stop();
        return null;
      });
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
      if (run.code() != ExitCode.OK) {
        throw new IllegalStateException("reference run failed (" + run.code() + "): " + run.printed());
      }
      reference = rows(out);
      System.out.println("reference run (local mode, in this JVM) done");
    }
    return reference;
  }

  /** Every row of the Parquet files under {@code dir}, read by DuckDB (independent of Spark). */
  static Map<String, Row> rows(Path dir) throws SQLException {
    String source = "read_parquet('" + dir.toString().replace("'", "''") + "/*.parquet')";
    Map<String, Row> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT path, label, label_index, probability, error_class, true_label, "
            + "run_id FROM " + source)) {
      while (rs.next()) {
        String[] parts = rs.getString(1).split("/");
        String key = parts[parts.length - 2] + "/" + parts[parts.length - 1];
        Row row = new Row(rs.getString(2), (Integer) rs.getObject(3), (Float) rs.getObject(4), rs.getString(5),
            rs.getString(6), rs.getString(7));
        if (rows.put(key, row) != null) {
          throw new AssertionError("two rows for " + key + " in " + dir);
        }
      }
    }
    return rows;
  }

  /** Number of Parquet rows under {@code dir} (duplicates included). */
  static long rowCount(Path dir) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + dir.toString().replace("'", "''")
            + "/*.parquet')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The rows without their run id, for comparing two runs. */
  static Map<String, Row> withoutRunId(Map<String, Row> rows) {
    Map<String, Row> m = new TreeMap<>();
    rows.forEach((k, r) -> m.put(k, new Row(r.label(), r.labelIndex(), r.probability(), r.errorClass(),
        r.trueLabel(), null)));
    return m;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static List<String> modelFiles() {
    return List.of("model.onnx", "labels.txt", "model-card.json");
  }
}
