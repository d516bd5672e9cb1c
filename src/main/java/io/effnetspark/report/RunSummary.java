package io.effnetspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import com.google.gson.GsonBuilder;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.SecretPattern;
import io.effnetspark.config.Settings;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.spark.PredictionSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run summary, {@code <output>/_run.json}, computed from the committed Parquet rows of this run (read back,
 * filtered on {@code run_id}), so its counts are what the output holds, whatever retries happened.
 */
public final class RunSummary {
  public static final String FILE_NAME = "_run.json";
  static final int CONFIDENCE_BINS = 10;
  /** With --incremental: {@code files_new}, {@code files_already_predicted}. */
  public static final String INCREMENTAL = "incremental";
  /**
   * Seconds per stage of the run, in order: start-up, listing, incremental_check, inference, commit, summary,
   * report; they add up to {@code wall_seconds} (the report's own time aside, which follows it).
   */
  public static final String STAGE_SECONDS = "stage_seconds";
  /** Present when decode scaling is off but most images are far larger than the model needs. */
  public static final String DECODE_SCALING_HINT = "decode_scaling_hint";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  private RunSummary() {}

  /** A summary of the given fields, in their order (the report's pages rendered without a run). */
  static RunSummary of(Map<String, Object> fields) {
    RunSummary s = new RunSummary();
    s.fields.putAll(fields);
    return s;
  }

  /**
   * The summary of this run's rows, read back from the output, with the counts of the listing.
   *
   * @param filesListed files the listing saw; {@code filesSeen} of them were images and got a row each
   * @param skippedByReason the other listed files per reason
   * @param wallSeconds from the launch to now (the job replaces it with {@link #putWall} when the run ends)
   * @param readToCommitSeconds from the first file read by any task to the committed output (NaN: unknown); with
   *     it the summary also holds {@code read_to_commit_seconds} and {@code read_to_commit_images_per_second}
   */
  public static RunSummary compute(SparkSession spark, JobConfig config, ModelArtifact model, long filesListed,
      long filesSeen, Map<String, Long> skippedByReason, double wallSeconds, double readToCommitSeconds) {
    Column scale = DecodeScalingHint.scale(config, model.card());
    Groups g = Groups.of(thisRun(spark, config), config.labelsFromDirs(), scale);
    RunSummary s = new RunSummary();
    s.fields.put("run_id", config.runId());
    // Filled in by the job once the run is judged; reserved here so that they come first.
    s.fields.put("exit_code", null);
    s.fields.put("status", null);
    if (config.partitioned()) {
      s.fields.put("run_date", config.get(Settings.RUN_DATE).toString());
      s.fields.put("partition", config.partitionDir());
    }
    s.fields.put("application_id", spark.sparkContext().applicationId());
    s.fields.put("spark_version", spark.version());
    s.fields.put("model_id", model.sha256());
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    SecretPattern secrets = SecretPattern.of(key -> conf.get(key, null));
    s.fields.put("model", secrets.redactText(model.location()));
    s.fields.put("engine", model.engine().optionName());
    s.fields.put("files_listed", filesListed);
    s.fields.put("files_skipped", filesListed - filesSeen);
    s.fields.put("files_skipped_by_reason", new LinkedHashMap<>(skippedByReason));
    s.fields.put("files_seen", filesSeen);
    if (config.get(Settings.INCREMENTAL)) {
      s.fields.put(INCREMENTAL, null);
    }
    s.fields.put("rows_written", g.written);
    s.fields.put("predicted", g.predicted);
    s.fields.put("errors", g.written - g.predicted);
    s.fields.put("errors_by_class", g.errorsByClass);
    if (config.labelsFromDirs()) {
      s.fields.put("correct", g.correct);
      s.fields.put("accuracy", g.predicted == 0 ? null : (double) g.correct / g.predicted);
    }
    s.fields.put("wall_seconds", round(wallSeconds));
    s.fields.put("images_per_second", wallSeconds > 0 ? round(g.written / wallSeconds) : null);
    // The span the benchmark's stage (c) times: first file read by any task to the committed output.
    if (readToCommitSeconds > 0) {
      s.fields.put("read_to_commit_seconds", round(readToCommitSeconds));
      s.fields.put("read_to_commit_images_per_second", round(g.written / readToCommitSeconds));
    }
    String hint = scale == null ? null : DecodeScalingHint.message(g.byScale);
    if (hint != null) {
      s.fields.put(DECODE_SCALING_HINT, hint);
    }
    s.fields.put(STAGE_SECONDS, new LinkedHashMap<>());
    Map<String, Long> labelCounts = new LinkedHashMap<>();
    model.labels().forEach(l -> labelCounts.put(l, 0L));
    g.labelCounts.forEach((k, v) -> labelCounts.merge(k, v, Long::sum));
    s.fields.put("label_counts", labelCounts);
    Map<String, Long> confidence = new LinkedHashMap<>();
    for (int i = 0; i < CONFIDENCE_BINS; i++) {
      confidence.put(String.format(java.util.Locale.ROOT, "%.1f-%.1f", (double) i / CONFIDENCE_BINS,
          (double) (i + 1) / CONFIDENCE_BINS), g.confidence[i]);
    }
    s.fields.put("confidence_histogram", confidence);
    if (config.labelsFromDirs()) {
      Map<String, Map<String, Object>> byTruth = new TreeMap<>();
      g.byTrueLabel.forEach((label, nc) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", nc[0]);
        m.put("correct", nc[1]);
        m.put("accuracy", nc[0] == 0 ? null : round((double) nc[1] / nc[0]));
        byTruth.put(label, m);
      });
      s.fields.put("accuracy_by_true_label", byTruth);
      // Rows: the folders' labels; columns: the predicted labels; cells: predicted images (errors not counted).
      s.fields.put("confusion_matrix", g.confusion);
    }
    s.fields.put("options", secrets.redactOptions(config.describe()));
    return s;
  }

  /**
   * Every count of the summary from one read and one aggregation: this run's rows grouped by (error class, label,
   * true label, tenth of probability, decode scale) — at most labels × true labels × 10 × 4 groups, few in
   * practice — then added up here. One pass, not one per figure: each query over the output costs a second or more
   * of listing, planning and scheduling on a 2-core machine, whatever the number of rows.
   */
  private static final class Groups {
    long written;
    long predicted;
    long correct;
    final Map<String, Long> errorsByClass = new TreeMap<>();
    final Map<String, Long> labelCounts = new LinkedHashMap<>();
    final long[] confidence = new long[CONFIDENCE_BINS];
    /** True label → {predicted images, correct}. */
    final Map<String, long[]> byTrueLabel = new TreeMap<>();
    /** True label → predicted label → predicted images. */
    final Map<String, Map<String, Long>> confusion = new TreeMap<>();
    /** {@link DecodeScalingHint#scale} → rows (empty without a scale column). */
    final Map<Integer, Long> byScale = new TreeMap<>();

    /** The groups of {@code rows}; {@code scale} (may be null) is {@link DecodeScalingHint#scale}. */
    static Groups of(Dataset<Row> rows, boolean labelsFromDirs, Column scale) {
      Column bin = least(floor(col("probability").multiply(CONFIDENCE_BINS)), lit(CONFIDENCE_BINS - 1)).cast("int");
      Column truth = labelsFromDirs ? col("true_label") : lit(null).cast("string");
      Column byScale = scale != null ? scale : lit(null).cast("int");
      Groups g = new Groups();
      for (Row r : rows.groupBy(col("error_class"), col("label"), truth.as("truth"), bin.as("bin"),
          byScale.as("scale")).agg(count(lit(1))).collectAsList()) {
        long n = r.getLong(5);
        g.written += n;
        if (!r.isNullAt(4)) {
          g.byScale.merge(r.getInt(4), n, Long::sum);
        }
        if (!r.isNullAt(0)) {
          g.errorsByClass.merge(r.getString(0), n, Long::sum);
          continue;
        }
        g.predicted += n;
        String label = r.getString(1);
        g.labelCounts.merge(label, n, Long::sum);
        if (!r.isNullAt(3)) {
          g.confidence[Math.max(0, Math.min(CONFIDENCE_BINS - 1, r.getInt(3)))] += n;
        }
        if (!r.isNullAt(2)) {
          long[] nc = g.byTrueLabel.computeIfAbsent(r.getString(2), k -> new long[2]);
          nc[0] += n;
          g.confusion.computeIfAbsent(r.getString(2), k -> new TreeMap<>()).merge(label, n, Long::sum);
          if (r.getString(2).equals(label)) {
            nc[1] += n;
            g.correct += n;
          }
        }
      }
      return g;
    }
  }

  /**
   * This run's committed rows, read back. With a run date only that partition's folder is listed and read,
   * so the summary of one night does not depend on how many nights the output holds.
   * The columns are {@link #readSchema}'s: stating them spares Spark the job that would infer them from a footer.
   */
  public static Dataset<Row> thisRun(SparkSession spark, JobConfig config) {
    Dataset<Row> rows;
    Path partition = config.partitioned()
        ? new Path(config.output(), config.partitionDir()) : null;
    StructType schema = readSchema(config);
    if (partition != null && exists(spark, partition)) {
      rows = spark.read().schema(schema).option("basePath", config.output()).parquet(partition.toString());
    } else {
      rows = spark.read().schema(schema).parquet(config.output());
      if (partition != null) {
        rows = rows.filter(col(JobConfig.RUN_DATE_COLUMN).cast("string")
            .equalTo(config.get(Settings.RUN_DATE).toString()));
      }
    }
    return rows.filter(col("run_id").equalTo(config.runId()));
  }

  /**
   * The output columns the summary and the report read, typed as the job writes them ({@code job.PredictionWriter};
   * {@code JobOnSamplesTest} checks that the written files hold each of them with this type).
   */
  public static StructType readSchema(JobConfig config) {
    StructType p = PredictionSchema.PREDICTION;
    StructType s = new StructType().add("path", DataTypes.StringType)
        .add(p.apply("label")).add(p.apply("probability")).add(p.apply("top_k"))
        .add(p.apply("width")).add(p.apply("height")).add(p.apply("error_class")).add(p.apply("error"));
    if (config.labelsFromDirs()) {
      s = s.add("true_label", DataTypes.StringType);
    }
    s = s.add("run_id", DataTypes.StringType);
    return config.partitioned() ? s.add(JobConfig.RUN_DATE_COLUMN, DataTypes.DateType) : s;
  }

  private static boolean exists(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /** Adds or replaces a field (the job adds incremental counts, stage times, Spark details). */
  public RunSummary put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /**
   * The run's wall time and its stages: {@code wall_seconds} (from the launch), {@code images_per_second} (rows
   * written / wall) and {@code stage_seconds}, whose stages add up to the wall.
   */
  public RunSummary putWall(double wallSeconds, Map<String, Double> stageSeconds) {
    fields.put("wall_seconds", round(wallSeconds));
    fields.put("images_per_second", wallSeconds > 0 ? round(getLong("rows_written") / wallSeconds) : null);
    fields.put(STAGE_SECONDS, stageSeconds);
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
    return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(fields);
  }

  /** Writes {@code _run.json} into the output folder (replacing the previous run's). */
  public void write(String output, Configuration conf) throws IOException {
    Path path = new Path(output, FILE_NAME);
    FileSystem fs = path.getFileSystem(conf);
    try (OutputStream out = fs.create(path, true)) {
      out.write(toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Short human-readable lines for the terminal ({@link SummaryText}). */
  public String toText() {
    return SummaryText.of(this);
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
