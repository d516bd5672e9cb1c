package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.effnetspark.model.PreprocessingSpec;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
  private static final float[] ZERO = {0, 0, 0};
  private static final float[] ONE = {1, 1, 1};

  private static RgbImage gray(int w, int h, int... values) {
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) {
      int v = values[i];
      px[i] = (v << 16) | (v << 8) | v;
    }
    return new RgbImage(w, h, px);
  }

  @Test
  void imageAlreadyAtModelSizeIsOnlyScaledAndNormalized() {
    Preprocessor p = new Preprocessor(new PreprocessingSpec(2, 2, 1f / 255, new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.25f, 0.5f, 1f}));
    float[] out = new float[12];
    p.preprocess(gray(2, 2, 0, 51, 102, 255), out, 0);
    // channel-major: R plane, G plane, B plane; (v/255 - 0.5) / std
    assertEquals((0f - 0.5f) / 0.25f, out[0], 1e-6);
    assertEquals((51 / 255f - 0.5f) / 0.25f, out[1], 1e-6);
    assertEquals((255 / 255f - 0.5f) / 0.5f, out[4 + 3], 1e-6);
    assertEquals((102 / 255f - 0.5f) / 1f, out[8 + 2], 1e-6);
  }

  @Test
  void upscalingUsesHalfPixelBilinearLikePytorchAlignCornersFalse() {
    // 2x1 -> 4x4 (shorter side 1 -> 4, longer 2 -> 8, center crop 4): x positions src = (x + 2 + 0.5) / 4 - 0.5
    Preprocessor p = new Preprocessor(new PreprocessingSpec(4, 4, 1f, ZERO, ONE));
    float[] out = new float[48];
    p.preprocess(gray(2, 1, 0, 100), out, 0);
    // torch.nn.functional.interpolate(torch.tensor([[[[0., 100.]]]]), size=(4, 8), mode="bilinear",
    //   align_corners=False)[0, 0, 0, 2:6] == [12.5, 37.5, 62.5, 87.5]
    assertEquals(12.5f, out[0], 1e-4);
    assertEquals(37.5f, out[1], 1e-4);
    assertEquals(62.5f, out[2], 1e-4);
    assertEquals(87.5f, out[3], 1e-4);
    assertEquals(out[0], out[12], 0f); // every row equal: one source row
  }

  @Test
  void writesAtTheGivenBatchOffset() {
    Preprocessor p = new Preprocessor(new PreprocessingSpec(1, 1, 1f, ZERO, ONE));
    float[] out = new float[6];
    p.preprocess(new RgbImage(1, 1, new int[] {0x010203}), out, 3);
    assertEquals(1f, out[3]);
    assertEquals(2f, out[4]);
    assertEquals(3f, out[5]);
    assertEquals(0f, out[0]);
  }
}
