package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.image.TorchResample.Mode;
import io.effnetspark.model.PreprocessingSpec;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchResample} against torch 1.13's {@code F.interpolate(..., align_corners=False, antialias=False)} on
 * {@code ToTensor} images ({@code src/test/resources/resample/torch.tsv}).
 */
class TorchResampleParityTest {
  private static final double TOLERANCE = 1e-4;

  private static float[] tensor(String source) {
    if (ResampleFixtures.isGray(source)) {
      GrayImage g = ResampleFixtures.gray(source);
      float[] t = new float[g.width() * g.height()];
      for (int i = 0; i < t.length; i++) {
        t[i] = (g.pixels()[i] & 0xFF) / 255f;
      }
      return t;
    }
    return TorchResample.toTensor(ResampleFixtures.rgb(source));
  }

  @Test
  void torchResizesMatchInterpolateWithinOneTenThousandth() {
    Map<Mode, Double> maxDiff = new EnumMap<>(Mode.class);
    Map<Mode, Integer> cases = new EnumMap<>(Mode.class);
    for (String[] row : ResampleFixtures.manifest("torch.tsv")) {
      String source = row[0];
      Mode mode = Mode.valueOf(row[1]);
      int outH = Integer.parseInt(row[2]);
      int outW = Integer.parseInt(row[3]);
      boolean gray = ResampleFixtures.isGray(source);
      int channels = gray ? 1 : 3;
      int inW = gray ? ResampleFixtures.gray(source).width() : ResampleFixtures.rgb(source).width();
      int inH = gray ? ResampleFixtures.gray(source).height() : ResampleFixtures.rgb(source).height();
      float[] expected = ResampleFixtures.floats(row[4]);
      float[] actual = TorchResample.resize(tensor(source), channels, inH, inW, outH, outW, mode);
      assertEquals(expected.length, actual.length, row[4]);
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      }
      assertTrue(worst <= TOLERANCE, row[4] + ": max difference " + worst);
      if (mode == Mode.NEAREST) {
        assertArrayEquals(expected, actual, 0f, row[4] + ": nearest copies samples, it must be exact");
      }
      maxDiff.merge(mode, worst, Math::max);
      cases.merge(mode, 1, Integer::sum);
    }
    System.out.println("torch parity, max |difference| per mode: " + maxDiff + " over cases " + cases);
    for (Mode m : Mode.values()) {
      assertTrue(cases.getOrDefault(m, 0) >= 5, "too few " + m + " cases: " + cases);
    }
  }

  @Test
  void toTensorDividesBy255InFloat() {
    float[] t = TorchResample.toTensor(new RgbImage(2, 1, new int[] {0x00FF33, 0x7F0102}));
    assertEquals(0f, t[0]);
    assertEquals(127 / 255f, t[1]);
    assertEquals(1f, t[2]);
    assertEquals(1 / 255f, t[3]);
    assertEquals(0x33 / 255f, t[4]);
    assertEquals(2 / 255f, t[5]);
  }

  @Test
  void nearestTakesFloorOfDestinationTimesScaleNotThePixelCentre() {
    // 4 -> 3: scale 4/3, sources floor(0), floor(1.33), floor(2.67) = 0, 1, 2 ("nearest-exact" would give 0, 2, 3)
    float[] out = TorchResample.resize(new float[] {10, 20, 30, 40}, 1, 1, 4, 1, 3, Mode.NEAREST);
    assertArrayEquals(new float[] {10, 20, 30}, out);
  }

  @Test
  void bicubicUsesMinusThreeQuartersAndReplicatesTheBorder() {
    float[] c = new float[4];
    TorchResample.cubicCoefficients(0.5f, c);
    // A = -0.75: w(0.5) = ((A + 2) 0.5 - (A + 3)) 0.25 + 1 = 0.59375; w(1.5) = ((1.5A - 5A) 1.5 + 8A) 1.5 - 4A
    assertArrayEquals(new float[] {-0.09375f, 0.59375f, 0.59375f, -0.09375f}, c, 1e-7f);
    // a constant row stays constant at the border (taps clamped into the image)
    float[] out = TorchResample.resize(new float[] {5, 5, 5}, 1, 1, 3, 1, 7, Mode.BICUBIC);
    for (float v : out) {
      assertEquals(5f, v, 1e-5f);
    }
  }

  @Test
  void aWindowEqualsTheSameRectangleOfTheFullResize() {
    float[] src = TorchResample.toTensor(ResampleFixtures.rgb("astronaut"));
    for (Mode mode : Mode.values()) {
      float[] full = TorchResample.resize(src, 3, 48, 64, 70, 90, mode);
      float[] win = new float[5 + 3 * 20 * 30];
      TorchResample.resizeWindow(src, 0, 3, 48, 64, 70, 90, mode, 11, 7, 20, 30, win, 5);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 20; y++) {
          for (int x = 0; x < 30; x++) {
            assertEquals(full[(c * 70 + 11 + y) * 90 + 7 + x], win[5 + (c * 20 + y) * 30 + x], 0f, mode.name());
          }
        }
      }
    }
  }

  /**
   * The job's current path (Preprocessor: bilinear, no antialias) computes nearly the same values as this class; it
   * keeps the source coordinate in float where torch keeps it in double, which moves a 683 -> 341 resize by up to
   * about 0.006 levels on 0..255 samples.
   */
  @Test
  void bilinearAgreesWithTheExistingPreprocessorPathUpToItsFloatCoordinate() {
    RgbImage img = ResampleFixtures.generated(683, 512);
    int resize = 256;
    int crop = 224;
    Preprocessor p = new Preprocessor(new PreprocessingSpec(resize, crop, 1f, new float[] {0, 0, 0},
        new float[] {1, 1, 1}));
    float[] viaPreprocessor = new float[3 * crop * crop];
    p.preprocess(img, viaPreprocessor, 0);

    float[] src = new float[3 * 683 * 512];
    int plane = 683 * 512;
    for (int i = 0; i < plane; i++) {
      int px = img.pixels()[i];
      src[i] = (px >>> 16) & 0xFF;
      src[plane + i] = (px >>> 8) & 0xFF;
      src[2 * plane + i] = px & 0xFF;
    }
    ResizeSizes.Size size = ResizeSizes.shorterSide(683, 512, resize);
    float[] viaTorch = new float[3 * crop * crop];
    // offsets (341 - 224) / 2 = 58.5 -> 58 (half to even), as torchvision's CenterCrop and the Preprocessor place it
    assertEquals(58, CenterCrop.offset(size.width(), crop));
    TorchResample.resizeWindow(src, 0, 3, 512, 683, size.height(), size.width(), Mode.BILINEAR,
        CenterCrop.offset(size.height(), crop), 58, crop, crop, viaTorch, 0);
    double worst = 0;
    for (int i = 0; i < viaTorch.length; i++) {
      worst = Math.max(worst, Math.abs(viaTorch[i] - viaPreprocessor[i]));
    }
    System.out.println("Preprocessor vs TorchResample bilinear, max |difference| on 0..255 samples: " + worst);
    assertTrue(worst <= 0.02, "max difference " + worst + " on 0..255 values");
  }

  @Test
  void rejectsBadSizesAndWindows() {
    assertThrows(IllegalArgumentException.class,
        () -> TorchResample.resize(new float[4], 1, 2, 2, 0, 2, Mode.BILINEAR));
    assertThrows(IllegalArgumentException.class,
        () -> TorchResample.resize(new float[3], 1, 2, 2, 4, 4, Mode.BILINEAR));
    assertThrows(IllegalArgumentException.class, () -> TorchResample.resizeWindow(new float[4], 0, 1, 2, 2, 4, 4,
        Mode.BICUBIC, 2, 2, 3, 3, new float[9], 0));
  }
}
