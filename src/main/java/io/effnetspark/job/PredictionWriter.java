package io.effnetspark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.model.OutputKind;
import io.effnetspark.output.OutputGuard;
import io.effnetspark.spark.PredictionSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Shapes the classifier's output into the job's Parquet rows and writes them.
 *
 * <p>Columns: {@code path}, {@code label}, {@code label_index}, {@code probability}, {@code top_k}
 * (array of struct label/index/probability), {@code width}, {@code height}, {@code error_class}, {@code error},
 * {@code above_threshold} (only for multi-label models: card {@code output.kind: sigmoid_logits}), {@code file_size}
 * (bytes), {@code modification_time}, {@code true_label} (only with --labels-from-dirs),
 * {@code model_id} (sha256 of the model file), {@code run_id}, and with {@code --run-date} the partition column
 * {@code run_date} (date).
 */
public final class PredictionWriter {
  private PredictionWriter() {}

  /** The output rows for one run, from rows of {@code path, length, modificationTime, prediction}. */
  public static Dataset<Row> toOutputRows(Dataset<Row> classified, JobConfig config, ModelArtifact model) {
    List<Column> cols = new ArrayList<>();
    cols.add(col("path"));
    boolean multiLabel = model.card().outputKind() == OutputKind.SIGMOID_LOGITS;
    for (String field : PredictionSchema.PREDICTION.fieldNames()) {
      if (field.equals(PredictionSchema.ABOVE_THRESHOLD) && !multiLabel) {
        continue; // only multi-label models add it: other models' outputs keep their columns
      }
      if (field.equals(PredictionSchema.MODEL_ID)) {
        continue; // a column of its own, after the file's columns (below)
      }
      cols.add(col("prediction." + field).as(field));
    }
    cols.add(col("length").as("file_size"));
    cols.add(col("modificationTime").as("modification_time"));
    if (config.labelsFromDirs()) {
      cols.add(element_at(split(col("path"), "/"), -2).as("true_label"));
    }
    // From the rows themselves: the model each row was made with.
    cols.add(col("prediction." + PredictionSchema.MODEL_ID).as(PredictionSchema.MODEL_ID));
    cols.add(lit(config.runId()).as("run_id"));
    if (config.partitioned()) {
      cols.add(lit(config.get(Settings.RUN_DATE)).as(JobConfig.RUN_DATE_COLUMN));
    }
    return classified.select(cols.toArray(new Column[0]));
  }

  /**
   * Writes with {@code --mode}, under the output's lock ({@code output.OutputGuard}). With {@code --run-date} the output is partitioned by {@code run_date} and
   * overwrite is dynamic (set on this write, not the session): only the partitions written are replaced, so
   * re-running a date replaces that date and leaves the others. Errorifexists then applies to the date's
   * partition, which {@code Preflight} has checked is absent, so the write itself appends.
   */
  public static void write(Dataset<Row> rows, JobConfig config) throws IOException {
    if (!config.partitioned()) {
      // The folder exists (it holds this run's output.OutputLock): errorifexists was checked under the lock, and
      // overwrite empties it here but for the lock, as Spark's overwrite would; the write itself appends.
      if (config.mode() == WriteMode.OVERWRITE) {
        OutputGuard.clearForOverwrite(config.output(), rows.sparkSession().sparkContext().hadoopConfiguration());
      }
      rows.write().mode("append").parquet(config.output());
      return;
    }
    String mode = config.mode() == WriteMode.OVERWRITE ? "overwrite" : "append";
    rows.write().mode(mode)
        .partitionBy(JobConfig.RUN_DATE_COLUMN)
        .option("partitionOverwriteMode", "dynamic")
        .parquet(config.output());
  }
}
