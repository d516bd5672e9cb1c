package io.effnetspark.job;

import io.effnetspark.config.Engine;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.SecretPattern;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.progress.ProgressCounter;
import io.effnetspark.progress.ProgressReporter;
import io.effnetspark.report.HtmlReport;
import io.effnetspark.report.RunSummary;
import io.effnetspark.report.StageTimes;
import io.effnetspark.spark.EfficientNetClassifier;
import io.effnetspark.spark.ExecutorCores;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One run of the job on Spark, as its steps: {@link #list} → {@link #filter} → {@link #classify} → {@link #write}
 * → {@link #summarise} → {@link #report}. The driver's checks ({@code cli.Preflight}) have passed; every Spark job
 * of the run is in one job group, each with a description of what it does (Spark UI, jobs page).
 */
public final class JobRun {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

  private final SparkSession spark;
  private final SparkContext sc;
  private final JobConfig config;
  private final ModelArtifact model;
  private final ProgressReporter progress;
  private final StageTimes times;
  private final String name;
  /** The tasks the images were spread over; 0 until {@link #classify} (and when nothing is new). */
  private int partitionsUsed;

  private JobRun(SparkSession spark, JobConfig config, ModelArtifact model, ProgressReporter progress,
      long launchMillis) {
    this.times = new StageTimes(launchMillis);
    this.times.lap(STARTUP);
    this.spark = spark;
    this.sc = spark.sparkContext();
    this.config = config;
    this.model = model;
    this.progress = progress;
    this.name = "effnet-spark run " + config.runId();
  }

  /** The images to classify after the incremental filter, and what the filter found. */
  private record Selection(Dataset<Row> images, long count, IncrementalFilter.Result incremental) {}

  /**
   * The first stage of {@code stage_seconds}: from the launch to the listing (JVM start, Spark's start, the
   * driver's checks and model load).
   */
  public static final String STARTUP = "start-up";
  private static final String MAX_TO_STRING_FIELDS = "spark.sql.debug.maxToStringFields";

  /**
   * Runs the job on {@code spark} and returns its exit code; prints the summary to {@code out}.
   *
   * @param launchMillis when the user launched the job (epoch milliseconds): the origin of the summary's wall time
   *     and of its first stage, {@link #STARTUP}
   */
  public static int run(SparkSession spark, JobConfig config, ModelArtifact model, PrintStream out, PrintStream err,
      long launchMillis) throws IOException, InterruptedException {
    SparkContext sc = spark.sparkContext();
    // Spark warns once per JVM when it shortens a plan's text past 25 fields (the output rows have more); only
    // the UI's and explain()'s text depends on it.
    if (!spark.conf().contains(MAX_TO_STRING_FIELDS)) {
      spark.conf().set(MAX_TO_STRING_FIELDS, "200");
    }
    sc.setJobGroup("effnet-spark-" + config.runId(), "effnet-spark run " + config.runId(), false);
    try (ProgressReporter progress = ProgressReporter.start(sc, config.get(Settings.PROGRESS_INTERVAL),
        LOG::info)) {
      JobRun run = new JobRun(spark, config, model, progress, launchMillis);
      run.describe("check that run id " + config.runId() + " is new in " + config.output());
      Optional<String> reused = RunIdCheck.reused(spark, config);
      if (reused.isPresent()) {
        err.println("effnet-spark: " + reused.get());
        return ExitCode.BAD_CONFIG;
      }
      ImageDiscovery.Listing listing = run.list();
      Selection selection = run.filter(listing);
      double readToCommit = Double.NaN;
      if (selection.count() > 0) {
        EfficientNetClassifier classifier = run.classifier();
        readToCommit = run.write(run.classify(classifier, selection), selection.count(), classifier);
      } else {
        out.println("Nothing new: all " + listing.imagesFound() + " images of " + config.inputDescription()
            + " already have rows from model " + model.sha256().substring(0, 12) + " in " + config.output()
            + "; nothing was classified or written.");
      }
      RunSummary summary = run.summarise(listing, selection, readToCommit);
      ExitDecision exit = ExitDecision.decide(selection.count(), summary.getLong("rows_written"),
          summary.getLong("errors"), config.get(Settings.MAX_ERROR_FRACTION));
      run.report(summary, exit, out);
      if (exit.code() != ExitCode.OK) {
        err.println("effnet-spark: " + exit.status());
      }
      return exit.code();
    } finally {
      sc.clearJobGroup();
    }
  }

  private void describe(String what) {
    sc.setJobDescription(name + ": " + what);
  }

  /** Lists the input: which files get a row (Hadoop FileSystem, on the driver). */
  ImageDiscovery.Listing list() throws IOException {
    String what = config.inputDescription();
    progress.phase("listing " + what);
    describe("list image files of " + what);
    boolean all = config.get(Settings.INCLUDE_ALL_FILES);
    ImageDiscovery.Listing listing = config.inputList() != null
        ? ImageDiscovery.discoverList(spark, config.inputList(), all)
        : ImageDiscovery.discover(spark, config.input(), all);
    progress.phase("preparing");
    progress.info(String.format(Locale.ROOT, "Listed %,d files of %s: %,d to classify, %,d skipped %s",
        listing.filesListed(), what, listing.imagesFound(), listing.skipped(), skippedText(listing)));
    times.lap("listing");
    return listing;
  }

  /** "(hidden 2, not image extension 1)": the reasons with a count; empty when nothing was skipped. */
  private static String skippedText(ImageDiscovery.Listing listing) {
    List<String> parts = new ArrayList<>();
    listing.skippedByReason().forEach((k, v) -> {
      if (v > 0) {
        parts.add(k.replace('_', ' ') + " " + v);
      }
    });
    return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
  }

  /** With {@code --incremental}, drops the images the output already holds from this model. */
  private Selection filter(ImageDiscovery.Listing listing) {
    if (!config.get(Settings.INCREMENTAL)) {
      return new Selection(listing.images(), listing.imagesFound(), null);
    }
    progress.phase("looking up files already predicted in " + config.output());
    describe("find the " + listing.imagesFound() + " listed images without a row from model "
        + model.sha256().substring(0, 12) + " in " + config.output() + " (incremental)");
    IncrementalFilter.Result inc = IncrementalFilter.apply(spark, listing.images(), listing.imagesFound(), config,
        model.sha256());
    progress.info(String.format(Locale.ROOT, "Incremental: %,d of %,d images already predicted by this model "
        + "in %s%s; %,d to classify", inc.alreadyPredicted(), listing.imagesFound(), config.output(),
        inc.replacedPartition() == null ? "" : " (not counting " + inc.replacedPartition()
            + ", which this run replaces)", inc.newFiles()));
    times.lap("incremental_check");
    return new Selection(inc.toPredict(), inc.newFiles(), inc);
  }

  private EfficientNetClassifier classifier() {
    return new EfficientNetClassifier().setSettings(config).setModelArtifact(model).setInputCol("path")
        .setOutputCol("prediction").setMessageNames(SettingNames.OPTIONS);
  }

  /** The output rows of the selected images, in partitions, counted for the progress lines (lazy). */
  private Dataset<Row> classify(EfficientNetClassifier classifier, Selection selection) {
    int partitions = partitions(config.get(Settings.PARTITIONS), selection.count(), sc.defaultParallelism());
    partitionsUsed = partitions;
    Dataset<Row> rows = PredictionWriter.toOutputRows(
        classifier.transform(EvenSpread.spread(selection.images(), selection.count(), partitions)), config, model);
    describe("classify " + selection.count() + " images in " + partitions + " partitions with "
        + model.engine().optionName() + ", write Parquet to " + config.output()
        + (config.partitioned() ? " (partition " + config.partitionDir() + ")" : ""));
    progress.info(String.format(Locale.ROOT, "Classifying %,d images in %d partitions (%s, batch %d)%s",
        selection.count(), partitions, model.engine().optionName(), config.get(Settings.BATCH_SIZE),
        config.get(Settings.PROGRESS_INTERVAL).isZero() ? "" : "; progress every "
            + config.get(Settings.PROGRESS_INTERVAL).toMillis() / 1000.0 + " s"));
    return ProgressCounter.count(rows, progress.rowsAccumulator(), progress.errorsAccumulator());
  }

  /**
   * Runs the classification by writing its rows; returns the seconds from the first file read by any task to the
   * committed output (the span the benchmark's stage (c) times), NaN when unknown.
   */
  private double write(Dataset<Row> rows, long count, EfficientNetClassifier classifier)
      throws IOException, InterruptedException {
    progress.classifying(count);
    PredictionWriter.write(rows, config);
    long committedMillis = System.currentTimeMillis();
    double readToCommit = classifier.firstFileReadMillis().stream()
        .mapToDouble(first -> (committedMillis - first) / 1e3).findFirst().orElse(Double.NaN);
    ProgressReporter.Result classified = progress.finishClassifying();
    // From the listing's end to the committed output: the commit as the progress listener saw it, inference the rest.
    times.lapSplit("inference", "commit", classified.commitSeconds());
    return readToCommit;
  }

  /** The run summary from this run's rows, read back, and the counts of the steps before. */
  private RunSummary summarise(ImageDiscovery.Listing listing, Selection selection, double readToCommit) {
    progress.phase("summarising (reading this run's rows back)");
    describe("summary (read back this run's rows from " + config.output() + ")");
    RunSummary summary = RunSummary.compute(spark, config, model, listing.filesListed(), listing.imagesFound(),
        listing.skippedByReason(), times.totalSeconds(), readToCommit);
    summary.put("partitions", partitionsUsed);
    IncrementalFilter.Result inc = selection.incremental();
    if (inc != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("files_new", inc.newFiles());
      m.put("files_already_predicted", inc.alreadyPredicted());
      if (inc.replacedPartition() != null) {
        m.put("not_counting_partition", inc.replacedPartition());
      }
      summary.put(RunSummary.INCREMENTAL, m);
    }
    return summary;
  }

  /** Writes {@code _run.json} (and {@code _report.html}) with the exit decision, and prints the summary. */
  private void report(RunSummary summary, ExitDecision exit, PrintStream out) throws IOException {
    summary.put("exit_code", exit.code());
    summary.put("status", exit.status());
    summary.put("spark_conf", sparkConf(sc.getConf()));
    summary.put("cpu_engine", cpuEngine(config, model, sc.getConf()));
    times.lap("summary");
    summary.putWall(times.lappedSeconds(), times.asMap());
    boolean report = config.get(Settings.REPORT);
    if (report) {
      progress.phase("writing the report");
      describe("HTML report (examples and errors read back from " + config.output() + ")");
      HtmlReport.write(spark, config, summary, exit.code(), exit.status());
      times.lap("report");
    } else if (HtmlReport.removeStale(config.output(), sc.hadoopConfiguration())) {
      progress.info("Removed " + config.output() + "/" + HtmlReport.FILE_NAME + " of an earlier run (this run has "
          + "no --report)");
    }
    summary.putWall(times.lappedSeconds(), times.asMap());
    summary.write(config.output(), sc.hadoopConfiguration());
    out.print(summary.toText());
    List<String> wrote = new ArrayList<>();
    if (summary.getLong("rows_written") > 0) {
      wrote.add(config.output() + (config.partitioned() ? "/" + config.partitionDir() : "") + " (Parquet)");
    }
    wrote.add(config.output() + "/" + RunSummary.FILE_NAME);
    if (report) {
      wrote.add(config.output() + "/" + HtmlReport.FILE_NAME);
    }
    out.println("Wrote " + String.join(", ", wrote));
  }

  /** Spark's effective configuration for _run.json, secrets redacted by Spark's pattern and the job's. */
  private static Map<String, Object> sparkConf(SparkConf conf) {
    Map<String, String> all = new TreeMap<>();
    for (Tuple2<String, String> e : conf.getAll()) {
      all.put(e._1(), e._2());
    }
    return SecretPattern.of(key -> conf.get(key, null)).redactConf(all);
  }

  /**
   * How forward passes on the CPU are laid out in each executor, as the tasks derive it ({@code _run.json}
   * {@code cpu_engine}): executor cores (0 = not stated), passes at once, intra-op threads each, gated or not.
   */
  static Map<String, Object> cpuEngine(JobConfig config, ModelArtifact model, SparkConf conf) {
    InferenceSettings s = ExecutorCores.settings(config, conf);
    int size = model.card().inputSize();
    boolean gated = s.cpuGated(model);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", model.engine().optionName());
    m.put("executor_cores", s.executorCores());
    m.put("gated", gated);
    m.put("forward_passes_at_once", gated ? s.cpuConcurrencyFor(size) : "one per task");
    m.put("intra_op_threads", model.engine() == Engine.ONNXRUNTIME
        ? s.intraOpThreads(ExecutorCores.taskCpus(conf), size) : 1);
    return m;
  }

  /**
   * {@code --partitions}, or about 2 tasks per core with at most ~2,000 files per task, rounded up to a multiple of
   * the parallelism, never more than files. Sized by file count, not bytes. The rounding keeps every core busy to
   * the end: 10,000 files on 2 cores made 5 tasks, and the fifth ran alone on one core (a sixth of the run idle).
   */
  static int partitions(int stated, long files, int parallelism) {
    long p = Math.max(1, parallelism);
    long n = stated > 0 ? stated : (Math.max(2L * p, (files + 1999) / 2000) + p - 1) / p * p;
    return (int) Math.max(1, Math.min(n, Math.max(files, 1)));
  }
}
