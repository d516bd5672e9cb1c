package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link PilConvert} against Pillow 9.4's {@code convert("L")} ({@code src/test/resources/resample/convert.tsv}). */
class PilConvertParityTest {

  @Test
  void convertToLMatchesPillowExactlyOnEveryFixture() {
    int cases = 0;
    for (String[] row : ResampleFixtures.manifest("convert.tsv")) {
      GrayImage expected = ResampleFixtures.grayPng(row[1]);
      GrayImage actual = PilConvert.toL(ResampleFixtures.rgb(row[0]));
      assertEquals(expected.width(), actual.width());
      assertArrayEquals(Arrays.copyOf(expected.pixels(), expected.width() * expected.height()), actual.pixels(),
          row[0]);
      cases++;
    }
    assertTrue(cases >= 8, "too few convert cases: " + cases);
  }

  @Test
  void lumaIsFixedPoint601WithRoundingHalfUp() {
    assertEquals(255, PilConvert.luma(0xFFFFFF));
    assertEquals(0, PilConvert.luma(0));
    // (255 * 19595 + 0x8000) >> 16 = 76.7 -> 76; green 149.7 -> 150 (floor after adding a half); blue 29.07 -> 29
    assertEquals(76, PilConvert.luma(0xFF0000));
    assertEquals(150, PilConvert.luma(0x00FF00));
    assertEquals(29, PilConvert.luma(0x0000FF));
    // 52 * 38470 + 184 * 7471 = 51.5 * 65536: an exact half rounds up (Pillow gives 52)
    assertEquals(52, PilConvert.luma(0x0034B8));
    // every gray level maps to itself (the weights sum to 65536)
    for (int v = 0; v < 256; v++) {
      assertEquals(v, PilConvert.luma((v << 16) | (v << 8) | v));
    }
  }

  @Test
  void grayToRgbReplicatesAndTheCombinedStepEqualsTheTwoConversions() {
    RgbImage src = ResampleFixtures.rgb("chelsea");
    RgbImage twoSteps = PilConvert.toRgb(PilConvert.toL(src));
    assertArrayEquals(twoSteps.pixels(), PilConvert.toGrayRgb(src).pixels());
    int p = twoSteps.pixels()[17];
    assertEquals((p >>> 16) & 0xFF, p & 0xFF);
    assertEquals((p >>> 8) & 0xFF, p & 0xFF);
  }
}
