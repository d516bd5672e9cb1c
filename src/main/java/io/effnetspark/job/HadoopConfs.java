package io.effnetspark.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/** Hadoop configuration on the driver before a SparkContext exists, built as Spark builds it. */
public final class HadoopConfs {
  private HadoopConfs() {}

  /**
   * A {@link Configuration} with Hadoop's defaults and every {@code spark.hadoop.*} entry of {@code conf} (prefix
   * removed) — the same settings the SparkContext will use, so driver checks see s3a endpoints and credentials.
   */
  public static Configuration fromSparkConf(SparkConf conf) {
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> e : conf.getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(e._1(), e._2());
    }
    return hadoop;
  }
}
