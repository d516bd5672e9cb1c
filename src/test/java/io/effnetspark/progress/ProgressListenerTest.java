package io.effnetspark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The progress counts on the driver are exact once a job is done, even when tasks fail after counting some rows
 * and are retried: Spark merges only successful attempts. Uses its own session, local[2,4] (up to 4 attempts per
 * task), because local[2] never retries.
 */
class ProgressListenerTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2,4]").appName("progress-listener-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static final StructType SCHEMA = new StructType().add("path", DataTypes.StringType)
      .add("error_class", DataTypes.StringType);

  /** Fails the first attempt of every task after it has pulled {@code after} rows through the counter. */
  static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
    private final int after;

    FailFirstAttempt(int after) {
      this.after = after;
    }

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        out.add(rows.next());
        if (out.size() == after && TaskContext.get().attemptNumber() == 0) {
          throw new IllegalStateException("injected failure of attempt 0 after " + after + " rows");
        }
      }
      return out.iterator();
    }
  }

  @Test
  void countsOfFailedAttemptsAreNotCountedAndTheFinalCountsAreExact() throws Exception {
    List<Row> input = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      input.add(RowFactory.create("file-" + i + ".png", i % 10 == 0 ? "CORRUPT" : null));
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ProgressReporter progress = ProgressReporter.start(spark.sparkContext(), java.time.Duration.ZERO,
        lines::add)) {
      Dataset<Row> rows = spark.createDataFrame(input, SCHEMA).repartition(6);
      Dataset<Row> counted = ProgressCounter.count(rows, progress.rowsAccumulator(), progress.errorsAccumulator());
      progress.classifying(120);
      long n = counted.mapPartitions(new FailFirstAttempt(5), Encoders.row(SCHEMA)).count();
      ProgressReporter.Result result = progress.finishClassifying();

      assertEquals(120, n);
      assertEquals(120, result.rows(), "every row once, although 6 failed attempts had counted 5 rows each");
      assertEquals(12, result.errors());
      assertTrue(progress.listener().awaitMergedRows(120, 30_000), "the listener saw the successful task ends");
      ProgressListener.Snapshot s = progress.listener().snapshot();
      assertEquals(120, s.rows());
      assertEquals(12, s.errors());
      assertEquals(0, s.runningTasks());
    }
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("classified 120 / 120 images in "), lines.get(0));
    assertTrue(lines.get(0).contains("12 errors"), lines.get(0));
  }
}
