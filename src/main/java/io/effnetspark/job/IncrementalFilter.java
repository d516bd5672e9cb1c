package io.effnetspark.job;

import static org.apache.spark.sql.functions.col;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --incremental}: keeps the listed images that have no row yet in the output from the same model.
 *
 * <p>A file counts as done when a row with the same {@code path}, {@code file_size} and {@code modification_time}
 * and this run's {@code model_id} exists, whether that row is a prediction or a per-file error: a file that
 * changes (new size or modification time) or a new model is predicted again. The match is a Spark
 * {@code left_anti} join of the listing against the output's rows, so neither side is collected on the driver.
 *
 * <p>With {@code --run-date D --mode overwrite} the rows of partition {@code D} do not count as done: that
 * partition is about to be replaced, so re-running a date predicts again what that date held and the partition
 * comes out the same.
 */
public final class IncrementalFilter {
  private IncrementalFilter() {}

  /**
   * @param images listed images: {@code path}, {@code length}, {@code modificationTime}
   * @param alreadyPredicted listed images skipped because the output holds them
   * @param toPredict the other listed images, same columns as the listing
   * @param newFiles rows of {@code toPredict}
   * @param replacedPartition the partition whose rows did not count as done because this run replaces it
   *     ({@code run_date=...}), or null
   */
  public record Result(Dataset<Row> toPredict, long newFiles, long alreadyPredicted, String replacedPartition) {}

  /**
   * @param imagesFound rows of {@code images}, already counted by the listing
   * @throws UncheckedIOException when the output cannot be listed
   */
  public static Result apply(SparkSession spark, Dataset<Row> images, long imagesFound, JobConfig config,
      String modelId) {
    if (!holdsRows(spark, config.output())) {
      return new Result(images, imagesFound, 0, null);
    }
    Dataset<Row> done = spark.read().parquet(config.output()).filter(col("model_id").equalTo(modelId));
    String replaced = null;
    if (config.partitioned() && config.mode() == WriteMode.OVERWRITE) {
      replaced = config.partitionDir();
      // Compare as strings: Spark infers the partition column's type from the folder names (a date here).
      done = done.filter(col(JobConfig.RUN_DATE_COLUMN).cast("string")
          .notEqual(config.get(Settings.RUN_DATE).toString()));
    }
    done = done.select(col("path").as("done_path"), col("file_size").as("done_size"),
        col("modification_time").as("done_mtime"));
    Column same = images.col("path").equalTo(done.col("done_path"))
        .and(images.col("length").equalTo(done.col("done_size")))
        .and(images.col("modificationTime").equalTo(done.col("done_mtime")));
    Dataset<Row> toPredict = images.join(done, same, "left_anti");
    long fresh = toPredict.count();
    return new Result(toPredict, fresh, imagesFound - fresh, replaced);
  }

  /** Whether {@code output} exists and holds anything besides metadata ({@code _run.json}, {@code _report.html}). */
  static boolean holdsRows(SparkSession spark, String output) {
    try {
      Path path = new Path(output);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return false;
      }
      for (FileStatus s : fs.listStatus(path)) {
        String name = s.getPath().getName();
        if (!name.startsWith("_") && !name.startsWith(".")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list output " + output + ": " + e.getMessage(), e);
    }
  }
}
