package io.effnetspark.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lists the input with Spark's {@code binaryFile} source (recursive; folders, globs, any Hadoop scheme) without
 * reading file contents, and keeps the files whose extension names an image format, case-insensitively.
 * Spark's file index already leaves out names starting with {@code .} or {@code _} (hidden and metadata files).
 */
public final class ImageDiscovery {
  /** Extensions treated as images, matched case-insensitively on the file name. */
  public static final String IMAGE_NAME_REGEX = "(?i)^.*\\.(jpe?g|png|gif|bmp|wbmp|tiff?|webp)$";

  private ImageDiscovery() {}

  /**
   * @param images one row per image file: {@code path} (string), {@code length} (bytes),
   *     {@code modificationTime} (timestamp)
   * @param filesListed every file the listing saw
   * @param imagesFound rows of {@code images}
   */
  public record Listing(Dataset<Row> images, long filesListed, long imagesFound) {
    public long skipped() {
      return filesListed - imagesFound;
    }
  }

  public static Listing discover(SparkSession spark, String input) {
    Dataset<Row> files = spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(input)
        .select("path", "length", "modificationTime");
    Column isImage = col("path").rlike(IMAGE_NAME_REGEX);
    Row counts = files.agg(count(lit(1)), sum(when(isImage, 1).otherwise(0))).first();
    long listed = counts.getLong(0);
    long images = counts.isNullAt(1) ? 0 : counts.getLong(1);
    return new Listing(files.filter(isImage), listed, images);
  }
}
