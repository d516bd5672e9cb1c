package io.effnetspark.spark;

import io.effnetspark.config.JobConfig;
import io.effnetspark.inference.InferenceSettings;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * The cores of one executor and of one task as Spark's configuration states them, for sizing ONNX Runtime's
 * intra-op threads (see {@link InferenceSettings#intraOpThreads}): the one place that works them out, for the
 * Transformer's tasks, the driver's checks and {@code _run.json}.
 */
public final class ExecutorCores {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?");

  private ExecutorCores() {}

  /**
   * {@code local[N]} (the driver is the executor): N, {@code local[*]} or no master: this machine's processors,
   * {@code local}: 1; otherwise {@code spark.executor.cores} when set, else 0: not stated (standalone executors
   * then take all of a worker's cores, YARN and Kubernetes ones 1, and only the cluster knows which).
   */
  public static int of(SparkConf conf) {
    Matcher local = LOCAL.matcher(conf.get("spark.master", "local[*]").trim());
    if (local.matches()) {
      String n = local.group(1);
      return n == null ? 1 : "*".equals(n) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }
    return conf.contains("spark.executor.cores") ? Math.max(0, conf.getInt("spark.executor.cores", 0)) : 0;
  }

  /** The executor-side view of {@code config} on executors laid out as {@code conf} states. */
  public static InferenceSettings settings(JobConfig config, SparkConf conf) {
    return new InferenceSettings(config, of(conf));
  }

  /** {@code spark.task.cpus}, checked: a bad value is a configuration error, not a stack trace. */
  public static int taskCpus(SparkConf conf) {
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
}
