package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.DecodeScaling;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.model.ModelCard;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code preprocessing.decode_scaling} / {@code --decode-scaling}: off by default, the card may turn it on, the
 * option (or Transformer Param: the same setting) wins over the card, and the pipeline then decodes large JPEGs at
 * reduced scale while the row keeps the image's full size.
 */
class DecodeScalingSettingTest {
  /** A 1024×768 JPEG for a card resizing to 64 then cropping 56: 1/8 gives 128×96, still ≥ 64. */
  private static final byte[] PHOTO = ImageFixtures.jpeg(ImageFixtures.noise(1024, 768), false);

  private static ModelCard card(String scaling, String resize, String mode) {
    String extra = scaling == null ? "" : ", \"decode_scaling\": \"" + scaling + "\"";
    extra += mode == null ? "" : ", \"resize_mode\": \"" + mode + "\"";
    return ModelCard.parse("{\"name\": \"t\", \"input\": {\"shape\": [-1, 3, 56, 56]}, \"preprocessing\": "
        + "{\"resize\": " + resize + ", \"crop\": 56, \"scale\": 0.00392156862745098, \"mean\": [0.5, 0.5, 0.5], "
        + "\"std\": [0.25, 0.25, 0.25]" + extra + "}}", "/m/model-card.json");
  }

  /** The command line {@code --decode-scaling value} (with the required input and output). */
  private static JobConfig options(String value) {
    return JobConfig.resolve(Map.of("input", "in", "output", "out", "decode-scaling", value), Map.of());
  }

  private static int scaleOf(ModelCard card, JobConfig config) throws Exception {
    ImagePipeline pipeline = ImagePipeline.of(card, config);
    float[] out = new float[pipeline.floatsPerImage()];
    int[] size = pipeline.prepare(PHOTO, out, 0);
    assertArrayEquals(new int[] {1024, 768}, size, "the row's width and height are the full image's");
    return pipeline.decoder().lastScale();
  }

  @Test
  void offByDefaultOnFromTheCardAndTheOptionWins() throws Exception {
    assertEquals(DecodeScaling.OFF, JobConfig.defaults().get(Settings.DECODE_SCALING));
    assertEquals(1, scaleOf(card(null, "64", null), JobConfig.defaults()));
    assertEquals(8, scaleOf(card("auto", "64", null), JobConfig.defaults()));
    assertEquals(Map.of("decode-scaling", "auto"), card("auto", "64", null).settings());
    JobConfig optionOff = options("off");
    assertEquals(1, scaleOf(card("auto", "64", null), optionOff));
    JobConfig optionAuto = options("auto");
    assertEquals(8, scaleOf(card(null, "64", null), optionAuto));
  }

  @Test
  void theScaleKeepsTheImageAtLeastAsLargeAsTheResize() throws Exception {
    // shorter side 768: 1/8 → 96 ≥ 90; for 100 only 1/4 (192) is large enough; for 400 no scale is (1/2 → 384)
    assertEquals(8, scaleOf(card("auto", "90", null), JobConfig.defaults()));
    assertEquals(4, scaleOf(card("auto", "100", null), JobConfig.defaults()));
    assertEquals(1, scaleOf(card("auto", "400", null), JobConfig.defaults()));
    // exact [H, W]: both sides count, 1024/4 = 256 ≥ 200 but 768/4 = 192 < 300
    assertEquals(2, scaleOf(card("auto", "[300, 200]", null), JobConfig.defaults()));
  }

  @Test
  void anUnknownValueNamesTheCardKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> card("always", "64", null));
    assertTrue(e.getMessage().contains("preprocessing.decode_scaling"), e.getMessage());
    IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
        () -> options("fast"));
    assertTrue(o.getMessage().contains("decode-scaling"), o.getMessage());
  }
}
