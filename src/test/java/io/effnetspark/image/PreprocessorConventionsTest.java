package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.Interpolation;
import io.effnetspark.config.ResizeMode;
import io.effnetspark.model.ColorMode;
import io.effnetspark.model.PreprocessingSpec;
import io.effnetspark.model.TensorLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The one preprocessing path in every convention a card can state: NHWC against NCHW buffers, BGR and GRAY
 * channels, exact resizes, and each filter against its reference (Pillow through torchvision, PyTorch).
 */
class PreprocessorConventionsTest {
  private static final float[] MEAN3 = {0.4f, 0.5f, 0.6f};
  private static final float[] STD3 = {0.2f, 0.25f, 0.3f};

  private static PreprocessingSpec spec(int resizeH, int resizeW, boolean pair, int cropH, int cropW, ColorMode c,
      float scale, float[] mean, float[] std) {
    return new PreprocessingSpec(resizeH, resizeW, pair, cropH, cropW, scale, mean, std, c, null);
  }

  private static float[] run(PreprocessingSpec s, TensorLayout layout, Interpolation f, ResizeMode m, RgbImage img) {
    Preprocessor p = new Preprocessor(s, layout, f, m);
    float[] out = new float[s.floatsPerImage() + 5];
    Arrays.fill(out, Float.NaN);
    p.preprocess(img, out, 5); // at an offset, as images after the first in a batch
    return Arrays.copyOfRange(out, 5, out.length);
  }

  @Test
  void nhwcBufferIsTheNchwBufferWithChannelsInterleavedPerPixel() {
    RgbImage img = ResampleFixtures.generated(97, 71);
    for (Interpolation f : Interpolation.values()) {
      PreprocessingSpec s = spec(40, 40, false, 32, 36, ColorMode.RGB, 1f / 255, MEAN3, STD3);
      float[] nchw = run(s, TensorLayout.NCHW, f, ResizeMode.SHORTER_SIDE, img);
      float[] nhwc = run(s, TensorLayout.NHWC, f, ResizeMode.SHORTER_SIDE, img);
      int plane = 32 * 36;
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(nchw[c * plane + i], nhwc[i * 3 + c], f + " pixel " + i + " channel " + c);
        }
      }
      assertTrue(Float.isFinite(nhwc[nhwc.length - 1]), "the whole image was written");
    }
  }

  @Test
  void bgrIsRgbWithTheChannelsReversedAndMeanStdInTheModelsOrder() {
    RgbImage img = ResampleFixtures.generated(64, 48);
    float[] meanBgr = {MEAN3[2], MEAN3[1], MEAN3[0]};
    float[] stdBgr = {STD3[2], STD3[1], STD3[0]};
    for (Interpolation f : Interpolation.values()) {
      float[] rgb = run(spec(32, 32, false, 32, 32, ColorMode.RGB, 1f / 255, MEAN3, STD3), TensorLayout.NCHW, f,
          ResizeMode.SHORTER_SIDE, img);
      float[] bgr = run(spec(32, 32, false, 32, 32, ColorMode.BGR, 1f / 255, meanBgr, stdBgr), TensorLayout.NCHW, f,
          ResizeMode.SHORTER_SIDE, img);
      int plane = 32 * 32;
      for (int c = 0; c < 3; c++) {
        assertArrayEquals(Arrays.copyOfRange(rgb, c * plane, (c + 1) * plane),
            Arrays.copyOfRange(bgr, (2 - c) * plane, (3 - c) * plane), f + " channel " + c);
      }
      assertNotEquals(rgb[0], bgr[0], "the channels do differ on this image");
    }
  }

  @Test
  void grayIsPilsLumaOfEachPixelBeforeTheResize() {
    RgbImage img = ResampleFixtures.generated(61, 45);
    RgbImage luma = PilConvert.toGrayRgb(img); // convert("L") replicated to three equal channels
    for (Interpolation f : Interpolation.values()) {
      float[] gray = run(spec(24, 24, false, 20, 24, ColorMode.GRAY, 1f / 255, new float[] {0.5f},
          new float[] {0.25f}), TensorLayout.NCHW, f, ResizeMode.SHORTER_SIDE, img);
      float[] viaRgb = run(spec(24, 24, false, 20, 24, ColorMode.RGB, 1f / 255, new float[] {0.5f, 0.5f, 0.5f},
          new float[] {0.25f, 0.25f, 0.25f}), TensorLayout.NCHW, f, ResizeMode.SHORTER_SIDE, luma);
      assertEquals(20 * 24, gray.length);
      assertArrayEquals(Arrays.copyOf(viaRgb, gray.length), gray, f.toString());
    }
    // and the NHWC layout of a one-channel image is the same buffer
    PreprocessingSpec s = spec(24, 24, false, 20, 24, ColorMode.GRAY, 1f, new float[] {0}, new float[] {1});
    assertArrayEquals(run(s, TensorLayout.NCHW, Interpolation.PIL_BILINEAR, ResizeMode.SHORTER_SIDE, img),
        run(s, TensorLayout.NHWC, Interpolation.PIL_BILINEAR, ResizeMode.SHORTER_SIDE, img));
  }

  @Test
  void exactResizeSquashesToTheSizeLikePilsResizeToThatSize() {
    RgbImage img = ResampleFixtures.generated(120, 50);
    PreprocessingSpec s = spec(30, 40, true, 30, 40, ColorMode.RGB, 1f, new float[] {0, 0, 0},
        new float[] {1, 1, 1});
    float[] exact = run(s, TensorLayout.NCHW, Interpolation.PIL_BICUBIC, ResizeMode.EXACT, img);
    RgbImage expected = new PilResample().resize(img, 40, 30, PilResample.Filter.BICUBIC); // (width, height)
    int plane = 30 * 40;
    for (int i = 0; i < plane; i++) {
      int p = expected.pixels()[i];
      assertEquals((p >>> 16) & 0xFF, exact[i], "R " + i);
      assertEquals((p >>> 8) & 0xFF, exact[plane + i], "G " + i);
      assertEquals(p & 0xFF, exact[2 * plane + i], "B " + i);
    }
    // an int resize under exact is a square; then the center crop
    PreprocessingSpec square = spec(48, 48, false, 40, 40, ColorMode.RGB, 1f, new float[] {0, 0, 0},
        new float[] {1, 1, 1});
    float[] sq = run(square, TensorLayout.NCHW, Interpolation.PIL_BILINEAR, ResizeMode.EXACT, img);
    RgbImage full = new PilResample().resize(img, 48, 48, PilResample.Filter.BILINEAR);
    assertEquals((full.pixels()[4 * 48 + 4] >>> 16) & 0xFF, sq[0], "crop starts at (4, 4) of the 48x48 squash");
    assertThrows(IllegalArgumentException.class,
        () -> new Preprocessor(s, TensorLayout.NCHW, Interpolation.BILINEAR, ResizeMode.SHORTER_SIDE),
        "shorter_side cannot take an [H, W] resize");
  }

  @Test
  void exactBicubicAndNearestFollowPytorchsInterpolate() {
    int cases = 0;
    for (String[] row : ResampleFixtures.manifest("torch.tsv")) {
      if (ResampleFixtures.isGray(row[0]) || row[1].equals("BILINEAR")) {
        continue;
      }
      RgbImage src = ResampleFixtures.rgb(row[0]);
      int h = Integer.parseInt(row[2]);
      int w = Integer.parseInt(row[3]);
      // ToTensor (v / 255) then interpolate there; here interpolate on v, then * 1/255: equal up to float rounding
      float[] got = run(spec(h, w, true, h, w, ColorMode.RGB, 1f / 255, new float[] {0, 0, 0},
          new float[] {1, 1, 1}), TensorLayout.NCHW, Interpolation.valueOf(row[1]), ResizeMode.EXACT, src);
      float[] expected = ResampleFixtures.floats(row[4]);
      assertEquals(expected.length, got.length, row[4]);
      for (int i = 0; i < got.length; i++) {
        assertEquals(expected[i], got[i], 2e-6, row[4] + " at " + i);
      }
      cases++;
    }
    assertTrue(cases >= 8, "cases: " + cases);
  }

  @Test
  void pilFiltersReproduceTorchvisionResizeAndCenterCropOnPilImagesBitForBit() {
    int cases = 0;
    for (String[] row : ResampleFixtures.manifest("pipeline.tsv")) {
      Interpolation f = switch (row[1]) {
        case "BILINEAR" -> Interpolation.PIL_BILINEAR;
        case "BICUBIC" -> Interpolation.PIL_BICUBIC;
        case "LANCZOS" -> Interpolation.PIL_LANCZOS;
        default -> null;
      };
      if (f == null) {
        continue;
      }
      int resize = Integer.parseInt(row[2]);
      int crop = Integer.parseInt(row[3]);
      float[] got = run(spec(resize, resize, false, crop, crop, ColorMode.RGB, 1f, new float[] {0, 0, 0},
          new float[] {1, 1, 1}), TensorLayout.NHWC, f, ResizeMode.SHORTER_SIDE, ResampleFixtures.rgb(row[0]));
      byte[] bytes = new byte[got.length]; // NHWC of 0..255 values: numpy's tobytes() of the PIL crop
      for (int i = 0; i < got.length; i++) {
        assertEquals(Math.rint(got[i]), got[i], "whole 8-bit values");
        bytes[i] = (byte) got[i];
      }
      assertEquals(row[4], ResampleFixtures.sha256(bytes), row[0] + " " + f + " Resize(" + resize + ") CenterCrop("
          + crop + ")");
      cases++;
    }
    assertTrue(cases >= 12, "cases: " + cases);
  }

  @Test
  void centerCropOffsetsRoundHalvesToEvenAsTorchvision() {
    // 683x512 -> shorter side 256 -> 341x256; (341 - 224) / 2 = 58.5 -> 58 (Math.round would give 59)
    RgbImage img = ResampleFixtures.generated(683, 512);
    PreprocessingSpec s = spec(256, 256, false, 224, 224, ColorMode.RGB, 1f, new float[] {0, 0, 0},
        new float[] {1, 1, 1});
    float[] got = run(s, TensorLayout.NCHW, Interpolation.PIL_BILINEAR, ResizeMode.SHORTER_SIDE, img);
    RgbImage full = new PilResample().resize(img, 341, 256, PilResample.Filter.BILINEAR);
    int plane = 224 * 224;
    for (int y = 0; y < 224; y += 37) {
      for (int x = 0; x < 224; x += 29) {
        int p = full.pixels()[(16 + y) * 341 + 58 + x];
        assertEquals((p >>> 8) & 0xFF, got[plane + y * 224 + x], "G at " + x + "," + y);
      }
    }
  }
}
