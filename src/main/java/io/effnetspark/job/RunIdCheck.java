package io.effnetspark.job;

import static org.apache.spark.sql.functions.col;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Refuses a {@code --run-id} that rows kept in the output already carry. The run's summary, exit code and
 * {@code _run.json} count the output's rows with this run's id (the proof that every listed file got a row), so a
 * reused id would count an earlier run's rows as this run's: "3 images to classify but 6 rows written", exit 1,
 * after a run that wrote its rows correctly. Generated ids (UTC time + random) are unique; only an id the user
 * states is checked, and only where earlier rows stay: {@code --mode append}, or {@code --run-date} with
 * {@code --mode overwrite} (the other dates' partitions stay; the replaced one does not count).
 */
public final class RunIdCheck {
  private RunIdCheck() {}

  /**
   * The refusal message, or empty when the id is free (or generated, or nothing of the output stays).
   *
   * @throws java.io.UncheckedIOException when the output cannot be listed
   */
  public static Optional<String> reused(SparkSession spark, JobConfig config) {
    boolean keepsRows = config.mode() == WriteMode.APPEND
        || (config.mode() == WriteMode.OVERWRITE && config.partitioned());
    if (!config.isExplicit(Settings.RUN_ID) || !keepsRows
        || !IncrementalFilter.holdsRows(spark, config.output())) {
      return Optional.empty();
    }
    Dataset<Row> kept = spark.read().parquet(config.output()).filter(col("run_id").equalTo(config.runId()));
    if (config.mode() == WriteMode.OVERWRITE) {
      kept = kept.filter(col(JobConfig.RUN_DATE_COLUMN).cast("string")
          .notEqual(config.get(Settings.RUN_DATE).toString()));
    }
    if (kept.limit(1).count() == 0) {
      return Optional.empty();
    }
    return Optional.of("--run-id " + config.runId() + " is already used by rows in " + config.output()
        + ": this run's summary counts the rows of its run id, so the earlier rows would be counted as this run's."
        + " Give each run its own id (Airflow: include the try number, as jobs/airflow's DAG does) or leave"
        + " --run-id out (a UTC time + random id is generated)");
  }
}
