package io.effnetspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.google.gson.GsonBuilder;
import io.effnetspark.config.JobConfig;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.spark.ImageDiscovery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The run summary, {@code <output>/_run.json}, computed from the committed Parquet rows of this run (read back,
 * filtered on {@code run_id}), so its counts are what the output holds, whatever retries happened.
 */
public final class RunSummary {
  public static final String FILE_NAME = "_run.json";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  private RunSummary() {}

  /**
   * @param filesListed files the listing saw; {@code filesSeen} of them were images and got a row each
   * @param wallSeconds from the first listing to the committed output
   */
  public static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model, long filesListed,
      long filesSeen, double wallSeconds) {
    return compute(spark, config, model, filesListed, filesSeen, Map.of(), wallSeconds);
  }

  /** The summary of a run over {@code listing}: its skipped files are counted per reason. */
  public static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model,
      ImageDiscovery.Listing listing, double wallSeconds) {
    return compute(spark, config, model, listing, wallSeconds, Double.NaN);
  }

  /**
   * @param readToCommitSeconds from the first file read by any task to the committed output (NaN: unknown); with
   *     it the summary also holds {@code read_to_commit_seconds} and {@code read_to_commit_images_per_second}
   */
  public static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model,
      ImageDiscovery.Listing listing, double wallSeconds, double readToCommitSeconds) {
    return compute(spark, config, model, listing.filesListed(), listing.imagesFound(), listing.skippedByReason(),
        wallSeconds, readToCommitSeconds);
  }

  private static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model, long filesListed,
      long filesSeen, Map<String, Long> skippedByReason, double wallSeconds) {
    return compute(spark, config, model, filesListed, filesSeen, skippedByReason, wallSeconds, Double.NaN);
  }

  private static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model, long filesListed,
      long filesSeen, Map<String, Long> skippedByReason, double wallSeconds, double readToCommitSeconds) {
    Dataset<Row> rows = spark.read().parquet(config.output()).filter(col("run_id").equalTo(config.runId()));
    Row totals = rows.agg(count(lit(1)), sum(when(col("error_class").isNull(), 1).otherwise(0))).first();
    long written = totals.getLong(0);
    long predicted = totals.isNullAt(1) ? 0 : totals.getLong(1);
    Map<String, Long> errorsByClass = new TreeMap<>();
    for (Row r : rows.filter(col("error_class").isNotNull()).groupBy("error_class").count().collectAsList()) {
      errorsByClass.put(r.getString(0), r.getLong(1));
    }
    RunSummary s = new RunSummary();
    s.fields.put("run_id", config.runId());
    s.fields.put("application_id", spark.sparkContext().applicationId());
    s.fields.put("model_id", model.sha256());
    s.fields.put("model", model.location());
    s.fields.put("engine", model.engine().optionName());
    s.fields.put("files_listed", filesListed);
    s.fields.put("files_skipped", filesListed - filesSeen);
    s.fields.put("files_skipped_by_reason", new LinkedHashMap<>(skippedByReason));
    s.fields.put("files_seen", filesSeen);
    s.fields.put("rows_written", written);
    s.fields.put("predicted", predicted);
    s.fields.put("errors", written - predicted);
    s.fields.put("errors_by_class", errorsByClass);
    if (config.labelsFromDirs()) {
      Row acc = rows.filter(col("error_class").isNull())
          .agg(sum(when(col("label").equalTo(col("true_label")), 1).otherwise(0))).first();
      long correct = acc.isNullAt(0) ? 0 : acc.getLong(0);
      s.fields.put("correct", correct);
      s.fields.put("accuracy", predicted == 0 ? null : (double) correct / predicted);
    }
    s.fields.put("wall_seconds", round(wallSeconds));
    s.fields.put("images_per_second", wallSeconds > 0 ? round(filesSeen / wallSeconds) : null);
    if (readToCommitSeconds > 0) {
      s.fields.put("read_to_commit_seconds", round(readToCommitSeconds));
      s.fields.put("read_to_commit_images_per_second", round(filesSeen / readToCommitSeconds));
    }
    s.fields.put("options", config.describe());
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  public Object get(String key) {
    return fields.get(key);
  }

  public long getLong(String key) {
    return ((Number) fields.get(key)).longValue();
  }

  public String toJson() {
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(fields);
  }

  /** Writes {@code _run.json} into the output folder (replacing the previous run's). */
  public void write(String output, Configuration conf) throws IOException {
    Path path = new Path(output, FILE_NAME);
    FileSystem fs = path.getFileSystem(conf);
    try (OutputStream out = fs.create(path, true)) {
      out.write(toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Short human-readable lines for the terminal. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    Object reasons = get("files_skipped_by_reason");
    b.append(String.format("effnet-spark run %s: %d files seen, %d predicted, %d errors%s, %d skipped%s%n",
        get("run_id"), getLong("files_seen"), getLong("predicted"), getLong("errors"),
        getLong("errors") > 0 ? " " + get("errors_by_class") : "", getLong("files_skipped"),
        getLong("files_skipped") > 0 && reasons instanceof Map<?, ?> m && !m.isEmpty() ? " " + m : ""));
    if (fields.containsKey("accuracy") && get("accuracy") != null) {
      b.append(String.format("top-1 accuracy (labels from folders): %.4f (%d / %d)%n", (double) get("accuracy"),
          getLong("correct"), getLong("predicted")));
    }
    b.append(String.format("%.1f s wall, %s images/s, model %s (%s)%n", (double) get("wall_seconds"),
        get("images_per_second"), ((String) get("model_id")).substring(0, 12), get("engine")));
    return b.toString();
  }
}
