package io.effnetspark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.effnetspark.config.DecodeScaling;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.image.DecodeTarget;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.model.ModelCard;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The summary's one line of advice when {@code decode-scaling} is {@code off} but most of the run's predicted
 * images are JPEGs at least twice the size the model's resize needs: how many at most, at which scale
 * {@code --decode-scaling auto} would decode them, and the decode CPU it would save. The count is an upper bound:
 * the rows hold a file's name and full size, not its content, so a file named {@code .jpg} counts whatever it
 * holds, and so do the JPEGs that auto leaves to the full decoder (CMYK/YCCK, RGB-stored, 12-bit, arithmetic-coded,
 * a profile other than sRGB, ImageDecoder's rules). The scale is {@link DecodeTarget#scale}'s. The saving is
 * estimated from the scale factor, not measured in this run: {@link #REDUCED_COST} holds the CPU of a reduced
 * decode relative to a full one, measured on 12-megapixel JPEGs (docs/benchmarks.md, {@code jobs/bench.sh
 * photos12mp}).
 */
public final class DecodeScalingHint {
  /**
   * CPU of a 1/2, 1/4, 1/8 decode relative to the full one (with the truncation check), 4032×3024 q92 JPEGs of
   * ~3 MB, one thread: 0.43, 0.27, 0.21. Entropy decoding is not reduced, so the saving is far below s².
   */
  static final Map<Integer, Double> REDUCED_COST = Map.of(2, 0.43, 4, 0.27, 8, 0.21);

  private DecodeScalingHint() {}

  /**
   * The advice for {@code rows} (this run's output rows: {@code path}, {@code width}, {@code height} after
   * orientation, {@code error_class}), or null when scaling is on or fewer than half of the predicted images
   * qualify. The run summary does not call this: it counts {@link #scale} in its own aggregation.
   */
  static String of(Dataset<Row> rows, JobConfig config, ModelCard card) {
    Column scale = scale(config, card);
    if (scale == null) {
      return null;
    }
    Map<Integer, Long> byScale = new TreeMap<>();
    for (Row r : rows.groupBy(scale.as("scale")).count().collectAsList()) {
      byScale.put(r.getInt(0), r.getLong(1));
    }
    return message(byScale);
  }

  /**
   * Each row's group for {@link #message}: 0 for an error row, 1 for a prediction decoded at full size, 2/4/8 for a
   * predicted JPEG that auto would decode at that scale; null when decode scaling is on (no advice to give).
   */
  static Column scale(JobConfig config, ModelCard card) {
    JobConfig effective = config.withModelCard(card.settings());
    if (effective.get(Settings.DECODE_SCALING) == DecodeScaling.AUTO) {
      return null;
    }
    DecodeTarget target = ImagePipeline.decodeTarget(ImagePipeline.of(card, effective).preprocessor());
    Column predicted = col("error_class").isNull();
    // (?i) rather than lower(): Spark 4's lower() maps case with ICU, and its first use in a JVM loads ICU's
    // case-mapping and break-iterator data in the tasks (seen in the summary's stack samples); extensions are ASCII.
    Column jpeg = col("path").rlike("(?i)\\.(jpe?g|jfif)$");
    // The decoder's own rule, in the tasks: width and height are after orientation, hence not swapped.
    UserDefinedFunction byScale = udf((UDF2<Integer, Integer, Integer>) (w, h) ->
        w == null || h == null ? 1 : target.scale(w, h, false), DataTypes.IntegerType);
    Column scale = byScale.apply(col("width"), col("height"));
    return when(predicted.and(jpeg), scale).when(predicted, 1).otherwise(0);
  }

  /**
   * The advice from the count of rows per scale (0: error rows, 1: predicted at full size, 2/4/8: predicted JPEGs
   * that auto would decode at that scale), or null when fewer than half of the predicted images would be reduced.
   */
  static String message(Map<Integer, Long> byScale) {
    long predicted = 0;
    long reduced = 0;
    double fullCost = 0;
    double reducedCost = 0;
    StringBuilder scales = new StringBuilder();
    for (Map.Entry<Integer, Long> e : byScale.entrySet()) {
      int s = e.getKey();
      long n = e.getValue();
      if (s < 1) {
        continue;
      }
      predicted += n;
      if (s > 1) {
        reduced += n;
        fullCost += n;
        reducedCost += n * REDUCED_COST.get(s);
        scales.append(scales.length() == 0 ? "" : ", ").append("1/").append(s).append(": ").append(n);
      }
    }
    if (predicted == 0 || 2 * reduced <= predicted) {
      return null;
    }
    return String.format(Locale.ROOT, "up to %d of %d predicted images (%.0f %%) are JPEGs at least twice the size "
        + "the model's resize needs (counted by file name and size; auto decodes CMYK, non-sRGB and other JPEGs it "
        + "cannot honour at full size); --decode-scaling auto (or the card's preprocessing.decode_scaling) would "
        + "decode them at reduced scale (%s) with about %.1fx less decode CPU for them (estimated from the scale "
        + "factor with the reduced/full decode costs measured on 12 MP photos, docs/benchmarks.md). It changes pixels "
        + "slightly: README, Reduced-scale JPEG decoding",
        reduced, predicted, 100.0 * reduced / predicted, scales, fullCost / reducedCost);
  }
}
