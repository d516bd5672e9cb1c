package io.effnetspark.tools;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Prints what a run wrote: row count, rows per label and error class, and the first rows. Reads the Parquet
 * folder with Spark, so any Hadoop scheme works ({@code file:}, {@code hdfs:}, {@code s3a:} with the
 * {@code spark.hadoop.fs.s3a.*} settings of the properties file {@code jobs/show-predictions.sh} passes).
 *
 * <p>Usage (through spark-submit): {@code ShowPredictions OUTPUT [ROWS]}, ROWS default 10.
 */
public final class ShowPredictions {
  private ShowPredictions() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ShowPredictions OUTPUT [ROWS]");
      System.exit(2);
    }
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    SparkSession spark = SparkSession.builder().appName("effnet-spark show-predictions").getOrCreate();
    try {
      Dataset<Row> p = spark.read().parquet(args[0]);
      System.out.println(args[0] + ": " + p.count() + " rows");
      p.groupBy("label", "error_class").count().orderBy(col("count").desc(), col("label")).show(50, false);
      p.select("path", "label", "probability", "error_class", "error", "run_id").orderBy("path").show(rows, false);
    } finally {
      spark.stop();
    }
  }
}
