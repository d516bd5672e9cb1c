package io.effnetspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.effnetspark.config.JobConfig;
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
import java.util.Locale;
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

  /** One example image with its prediction. */
  record Example(String path, String label, float probability, List<Scored> topK, String trueLabel, boolean mostConfident,
      Thumbnails.Thumbnail thumbnail) {}

  record Scored(String label, float probability) {}

  record ErrorRow(String path, String errorClass, String error) {}

  /** What the page shows. */
  record Content(RunSummary summary, int exitCode, String status, Map<String, List<Example>> examples,
      List<ErrorRow> errors, String generatedAt) {}

  /** Reads back what the page needs; {@code summary} has been computed for this run. */
  static Content collect(SparkSession spark, JobConfig config, RunSummary summary, int exitCode, String status) {
    Dataset<Row> rows = RunSummary.thisRun(spark, config);
    Map<String, List<Example>> examples = examples(spark, config, rows, summary);
    List<ErrorRow> errors = new ArrayList<>();
    if (((Number) summary.get("errors")).longValue() > 0) {
      for (Row r : rows.filter(col("error_class").isNotNull()).select("path", "error_class", "error")
          .orderBy("path").limit(MAX_ERROR_ROWS).collectAsList()) {
        errors.add(new ErrorRow(r.getString(0), r.getString(1), r.getString(2)));
      }
    }
    return new Content(summary, exitCode, status, examples, errors,
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
    String html = render(collect(spark, config, summary, exitCode, status));
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
  private static Map<String, List<Example>> examples(SparkSession spark, JobConfig config, Dataset<Row> rows,
      RunSummary summary) {
    int n = config.pipeline().reportThumbnails();
    Map<String, List<Example>> byClass = new LinkedHashMap<>();
    List<String> classes = new ArrayList<>();
    labelCounts(summary).entrySet().stream().filter(e -> e.getValue() > 0)
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
        config.inference().maxPixels());
    classes.forEach(c -> byClass.put(c, new ArrayList<>()));
    picked.stream().sorted(Comparator.comparing((Row r) -> r.getInt(5))).forEach(r -> {
      List<Scored> top = new ArrayList<>();
      for (Row t : r.<Row>getList(3)) {
        top.add(new Scored(t.getString(0), t.getFloat(2)));
      }
      byClass.get(r.getString(1)).add(new Example(r.getString(0), r.getString(1), r.getFloat(2), top,
          r.isNullAt(4) ? null : r.getString(4), r.getInt(5) <= most, thumbs.of(r.getString(0))));
    });
    return byClass;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> labelCounts(RunSummary summary) {
    Object counts = summary.get("label_counts");
    Map<String, Long> out = new LinkedHashMap<>();
    if (counts instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).forEach((k, v) -> out.put(k, ((Number) v).longValue()));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ rendering

  private static final String CSS = """
      :root { --fg: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #f5f7fa; --bar: #3d7fd9;
              --good: #1f7a34; --good-bg: #e3f9e5; --bad: #c62828; --bad-bg: #ffe3e3; }
      * { box-sizing: border-box; }
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
             color: var(--fg); margin: 0 auto; max-width: 1200px; padding: 24px 28px 48px; background: #fff; }
      h1 { font-size: 24px; margin: 0 0 4px; }
      h1 code { font-size: inherit; }
      h2 { font-size: 18px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
      h3 { font-size: 14px; margin: 0 0 8px; }
      .sub { color: var(--muted); margin: 0 0 12px; }
      .status { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; }
      .status.ok { background: var(--good-bg); color: var(--good); }
      .status.bad { background: var(--bad-bg); color: var(--bad); }
      nav { margin: 14px 0 8px; color: var(--muted); }
      nav a { color: var(--bar); text-decoration: none; margin-right: 14px; }
      section { margin: 30px 0; }
      .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
      .card { background: var(--panel); border-radius: 6px; padding: 10px 14px; min-width: 130px; }
      .card .v { font-size: 20px; font-weight: 600; }
      .card .k { color: var(--muted); font-size: 12px; }
      table { border-collapse: collapse; }
      table.kv td { padding: 3px 18px 3px 0; vertical-align: top; }
      table.kv td:first-child { color: var(--muted); white-space: nowrap; }
      table.grid { width: 100%; }
      table.grid th, table.grid td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line);
             vertical-align: top; }
      table.grid th { background: var(--panel); font-weight: 600; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      code, .path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
      .hist { display: grid; grid-template-columns: minmax(120px, max-content) minmax(200px, 1fr) max-content
              max-content; gap: 6px 12px; align-items: center; }
      .hist .name { white-space: nowrap; }
      .track { background: var(--panel); height: 18px; border-radius: 3px; overflow: hidden; }
      .fill { background: var(--bar); height: 100%; }
      .muted { color: var(--muted); }
      .vbars { display: flex; align-items: flex-end; gap: 6px; height: 200px; padding: 0 4px;
               border-bottom: 1px solid #9aa5b1; }
      .vbar { flex: 1; height: 100%; display: flex; flex-direction: column; justify-content: flex-end;
              align-items: center; }
      .vbar .fill { width: 100%; border-radius: 3px 3px 0 0; min-height: 1px; }
      .vbar .count { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
      .vlabels { display: flex; gap: 6px; padding: 4px 4px 0; }
      .vlabels span { flex: 1; text-align: center; font-size: 11px; color: var(--muted); }
      .class-row { margin: 0 0 18px; }
      .figs { display: flex; flex-wrap: wrap; gap: 12px; }
      figure.ex { margin: 0; width: 214px; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
      figure.ex.wrong { border-color: var(--bad); box-shadow: inset 0 0 0 1px var(--bad); }
      figure.ex .img { height: 100px; display: flex; align-items: center; justify-content: center;
                       background: var(--panel); border-radius: 4px; margin-bottom: 6px; }
      figure.ex img.pixelated { image-rendering: pixelated; }
      figcaption { font-size: 12px; }
      .tag { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: var(--panel); color: var(--muted);
             white-space: nowrap; display: inline-block; margin: 1px 0; }
      .tag.bad { background: var(--bad-bg); color: var(--bad); }
      ol.topk { list-style: none; margin: 6px 0 0; padding: 0; }
      ol.topk li { display: grid; grid-template-columns: 1fr 50px; gap: 0 6px; font-size: 12px; }
      ol.topk li .mini { grid-column: 1 / 3; height: 3px; background: var(--panel); margin-bottom: 3px; }
      ol.topk li .mini div { height: 100%; background: var(--bar); }
      ol.topk li.top { font-weight: 600; }
      details pre { background: var(--panel); padding: 12px; overflow: auto; font-size: 12px; }
      footer { color: var(--muted); font-size: 12px; margin-top: 36px; border-top: 1px solid var(--line);
               padding-top: 8px; }
      """;

  static String render(Content c) {
    RunSummary s = c.summary();
    StringBuilder h = new StringBuilder(64 * 1024);
    String runId = String.valueOf(s.get("run_id"));
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>effnet-spark report: run ").append(esc(runId)).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    header(h, c);
    summarySection(h, c);
    classSection(h, s);
    confidenceSection(h, s);
    examplesSection(h, c);
    errorsSection(h, c);
    h.append("<section id=\"run-json\">\n<h2>_run.json</h2>\n<details><summary>The run summary as written beside "
        + "the output (configuration with secrets redacted)</summary>\n<pre>")
        .append(esc(s.toJson())).append("</pre></details>\n</section>\n");
    h.append("<footer>Generated by effnet-spark at ").append(esc(c.generatedAt()))
        .append(". One self-contained file: no scripts, nothing loaded from elsewhere.</footer>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, Content c) {
    RunSummary s = c.summary();
    h.append("<header>\n<h1>effnet-spark run <code>").append(esc(String.valueOf(s.get("run_id"))))
        .append("</code></h1>\n<p class=\"sub\">").append(fmt(s.get("rows_written"))).append(" image files processed")
        .append(" from <span class=\"path\">").append(esc(option(s, "input"))).append("</span> into <span class=\"path\">")
        .append(esc(option(s, "output"))).append("</span>");
    if (option(s, "run-date") != null && !"null".equals(option(s, "run-date"))) {
      h.append(", run date ").append(esc(option(s, "run-date")));
    }
    h.append("</p>\n<p><span id=\"status\" class=\"status ").append(c.exitCode() == 0 ? "ok" : "bad").append("\">")
        .append(esc(c.status())).append("</span></p>\n");
    h.append("<nav><a href=\"#summary\">Summary</a><a href=\"#class-histogram\">Predicted classes</a>"
        + "<a href=\"#confidence-histogram\">Confidence</a><a href=\"#examples\">Examples</a>"
        + "<a href=\"#errors\">Errors</a><a href=\"#run-json\">_run.json</a></nav>\n</header>\n");
  }

  private static void summarySection(StringBuilder h, Content c) {
    RunSummary s = c.summary();
    h.append("<section id=\"summary\">\n<h2>Run summary</h2>\n<div class=\"cards\">\n");
    card(h, "images processed", fmt(s.get("rows_written")));
    card(h, "predicted", fmt(s.get("predicted")));
    card(h, "errors", fmt(s.get("errors")));
    if (s.get("accuracy") != null) {
      card(h, "top-1 accuracy (folders)", String.format(Locale.ROOT, "%.2f %%", 100 * ((Number) s.get("accuracy"))
          .doubleValue()));
    }
    card(h, "images / s", fmt(s.get("images_per_second")));
    card(h, "wall time", fmt(s.get("wall_seconds")) + " s");
    h.append("</div>\n<table class=\"kv\">\n");
    row(h, "run id", s.get("run_id"));
    row(h, "exit code", c.exitCode() + " (" + c.status() + ")");
    row(h, "Spark application", s.get("application_id"));
    row(h, "model", s.get("model") + " (" + s.get("engine") + ", sha256 " + s.get("model_id") + ")");
    row(h, "files listed", fmt(s.get("files_listed")) + " (" + fmt(s.get("files_skipped")) + " skipped"
        + skipReasons(s.get("files_skipped_by_reason")) + ")");
    if (s.get(RunSummary.INCREMENTAL) instanceof Map<?, ?> inc) {
      row(h, "incremental", fmt(inc.get("files_new")) + " new or changed images classified; "
          + fmt(inc.get("files_already_predicted")) + " already predicted by this model, skipped");
    }
    row(h, "rows written", s.get("rows_written"));
    String stages = s.stages(" · ");
    if (!stages.isEmpty()) {
      row(h, "time per stage", stages);
    }
    h.append("</table>\n</section>\n");
  }

  private static void classSection(StringBuilder h, RunSummary s) {
    Map<String, Long> counts = labelCounts(s);
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    Map<?, ?> byTruth = s.get("accuracy_by_true_label") instanceof Map<?, ?> m ? m : Map.of();
    h.append("<section id=\"class-histogram\">\n<h2>Predicted classes</h2>\n");
    if (total == 0) {
      h.append("<p class=\"muted\">No image was classified in this run.</p>\n</section>\n");
      return;
    }
    h.append("<p class=\"sub\">Top-1 label of each predicted image").append(byTruth.isEmpty() ? ""
        : "; on the right, the accuracy on the images whose folder bears that name").append(".</p>\n");
    h.append("<div class=\"hist\">\n");
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
      double pct = max == 0 ? 0 : 100.0 * e.getValue() / max;
      h.append("<span class=\"name\">").append(esc(e.getKey())).append("</span>")
          .append("<div class=\"track\"><div class=\"fill\" style=\"width:")
          .append(String.format(Locale.ROOT, "%.2f", pct)).append("%\"></div></div>")
          .append("<span class=\"num\">").append(fmt(e.getValue())).append(String.format(Locale.ROOT,
              " <span class=\"muted\">(%.1f %%)</span>", 100.0 * e.getValue() / total)).append("</span>");
      Object acc = byTruth.get(e.getKey()) instanceof Map<?, ?> t ? t.get("accuracy") : null;
      h.append("<span class=\"muted\">").append(acc == null ? "" : String.format(Locale.ROOT, "accuracy %.1f %%",
          100 * ((Number) acc).doubleValue())).append("</span>\n");
    });
    h.append("</div>\n</section>\n");
  }

  private static void confidenceSection(StringBuilder h, RunSummary s) {
    h.append("<section id=\"confidence-histogram\">\n<h2>Confidence</h2>\n");
    List<long[]> bins = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (s.get("confidence_histogram") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        names.add(String.valueOf(k).replace('-', '–'));
        bins.add(new long[] {((Number) v).longValue()});
      });
    }
    long max = bins.stream().mapToLong(b -> b[0]).max().orElse(0);
    if (max == 0) {
      h.append("<p class=\"muted\">No image was classified in this run.</p>\n</section>\n");
      return;
    }
    h.append("<p class=\"sub\">Predicted images by top-1 probability (softmax), in tenths.</p>\n<div class=\"vbars\">");
    for (long[] b : bins) {
      h.append("<div class=\"vbar\"><span class=\"count\">").append(fmt(b[0])).append("</span>")
          .append("<div class=\"fill\" style=\"height:").append(String.format(Locale.ROOT, "%.2f",
              88.0 * b[0] / max)).append("%\"></div></div>");
    }
    h.append("</div>\n<div class=\"vlabels\">");
    names.forEach(n -> h.append("<span>").append(esc(n)).append("</span>"));
    h.append("</div>\n</section>\n");
  }

  private static void examplesSection(StringBuilder h, Content c) {
    h.append("<section id=\"examples\">\n<h2>Examples per class</h2>\n");
    if (c.examples().isEmpty()) {
      h.append("<p class=\"muted\">No examples (nothing classified, or --report-thumbnails 0).</p>\n</section>\n");
      return;
    }
    h.append("<p class=\"sub\">For each predicted class, its most confident and least confident images with their "
        + "top-k. A red frame marks a prediction that differs from the image's folder.</p>\n");
    c.examples().forEach((label, list) -> {
      h.append("<div class=\"class-row\"><h3>").append(esc(label)).append("</h3><div class=\"figs\">\n");
      for (Example e : list) {
        boolean wrong = e.trueLabel() != null && !e.trueLabel().equals(e.label());
        h.append("<figure class=\"ex").append(wrong ? " wrong" : "").append("\"><div class=\"img\">");
        Thumbnails.Thumbnail t = e.thumbnail();
        if (t.dataUri() != null) {
          h.append("<img src=\"").append(t.dataUri()).append("\" width=\"").append(t.width()).append("\" height=\"")
              .append(t.height()).append("\"").append(t.pixelated() ? " class=\"pixelated\"" : "")
              .append(" alt=\"").append(esc(fileName(e.path()))).append("\">");
        } else {
          h.append("<span class=\"muted\">").append(esc(t.problem())).append("</span>");
        }
        h.append("</div><figcaption><div class=\"path\" title=\"").append(esc(e.path())).append("\">")
            .append(esc(fileName(e.path()))).append("</div>")
            .append("<span class=\"tag\">").append(e.mostConfident() ? "most confident" : "least confident")
            .append("</span>");
        if (e.trueLabel() != null) {
          h.append(" <span class=\"tag").append(wrong ? " bad" : "").append("\">folder: ")
              .append(esc(e.trueLabel())).append("</span>");
        }
        h.append("<ol class=\"topk\">");
        boolean first = true;
        for (Scored sc : e.topK()) {
          h.append("<li").append(first ? " class=\"top\"" : "").append("><span>").append(esc(sc.label()))
              .append("</span><span class=\"num\">").append(String.format(Locale.ROOT, "%.3f", sc.probability()))
              .append("</span><div class=\"mini\"><div style=\"width:")
              .append(String.format(Locale.ROOT, "%.1f", 100 * sc.probability())).append("%\"></div></div></li>");
          first = false;
        }
        h.append("</ol></figcaption></figure>\n");
      }
      h.append("</div></div>\n");
    });
    h.append("</section>\n");
  }

  private static void errorsSection(StringBuilder h, Content c) {
    long total = ((Number) c.summary().get("errors")).longValue();
    h.append("<section id=\"errors\">\n<h2>Errors</h2>\n");
    if (total == 0) {
      h.append("<p class=\"muted\">No errors: every image got a prediction.</p>\n</section>\n");
      return;
    }
    h.append("<p class=\"sub\">").append(fmt(total)).append(" file").append(total == 1 ? "" : "s")
        .append(" without a prediction (each still has its row, with <code>error_class</code>): ");
    List<String> parts = new ArrayList<>();
    if (c.summary().get("errors_by_class") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> parts.add(esc(String.valueOf(k)) + " " + fmt(v)));
    }
    h.append(String.join(", ", parts));
    if (total > c.errors().size()) {
      h.append(". The first ").append(c.errors().size()).append(" by path");
    }
    h.append(".</p>\n<table class=\"grid\"><thead><tr><th>file</th><th>error class</th><th>message</th></tr>"
        + "</thead><tbody>\n");
    for (ErrorRow e : c.errors()) {
      h.append("<tr><td class=\"path\">").append(esc(e.path())).append("</td><td><code>").append(esc(e.errorClass()))
          .append("</code></td><td>").append(esc(e.error())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");
  }

  private static void card(StringBuilder h, String key, String value) {
    h.append("<div class=\"card\"><div class=\"v\">").append(esc(value)).append("</div><div class=\"k\">")
        .append(esc(key)).append("</div></div>\n");
  }

  private static void row(StringBuilder h, String key, Object value) {
    h.append("<tr><td>").append(esc(key)).append("</td><td>").append(esc(String.valueOf(value)))
        .append("</td></tr>\n");
  }

  private static String option(RunSummary s, String key) {
    return s.get("options") instanceof Map<?, ?> m ? String.valueOf(m.get(key)) : null;
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    String name = slash >= 0 ? path.substring(slash + 1) : path;
    int parent = slash > 0 ? path.lastIndexOf('/', slash - 1) : -1;
    return parent >= 0 ? path.substring(parent + 1) : name;
  }

  /** Numbers with thousands separators; whole doubles without a fraction. */
  private static String fmt(Object v) {
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", d.longValue())
          : String.format(Locale.ROOT, "%,.1f", d);
    }
    return String.valueOf(v);
  }

  /** HTML text and attribute escaping. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  /** {@code : hidden 2, not_regular_file 1} from {@code files_skipped_by_reason}, the reasons with a count only. */
  private static String skipReasons(Object byReason) {
    if (!(byReason instanceof Map<?, ?> m)) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> {
      if (v instanceof Number n && n.longValue() > 0) {
        parts.add(k + " " + fmt(v));
      }
    });
    return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
  }
}
