package io.effnetspark.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * The cores of one executor as Spark's configuration states them, for sizing ONNX Runtime's intra-op threads
 * (see {@link io.effnetspark.inference.InferenceSettings#intraOpThreads}).
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
}
