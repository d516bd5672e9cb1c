package io.effnetspark.cli;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.PipelineSettings;
import io.effnetspark.inference.BatchMemory;
import io.effnetspark.inference.DjlRuntime;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.Engine;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.report.HtmlReport;
import io.effnetspark.report.ProgressReporter;
import io.effnetspark.report.Redaction;
import io.effnetspark.report.RunSummary;
import io.effnetspark.report.StageTimes;
import io.effnetspark.spark.EfficientNetClassifier;
import io.effnetspark.spark.ExecutorCores;
import io.effnetspark.spark.HadoopConfs;
import io.effnetspark.spark.ImageDiscovery;
import io.effnetspark.spark.IncrementalFilter;
import io.effnetspark.spark.PredictionWriter;
import io.effnetspark.spark.ProgressCounter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import scala.Tuple2;

/**
 * The spark-submit main class: options → driver checks → listing → per-partition inference → Parquet →
 * {@code _run.json}. Exit codes: {@link ExitCode}.
 */
public final class EffnetJob {
  private static final Logger LOG = LoggerFactory.getLogger(EffnetJob.class);

  private EffnetJob() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(code);
  }

  /** Runs the job in this JVM (reusing an active SparkSession if any) and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    DjlRuntime.configure();
    JobOptions options = new JobOptions();
    CommandLine cmd;
    JobConfig config;
    try {
      cmd = JobOptions.parse(options, args);
      if (cmd.isUsageHelpRequested()) {
        cmd.usage(out);
        return ExitCode.OK;
      }
      if (cmd.isVersionHelpRequested()) {
        cmd.printVersionHelp(out);
        return ExitCode.OK;
      }
      config = options.toConfig();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println("effnet-spark: " + e.getMessage());
      err.println("Try --help for the options.");
      return ExitCode.BAD_CONFIG;
    }

    // An active session's conf is the one its tasks see (in-process callers); else spark-submit's system properties.
    SparkConf sparkConf = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().getConf() : new SparkConf();
    Configuration hadoopConf = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
        : HadoopConfs.fromSparkConf(sparkConf);
    ModelArtifact model;
    try {
      // In local mode the tasks reuse the preflight's load: it gets the threads they will use.
      InferenceSettings executors = config.inference().withExecutorCores(ExecutorCores.of(sparkConf));
      int taskCpus = taskCpus(sparkConf);
      model = Preflight.check(config, hadoopConf, driverRunsTasks(sparkConf),
          inputSize -> executors.intraOpThreads(taskCpus, inputSize), memoryBudget(sparkConf, taskCpus));
    } catch (IllegalArgumentException e) {
      err.println("effnet-spark: " + e.getMessage());
      return ExitCode.BAD_CONFIG;
    } catch (Preflight.Failed e) {
      err.println("effnet-spark: cannot start:");
      e.problems.forEach(p -> err.println("  - " + p.message()));
      return e.exitCode();
    }

    try {
      return runSpark(config, model, sparkConf, out, err);
    } catch (Exception e) {
      LOG.error("Job failed", e);
      err.println("effnet-spark: job failed: " + e);
      return ExitCode.FAILURE;
    }
  }

  private static int runSpark(JobConfig config, ModelArtifact model, SparkConf sparkConf, PrintStream out,
      PrintStream err) throws Exception {
    SparkSession.Builder builder = SparkSession.builder().appName("effnet-spark");
    if (!sparkConf.contains("spark.master") && SparkSession.getActiveSession().isEmpty()) {
      builder.master("local[*]"); // a laptop run without spark-submit
    }
    if (SparkSession.getActiveSession().isEmpty()) {
      LOG.info("Starting Spark ...");
    }
    SparkSession spark = builder.getOrCreate();
    SparkContext sc = spark.sparkContext();
    LOG.info("Spark {} application {} on {}{}", spark.version(), sc.applicationId(), sc.master(),
        sc.uiWebUrl().isDefined() ? ", UI at " + sc.uiWebUrl().get() : "");
    PipelineSettings pipeline = config.pipeline();
    String run = "effnet-spark run " + config.runId();
    // Every Spark job of this run is in one group, each with a description of what it does (Spark UI, jobs page).
    sc.setJobGroup("effnet-spark-" + config.runId(), run, false);
    StageTimes times = new StageTimes();
    try (ProgressReporter progress = ProgressReporter.start(sc, pipeline.progressInterval(), LOG::info)) {
      progress.phase("listing " + config.input());
      sc.setJobDescription(run + ": list image files under " + config.input());
      ImageDiscovery.Listing listing = ImageDiscovery.discover(spark, config.input(), config.includeAllFiles());
      progress.phase("preparing");
      progress.info(String.format(Locale.ROOT, "Listed %,d files under %s: %,d to classify, %,d skipped %s",
          listing.filesListed(), config.input(), listing.imagesFound(), listing.skipped(),
          listing.skippedByReason()));
      times.lap("listing");

      Dataset<Row> toPredict = listing.images();
      long newFiles = listing.imagesFound();
      IncrementalFilter.Result incremental = null;
      if (pipeline.incremental()) {
        progress.phase("looking up files already predicted in " + config.output());
        sc.setJobDescription(run + ": find the " + listing.imagesFound() + " listed images without a row from model "
            + model.sha256().substring(0, 12) + " in " + config.output() + " (incremental)");
        incremental = IncrementalFilter.apply(spark, listing.images(), listing.imagesFound(), config, model.sha256());
        toPredict = incremental.toPredict();
        newFiles = incremental.newFiles();
        progress.info(String.format(Locale.ROOT, "Incremental: %,d of %,d images already predicted by this model "
            + "in %s%s; %,d to classify", incremental.alreadyPredicted(), listing.imagesFound(), config.output(),
            incremental.replacedPartition() == null ? "" : " (not counting " + incremental.replacedPartition()
                + ", which this run replaces)", newFiles));
        times.lap("incremental_check");
      }

      double readToCommit = Double.NaN;
      if (newFiles > 0) {
        int partitions = partitions(config, newFiles, sc.defaultParallelism());
        EfficientNetClassifier classifier = new EfficientNetClassifier()
            .setModelArtifact(model)
            .setInputCol("path")
            .setOutputCol("prediction")
            .setBatchSize(config.inference().batchSize())
            .setTopK(config.inference().topK())
            .setDevice(config.device().toString())
            .setMaxPixels(config.inference().maxPixels())
            .setMaxFileBytes(config.inference().maxFileBytes())
            .setGpuBatchSize(config.inference().gpuBatchSize())
            .setGpuConcurrency(config.inference().gpuConcurrency())
            .setCpuConcurrency(config.inference().cpuConcurrency())
            .setExifOrientation(config.inference().exifOrientation().optionName());
        Dataset<Row> rows = PredictionWriter.toOutputRows(classifier.transform(toPredict.repartition(partitions)),
            config, model);
        rows = ProgressCounter.count(rows, progress.rowsAccumulator(), progress.errorsAccumulator());
        sc.setJobDescription(run + ": classify " + newFiles + " images in " + partitions + " partitions with "
            + model.engine().optionName() + ", write Parquet to " + config.output()
            + (pipeline.partitioned() ? " (partition " + pipeline.partitionDir() + ")" : ""));
        progress.info(String.format(Locale.ROOT, "Classifying %,d images in %d partitions (%s, batch %d)%s",
            newFiles, partitions, model.engine().optionName(), config.inference().batchSize(),
            pipeline.progressInterval().isZero() ? "" : "; progress every "
                + pipeline.progressInterval().toMillis() / 1000.0 + " s"));
        progress.classifying(newFiles);
        PredictionWriter.write(rows, config);
        // The span the benchmark's stage (c) times: first file read by any task → output committed.
        long committedMillis = System.currentTimeMillis();
        readToCommit = classifier.firstFileReadMillis().stream()
            .mapToDouble(first -> (committedMillis - first) / 1e3).findFirst().orElse(Double.NaN);
        ProgressReporter.Result classified = progress.finishClassifying();
        times.put("inference", classified.inferenceSeconds());
        if (!Double.isNaN(classified.commitSeconds())) {
          times.put("commit", classified.commitSeconds());
        }
        times.restart();
      } else {
        String nothing = "Nothing new: all " + listing.imagesFound() + " images under " + config.input()
            + " already have rows from model " + model.sha256().substring(0, 12) + " in " + config.output()
            + "; nothing was classified or written.";
        out.println(nothing);
      }
      double wall = times.totalSeconds();

      progress.phase("summarising (reading this run's rows back)");
      sc.setJobDescription(run + ": summary (read back this run's rows from " + config.output() + ")");
      RunSummary summary = RunSummary.compute(spark, config, model, listing, wall, readToCommit);
      if (incremental != null) {
        Map<String, Object> inc = new LinkedHashMap<>();
        inc.put("files_new", incremental.newFiles());
        inc.put("files_already_predicted", incremental.alreadyPredicted());
        if (incremental.replacedPartition() != null) {
          inc.put("not_counting_partition", incremental.replacedPartition());
        }
        summary.put(RunSummary.INCREMENTAL, inc);
      }
      long written = summary.getLong("rows_written");
      double errorFraction = written == 0 ? 0 : (double) summary.getLong("errors") / written;
      int code = ExitCode.OK;
      String status = written == 0 ? "OK: nothing new to classify" : "OK";
      if (written != newFiles) {
        code = ExitCode.FAILURE;
        status = newFiles + " images to classify but " + written + " rows written";
      } else if (errorFraction > config.maxErrorFraction()) {
        code = ExitCode.ERROR_FRACTION_EXCEEDED;
        status = String.format(Locale.ROOT, "error fraction %.4f exceeds --max-error-fraction %s", errorFraction,
            config.maxErrorFraction());
      }
      summary.put("exit_code", code);
      summary.put("status", status);
      summary.put("spark_conf", sparkConf(sc));
      summary.put("cpu_engine", cpuEngine(config, model, sc.getConf()));
      times.lap("summary");
      summary.put(RunSummary.STAGE_SECONDS, times.asMap());

      if (pipeline.report()) {
        progress.phase("writing the report");
        sc.setJobDescription(run + ": HTML report (examples and errors read back from " + config.output() + ")");
        HtmlReport.write(spark, config, summary, code, status);
        times.lap("report");
        summary.put(RunSummary.STAGE_SECONDS, times.asMap());
      } else if (HtmlReport.removeStale(config.output(), sc.hadoopConfiguration())) {
        progress.info("Removed " + config.output() + "/" + HtmlReport.FILE_NAME + " of an earlier run (this run has "
            + "no --report)");
      }
      summary.write(config.output(), sc.hadoopConfiguration());
      out.print(summary.toText());
      List<String> wrote = new ArrayList<>();
      if (written > 0) {
        wrote.add(config.output() + (pipeline.partitioned() ? "/" + pipeline.partitionDir() : "") + " (Parquet)");
      }
      wrote.add(config.output() + "/" + RunSummary.FILE_NAME);
      if (pipeline.report()) {
        wrote.add(config.output() + "/" + HtmlReport.FILE_NAME);
      }
      out.println("Wrote " + String.join(", ", wrote));
      if (code != ExitCode.OK) {
        err.println("effnet-spark: " + status);
      }
      return code;
    } finally {
      sc.clearJobGroup();
    }
  }

  /** Spark's effective configuration for _run.json, secrets redacted. */
  private static Map<String, Object> sparkConf(SparkContext sc) {
    Map<String, String> all = new TreeMap<>();
    for (Tuple2<String, String> e : sc.getConf().getAll()) {
      all.put(e._1(), e._2());
    }
    return Redaction.redact(all);
  }

  /** Local mode: the driver JVM is the executor, so what the driver sees (GPUs) is what tasks will see. */
  static boolean driverRunsTasks(SparkConf conf) {
    String master = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().master() : conf.get("spark.master", "local[*]");
    return master.startsWith("local");
  }

  /**
   * --partitions, or about 2 tasks per core with at most ~2,000 files per task, rounded up to a multiple of the
   * parallelism, never more than files. Sized by file count, not bytes. The rounding keeps every core busy to the
   * end: 10,000 files on 2 cores made 5 tasks, and the fifth ran alone on one core (a sixth of the run idle).
   */
  /**
   * How forward passes on the CPU are laid out in each executor, as the tasks derive it ({@code _run.json}
   * {@code cpu_engine}): executor cores (0 = not stated), passes at once, intra-op threads each, gated or not.
   */
  static Map<String, Object> cpuEngine(JobConfig config, ModelArtifact model, SparkConf conf) {
    InferenceSettings s = config.inference().withExecutorCores(ExecutorCores.of(conf));
    int size = model.card().inputSize();
    boolean gated = s.cpuGated(model);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", model.engine().optionName());
    m.put("executor_cores", s.executorCores());
    m.put("gated", gated);
    m.put("forward_passes_at_once", gated ? s.cpuConcurrencyFor(size) : "one per task");
    m.put("intra_op_threads", model.engine() == Engine.ONNXRUNTIME ? s.intraOpThreads(taskCpus(conf), size) : 1);
    return m;
  }

  /**
   * The memory one executor's tasks share, for {@link BatchMemory}: local mode, the driver's heap (the driver runs
   * the tasks); otherwise {@code spark.executor.memory} (Spark's default 1g). Tasks at once: executor cores /
   * {@code spark.task.cpus}, or 1 when the cores are not stated.
   */
  static BatchMemory.Budget memoryBudget(SparkConf conf, int taskCpus) {
    int cores = ExecutorCores.of(conf);
    int tasks = Math.max(1, cores / Math.max(1, taskCpus));
    if (driverRunsTasks(conf)) {
      return new BatchMemory.Budget(Runtime.getRuntime().maxMemory(), "local mode: the driver's heap, "
          + "--driver-memory", tasks);
    }
    long mb;
    try {
      mb = conf.getSizeAsMb("spark.executor.memory", "1g");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("spark.executor.memory must be a size such as 4g, got '"
          + conf.get("spark.executor.memory", "") + "'");
    }
    return new BatchMemory.Budget(mb << 20, "spark.executor.memory", tasks);
  }

  /** {@code spark.task.cpus}, checked: a bad value is a configuration error, not a stack trace. */
  static int taskCpus(SparkConf conf) {
    String v = conf.get("spark.task.cpus", "1").trim();
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("spark.task.cpus must be a whole number > 0, got '" + v + "'");
  }

  static int partitions(JobConfig config, long files, int parallelism) {
    long p = Math.max(1, parallelism);
    long n = config.partitions() > 0 ? config.partitions()
        : (Math.max(2L * p, (files + 1999) / 2000) + p - 1) / p * p;
    return (int) Math.max(1, Math.min(n, Math.max(files, 1)));
  }
}
