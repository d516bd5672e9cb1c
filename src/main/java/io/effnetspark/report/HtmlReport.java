package io.effnetspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code --report}: {@code <output>/_report.html}, one self-contained HTML file (inline CSS, thumbnails as
 * {@code data:} URIs, no script, nothing fetched) that shows what the run did: status and run summary, the
 * predicted-class histogram, the confidence (top-1 probability) histogram, a few thumbnails per class with their
 * top-k (the most and the least confident), and the per-file errors.
 *
 * <p>Counts and histograms come from {@code _run.json}'s fields; thumbnails and the error table from this run's
 * committed rows, read back; the thumbnails' pixels from the source files, read on the driver.
 */
public final class HtmlReport {
  public static final String FILE_NAME = "_report.html";
  /** Thumbnails are shown for at most this many classes (the most predicted ones). */
  static final int MAX_THUMBNAIL_CLASSES = 24;
  /** Rows of the error table. */
  static final int MAX_ERROR_ROWS = 200;

  private HtmlReport() {}

  /** Reads back what the page needs; {@code summary} has been computed for this run. */
  static HtmlPage.Content collect(SparkSession spark, JobConfig config, RunSummary summary, int exitCode, String status) {
    Dataset<Row> rows = RunSummary.thisRun(spark, config);
    Map<String, List<HtmlPage.Example>> examples = examples(spark, config, rows, summary);
    List<HtmlPage.ErrorRow> errors = new ArrayList<>();
    if (((Number) summary.get("errors")).longValue() > 0) {
      for (Row r : rows.filter(col("error_class").isNotNull()).select("path", "error_class", "error")
          .orderBy("path").limit(MAX_ERROR_ROWS).collectAsList()) {
        errors.add(new HtmlPage.ErrorRow(r.getString(0), r.getString(1), r.getString(2)));
      }
    }
    return new HtmlPage.Content(summary, exitCode, status, examples, errors,
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")));
  }

  /**
   * Deletes an earlier run's report from {@code output}: a run without {@code --report} then leaves no report that
   * disagrees with its {@code _run.json}.
   *
   * @return whether there was one
   * @throws IOException when the output's file system fails
   */
  public static boolean removeStale(String output, Configuration conf) throws IOException {
    Path path = new Path(output, FILE_NAME);
    FileSystem fs = path.getFileSystem(conf);
    return fs.exists(path) && fs.delete(path, false);
  }

  /** Builds and writes the report through Hadoop's FileSystem (any scheme), replacing the previous one. */
  public static void write(SparkSession spark, JobConfig config, RunSummary summary, int exitCode, String status)
      throws IOException {
    String html = HtmlPage.render(collect(spark, config, summary, exitCode, status));
    Path path = new Path(config.output(), FILE_NAME);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = fs.create(path, true)) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Per class (the most predicted first, at most {@link #MAX_THUMBNAIL_CLASSES}), up to N examples: the
   * ceil(N/2) most and floor(N/2) least confident, chosen with window functions on the executors.
   */
  private static Map<String, List<HtmlPage.Example>> examples(SparkSession spark, JobConfig config, Dataset<Row> rows,
      RunSummary summary) {
    int n = config.get(Settings.REPORT_THUMBNAILS);
    Map<String, List<HtmlPage.Example>> byClass = new LinkedHashMap<>();
    List<String> classes = new ArrayList<>();
    HtmlPage.labelCounts(summary).entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(MAX_THUMBNAIL_CLASSES)
        .forEach(e -> classes.add(e.getKey()));
    if (n == 0 || classes.isEmpty()) {
      return byClass;
    }
    int most = (n + 1) / 2;
    int least = n / 2;
    WindowSpec desc = Window.partitionBy("label").orderBy(col("probability").desc(), col("path"));
    WindowSpec asc = Window.partitionBy("label").orderBy(col("probability").asc(), col("path"));
    boolean truth = config.labelsFromDirs();
    List<Row> picked = rows.filter(col("error_class").isNull().and(col("label").isin(classes.toArray())))
        .withColumn("rank_high", row_number().over(desc))
        .withColumn("rank_low", row_number().over(asc))
        .filter(col("rank_high").leq(most).or(col("rank_low").leq(least)))
        .select(col("path"), col("label"), col("probability"), col("top_k"),
            truth ? col("true_label") : org.apache.spark.sql.functions.lit(null).cast("string"), col("rank_high"))
        .collectAsList();
    Thumbnails thumbs = new Thumbnails(spark.sparkContext().hadoopConfiguration(),
        config.get(Settings.MAX_PIXELS));
    classes.forEach(c -> byClass.put(c, new ArrayList<>()));
    picked.stream().sorted(Comparator.comparing((Row r) -> r.getInt(5))).forEach(r -> {
      List<HtmlPage.Scored> top = new ArrayList<>();
      for (Row t : r.<Row>getList(3)) {
        top.add(new HtmlPage.Scored(t.getString(0), t.getFloat(2)));
      }
      byClass.get(r.getString(1)).add(new HtmlPage.Example(r.getString(0), r.getString(1), r.getFloat(2), top,
          r.isNullAt(4) ? null : r.getString(4), r.getInt(5) <= most, thumbs.of(r.getString(0))));
    });
    return byClass;
  }
}
