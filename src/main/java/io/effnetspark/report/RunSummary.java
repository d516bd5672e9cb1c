package io.effnetspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.google.gson.GsonBuilder;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.PipelineSettings;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The run summary, {@code <output>/_run.json}, computed from the committed Parquet rows of this run (read back,
 * filtered on {@code run_id}), so its counts are what the output holds, whatever retries happened.
 */
public final class RunSummary {
  public static final String FILE_NAME = "_run.json";
  static final int CONFIDENCE_BINS = 10;
  /** With --incremental: {@code files_new}, {@code files_already_predicted}. */
  public static final String INCREMENTAL = "incremental";
  /** Seconds per stage of the run, in order: listing, incremental_check, inference, commit, summary, report. */
  public static final String STAGE_SECONDS = "stage_seconds";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  private RunSummary() {}

  /**
   * @param filesListed files the listing saw; {@code filesSeen} of them were images and got a row each
   * @param wallSeconds from the first listing to the committed output
   */
  public static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model, long filesListed,
      long filesSeen, double wallSeconds) {
    Dataset<Row> rows = thisRun(spark, config);
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
    s.fields.put("model", Redaction.redactValue(model.location()));
    s.fields.put("engine", model.engine().optionName());
    s.fields.put("files_listed", filesListed);
    s.fields.put("files_skipped", filesListed - filesSeen);
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
    s.fields.put("images_per_second", wallSeconds > 0 ? round(written / wallSeconds) : null);
    s.fields.put("label_counts", labelCounts(rows, model));
    s.fields.put("confidence_histogram", confidenceHistogram(rows));
    if (config.labelsFromDirs()) {
      s.fields.put("accuracy_by_true_label", accuracyByTrueLabel(rows));
    }
    s.fields.put("options", Redaction.redact(config.describe()));
    return s;
  }

  /** This run's committed rows, read back (only its {@code run_date} partition when there is one). */
  public static Dataset<Row> thisRun(SparkSession spark, JobConfig config) {
    Dataset<Row> rows = spark.read().parquet(config.output());
    if (config.pipeline().partitioned()) {
      rows = rows.filter(col(PipelineSettings.RUN_DATE_COLUMN).cast("string")
          .equalTo(config.pipeline().runDate().toString()));
    }
    return rows.filter(col("run_id").equalTo(config.runId()));
  }

  /** Predicted rows per top-1 label, every label of the model in logit order (0 when never predicted). */
  private static Map<String, Long> labelCounts(Dataset<Row> rows, ModelArtifact model) {
    Map<String, Long> counts = new LinkedHashMap<>();
    model.labels().forEach(l -> counts.put(l, 0L));
    for (Row r : rows.filter(col("error_class").isNull()).groupBy("label").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  /** Predicted rows per tenth of top-1 probability: [0, 0.1), ..., [0.9, 1.0]. */
  private static List<Map<String, Object>> confidenceHistogram(Dataset<Row> rows) {
    long[] bins = new long[CONFIDENCE_BINS];
    Column bin = least(floor(col("probability").multiply(CONFIDENCE_BINS)), lit(CONFIDENCE_BINS - 1))
        .cast("int").as("bin");
    for (Row r : rows.filter(col("error_class").isNull()).groupBy(bin).count().collectAsList()) {
      bins[Math.max(0, r.getInt(0))] += r.getLong(1);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < CONFIDENCE_BINS; i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("from", round((double) i / CONFIDENCE_BINS));
      b.put("to", round((double) (i + 1) / CONFIDENCE_BINS));
      b.put("count", bins[i]);
      out.add(b);
    }
    return out;
  }

  /** With --labels-from-dirs: per true label (folder), predicted images, correct ones and accuracy. */
  private static Map<String, Map<String, Object>> accuracyByTrueLabel(Dataset<Row> rows) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Row r : rows.filter(col("error_class").isNull()).groupBy("true_label")
        .agg(count(lit(1)), sum(when(col("label").equalTo(col("true_label")), 1).otherwise(0)))
        .collectAsList()) {
      long n = r.getLong(1);
      long correct = r.isNullAt(2) ? 0 : r.getLong(2);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("images", n);
      m.put("correct", correct);
      m.put("accuracy", n == 0 ? null : round((double) correct / n));
      out.put(String.valueOf(r.get(0)), m);
    }
    return out;
  }

  /** Adds or replaces a field (the job adds incremental counts, stage times, Spark details). */
  public RunSummary put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** The fields, in order, for the HTML report. */
  public Map<String, Object> fields() {
    return java.util.Collections.unmodifiableMap(fields);
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
    String incremental = "";
    if (get(INCREMENTAL) instanceof Map<?, ?> inc) {
      incremental = String.format(", %s new (%s already predicted by this model, skipped)", inc.get("files_new"),
          inc.get("files_already_predicted"));
    }
    b.append(String.format("effnet-spark run %s: %d files seen%s, %d predicted, %d errors%s, %d skipped (not images)%n",
        get("run_id"), getLong("files_seen"), incremental, getLong("predicted"), getLong("errors"),
        getLong("errors") > 0 ? " " + get("errors_by_class") : "", getLong("files_skipped")));
    if (fields.containsKey("accuracy") && get("accuracy") != null) {
      b.append(String.format("top-1 accuracy (labels from folders): %.4f (%d / %d)%n", (double) get("accuracy"),
          getLong("correct"), getLong("predicted")));
    }
    b.append(String.format("%.1f s wall, %s images/s, model %s (%s)%n", (double) get("wall_seconds"),
        get("images_per_second"), ((String) get("model_id")).substring(0, 12), get("engine")));
    String stages = stages(", ");
    if (!stages.isEmpty()) {
      b.append("time per stage: ").append(stages).append(System.lineSeparator());
    }
    return b.toString();
  }

  /** "listing 1.2 s, inference 4.0 s, ..." from {@code stage_seconds}; empty when there is none. */
  public String stages(String separator) {
    List<String> parts = new ArrayList<>();
    if (get(STAGE_SECONDS) instanceof Map<?, ?> stages) {
      stages.forEach((k, v) -> parts.add(String.format(java.util.Locale.ROOT, "%s %.1f s",
          k.toString().replace('_', ' '), ((Number) v).doubleValue())));
    }
    return String.join(separator, parts);
  }
}
