package io.effnetspark.cli;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.SecretPattern;
import io.effnetspark.inference.BatchMemory;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.job.ExitCode;
import io.effnetspark.job.HadoopConfs;
import io.effnetspark.job.JobRun;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.output.OutputGuard;
import io.effnetspark.spark.ExecutorCores;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The spark-submit main class: options → driver checks ({@link Preflight}) → the run on Spark ({@link JobRun}).
 * Exit codes: {@link ExitCode}.
 */
public final class EffnetJob {
  private static final Logger LOG = LoggerFactory.getLogger(EffnetJob.class);

  private EffnetJob() {}

  /**
   * Runs the job and ends as {@link DriverExit} decides: {@code System.exit(code)}, or in YARN cluster mode a normal
   * return (success) or a thrown {@link DriverExit.JobFailed} (failure; YARN's final status FAILED, the exit code
   * and cause in the application's diagnostics).
   */
  public static void main(String[] args) {
    // spark-submit's settings, as system properties (the ApplicationMaster sets them too in YARN cluster mode).
    SparkConf launch = new SparkConf();
    LastMessage errors = LastMessage.tee(System.err);
    int code = run(args, System.out, errors.stream());
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    switch (DriverExit.decide(launch.get("spark.master", null), launch.get("spark.submit.deployMode", null), code)) {
      case RETURN -> LOG.info("Job succeeded; YARN gets final status SUCCEEDED from the ApplicationMaster");
      case THROW -> throw DriverExit.failure(code, errors.last());
      default -> System.exit(code);
    }
  }

  /** Runs the job in this JVM (reusing an active SparkSession if any) and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    JobConfig config;
    try {
      JobOptions.Parsed parsed = JobOptions.parse(args);
      if (parsed.commandLine().isUsageHelpRequested()) {
        parsed.commandLine().usage(out);
        return ExitCode.OK;
      }
      if (parsed.commandLine().isVersionHelpRequested()) {
        parsed.commandLine().printVersionHelp(out);
        return ExitCode.OK;
      }
      config = parsed.config();
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
    SecretPattern secrets;
    try {
      secrets = SecretPattern.of(key -> sparkConf.get(key, null)); // a malformed spark.redaction.regex: exit 2
      // In local mode the tasks reuse the preflight's load: it gets the threads they will use.
      InferenceSettings executors = ExecutorCores.settings(config, sparkConf);
      int taskCpus = ExecutorCores.taskCpus(sparkConf);
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

    // One writer per output, and nothing of a dead run's taken for this run's (output.OutputGuard).
    OutputGuard guard;
    try {
      guard = OutputGuard.open(config, hadoopConf, notice -> {
        LOG.warn(notice);
        err.println("effnet-spark: " + notice);
      });
    } catch (OutputGuard.Refused e) {
      err.println("effnet-spark: " + e.getMessage());
      return e.locked() ? ExitCode.OUTPUT_LOCKED : ExitCode.OUTPUT_EXISTS;
    } catch (IOException | RuntimeException e) {
      err.println("effnet-spark: job failed: cannot create the output's lock in " + config.output() + ": " + e);
      return ExitCode.FAILURE;
    }
    // From the heartbeat thread, which has no active session: the default one is the job's.
    guard.lock().onLost(() -> SparkSession.getDefaultSession().foreach(s -> {
      s.sparkContext().cancelJobGroup("effnet-spark-" + config.runId());
      return null;
    }));
    try (guard) {
      int code = JobRun.run(session(sparkConf, secrets), config.withModelCard(model.card().settings()), model, out,
          err);
      guard.succeeded();
      if (guard.lock().lost()) {
        err.println("effnet-spark: the lock " + guard.lock().path() + " was taken from this run while it ran: "
            + "another run may have written to " + config.output() + " too; check it");
        return ExitCode.OUTPUT_LOCKED;
      }
      return code;
    } catch (Exception e) {
      Throwable shown = secrets.redact(e);
      LOG.error("Job failed", shown);
      err.println("effnet-spark: job failed: " + shown);
      return guard.lock().lost() ? ExitCode.OUTPUT_LOCKED : ExitCode.FAILURE;
    }
  }

  /**
   * The active session, or a new one ({@code local[*]} for a laptop run without spark-submit) whose
   * {@code spark.redaction.regex} is {@code secrets}'.
   */
  private static SparkSession session(SparkConf sparkConf, SecretPattern secrets) {
    SparkSession.Builder builder = SparkSession.builder().appName("effnet-spark");
    if (SparkSession.getActiveSession().isEmpty()) {
      if (!sparkConf.contains("spark.master")) {
        builder.master("local[*]");
      }
      // Spark's UI, event log and environment listings hide what _run.json hides.
      builder.config(SecretPattern.SPARK_REDACTION_REGEX, secrets.regex());
      LOG.info("Starting Spark ...");
    }
    SparkSession spark = builder.getOrCreate();
    SparkContext sc = spark.sparkContext();
    LOG.info("Spark {} application {} on {}{}", spark.version(), sc.applicationId(), sc.master(),
        sc.uiWebUrl().isDefined() ? ", UI at " + sc.uiWebUrl().get() : "");
    return spark;
  }

  /**
   * The memory one executor's tasks share, for {@link BatchMemory}: local mode, the driver's heap (the driver runs
   * the tasks); otherwise {@code spark.executor.memory} (Spark's default 1g). Tasks at once: executor cores /
   * {@code spark.task.cpus}, or 1 when the cores are not stated.
   */
  static BatchMemory.Budget memoryBudget(SparkConf conf, int taskCpus) {
    int tasks = Math.max(1, ExecutorCores.of(conf) / Math.max(1, taskCpus));
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

  /** Local mode: the driver JVM is the executor, so what the driver sees (GPUs) is what tasks will see. */
  static boolean driverRunsTasks(SparkConf conf) {
    String master = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().master() : conf.get("spark.master", "local[*]");
    return master.startsWith("local");
  }
}
