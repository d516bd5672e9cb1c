package io.effnetspark.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How an RGB image becomes the model's NCHW float input, as the model card states it.
 *
 * <p>Steps: resize so the shorter side is {@code resize} pixels (bilinear, half-pixel centres, no antialias:
 * the semantics of PyTorch's {@code F.interpolate(mode="bilinear", align_corners=False)}), center-crop to
 * {@code crop}×{@code crop}, multiply by {@code scale} (usually 1/255), then per channel
 * {@code (x - mean[c]) / std[c]}. Mean/std are given on the scaled values, RGB order.
 */
public record PreprocessingSpec(int resize, int crop, float scale, float[] mean, float[] std)
    implements Serializable {

  public PreprocessingSpec {
    if (resize <= 0 || crop <= 0 || crop > resize) {
      throw new IllegalArgumentException("preprocessing: need 0 < crop <= resize, got resize=" + resize
          + " crop=" + crop);
    }
    if (mean == null || std == null || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("preprocessing: mean and std need 3 values (RGB)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("preprocessing: std values must be > 0, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Number of floats one image occupies in the batch: 3 × crop × crop. */
  public int floatsPerImage() {
    return 3 * crop * crop;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public String toString() {
    return "resize shorter side to " + resize + ", center-crop " + crop + ", scale " + scale
        + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
  }
}
