package io.effnetspark.report;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.SparkTestBase;
import io.effnetspark.config.DecodeScaling;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.model.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The summary's decode-scaling advice: given when scaling is off and most predicted images are JPEGs at least twice
 * the card's resize, with the count per scale; not given when scaling is on, for small images, PNGs or error rows.
 */
class DecodeScalingHintTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType().add("path", DataTypes.StringType)
      .add("width", DataTypes.IntegerType).add("height", DataTypes.IntegerType)
      .add("error_class", DataTypes.StringType);

  /** The shipped B0-like card: shorter side to 256, crop 224. */
  private static ModelCard card(String scaling) {
    return ModelCard.parse("{\"name\": \"t\", \"input\": {\"shape\": [-1, 3, 224, 224]}, \"preprocessing\": "
        + "{\"resize\": 256, \"crop\": 224, \"scale\": 0.00392156862745098, \"mean\": [0.5, 0.5, 0.5], "
        + "\"std\": [0.25, 0.25, 0.25]" + (scaling == null ? "" : ", \"decode_scaling\": \"" + scaling + "\"")
        + "}}", "/m/model-card.json");
  }

  private static Dataset<Row> rows(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  private static Object[] row(String path, int w, int h) {
    return new Object[] {path, w, h, null};
  }

  @Test
  void mostlyLargeJpegsGetTheAdviceWithTheirScales() {
    Dataset<Row> photos = rows(row("a/IMG_1.JPG", 4032, 3024), row("a/IMG_2.jpeg", 3024, 4032),
        row("a/small.jpg", 1200, 900), row("a/scan.png", 4032, 3024),
        new Object[] {"a/broken.jpg", null, null, "CORRUPT"});
    String hint = DecodeScalingHint.of(photos, JobConfig.defaults(), card(null));
    // 4032x3024: 3024 >= 8 x 256; 1200x900: 900 >= 2 x 256 but < 4 x 256; PNG: full size
    assertTrue(hint != null && hint.startsWith("up to 3 of 4 predicted images (75 %)"), hint);
    assertTrue(hint.contains("1/2: 1, 1/8: 2"), hint);
    assertTrue(hint.contains("--decode-scaling auto"), hint);
  }

  @Test
  void noAdviceWhenScalingIsOnOrTheImagesAreSmall() {
    Dataset<Row> photos = rows(row("IMG_1.jpg", 4032, 3024), row("IMG_2.jpg", 4032, 3024));
    assertNull(DecodeScalingHint.of(photos, JobConfig.defaults(), card("auto")), "on in the card");
    assertNull(DecodeScalingHint.of(photos, JobConfig.defaults().with(Settings.DECODE_SCALING, DecodeScaling.AUTO),
        card(null)), "on by option");
    Dataset<Row> small = rows(row("a.jpg", 640, 480), row("b.jpg", 500, 400), row("c.jpg", 4032, 3024));
    assertNull(DecodeScalingHint.of(small, JobConfig.defaults(), card(null)), "one of three qualifies");
    // 511 = 2 x 256 - 1: a 1/2 decode would still give 256, but the image is not twice the resize
    Dataset<Row> justUnder = rows(row("a.jpg", 700, 511), row("b.jpg", 511, 700));
    assertNull(DecodeScalingHint.of(justUnder, JobConfig.defaults(), card(null)), "2 x 256 - 1");
  }

  @Test
  void theSavingIsTheMeasuredCostOfEachScale() {
    String hint = DecodeScalingHint.message(Map.of(0, 5L, 1, 1L, 8, 3L));
    // 3 images at 1/8: each costs 0.21 of a full decode → 1 / 0.21 = 4.8x
    assertTrue(hint.contains("3 of 4 predicted images") && hint.contains("about 4.8x less decode CPU"), hint);
    assertNull(DecodeScalingHint.message(Map.of(1, 2L, 8, 2L)), "half is not most");
  }
}
