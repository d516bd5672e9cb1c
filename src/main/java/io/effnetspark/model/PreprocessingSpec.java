package io.effnetspark.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How a decoded image becomes the model's input, as the card's {@code preprocessing} object states it (the steps
 * the job runs are in {@code io.effnetspark.image.Preprocessor}): colour ({@link #color}, {@link #alpha}), resize
 * to {@code resize}, center-crop to {@code crop}, multiply by {@code scale}, then per channel
 * {@code (x - mean[c]) / std[c]}, one mean and std per model channel, in the model's channel order.
 *
 * <p>The resize is an int ({@code resizeIsPair} false: the shorter side, or a square under {@code exact}) or a pair
 * {@code [H, W]} (an exact size). Which filter and which resize mode run are job settings with the card's values
 * below the command line ({@code config.Settings#INTERPOLATION}, {@code RESIZE_MODE}, {@code DECODE}).
 *
 * @param alpha null: as the decode mode says (over white under {@code default}, dropped under {@code pil})
 */
public record PreprocessingSpec(int resizeHeight, int resizeWidth, boolean resizeIsPair, int cropHeight,
    int cropWidth, float scale, float[] mean, float[] std, ColorMode color, AlphaMode alpha) implements Serializable {

  public PreprocessingSpec {
    if (resizeHeight <= 0 || resizeWidth <= 0 || (!resizeIsPair && resizeHeight != resizeWidth)) {
      throw new IllegalArgumentException("preprocessing.resize must be a positive int or [H, W], got "
          + resizeHeight + "x" + resizeWidth);
    }
    if (cropHeight <= 0 || cropWidth <= 0) {
      throw new IllegalArgumentException("preprocessing.crop must be positive, got " + cropHeight + "x" + cropWidth);
    }
    if (cropHeight > resizeHeight || cropWidth > resizeWidth) {
      throw new IllegalArgumentException("preprocessing.crop " + size(cropHeight, cropWidth)
          + " is larger than preprocessing.resize " + (resizeIsPair ? size(resizeHeight, resizeWidth)
          : Integer.toString(resizeHeight)));
    }
    if (color == null) {
      throw new IllegalArgumentException("preprocessing.color is required");
    }
    int c = color.channels();
    if (mean == null || mean.length != c) {
      throw new IllegalArgumentException("preprocessing.mean needs " + c + " value" + (c == 1 ? "" : "s")
          + " (one per channel of " + color + "), got " + (mean == null ? "none" : Arrays.toString(mean)));
    }
    if (std == null || std.length != c) {
      throw new IllegalArgumentException("preprocessing.std needs " + c + " value" + (c == 1 ? "" : "s")
          + " (one per channel of " + color + "), got " + (std == null ? "none" : Arrays.toString(std)));
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("preprocessing.std values must be > 0, got " + Arrays.toString(std));
      }
    }
    if (!(Float.isFinite(scale) && scale != 0)) {
      throw new IllegalArgumentException("preprocessing.scale must be a finite number other than 0, got " + scale);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Today's square RGB spec: shorter side to {@code resize}, center crop {@code crop}×{@code crop}. */
  public PreprocessingSpec(int resize, int crop, float scale, float[] mean, float[] std) {
    this(resize, resize, false, crop, crop, scale, mean, std, ColorMode.RGB, null);
  }

  /** The int form of {@code resize} (the shorter side); for a pair {@code [H, W]}, the smaller of the two. */
  public int resize() {
    return Math.min(resizeHeight, resizeWidth);
  }

  /**
   * The crop's side for a square crop.
   *
   * @throws IllegalStateException when the crop is not square
   */
  public int crop() {
    if (cropHeight != cropWidth) {
      throw new IllegalStateException("the crop is not square: " + size(cropHeight, cropWidth));
    }
    return cropHeight;
  }

  /** Channels of the model input: 1 for {@link ColorMode#GRAY}, else 3. */
  public int channels() {
    return color.channels();
  }

  /** Number of floats one image occupies: channels × crop height × crop width. */
  public int floatsPerImage() {
    return channels() * cropHeight * cropWidth;
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
  public boolean equals(Object o) {
    return o instanceof PreprocessingSpec p && p.resizeHeight == resizeHeight && p.resizeWidth == resizeWidth
        && p.resizeIsPair == resizeIsPair && p.cropHeight == cropHeight && p.cropWidth == cropWidth
        && Float.compare(p.scale, scale) == 0 && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std)
        && p.color == color && p.alpha == alpha;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {resizeHeight, resizeWidth, cropHeight, cropWidth, Float.hashCode(scale),
        Arrays.hashCode(mean), Arrays.hashCode(std), color.hashCode()});
  }

  @Override
  public String toString() {
    return "resize " + (resizeIsPair ? size(resizeHeight, resizeWidth) : Integer.toString(resizeHeight))
        + ", center-crop " + size(cropHeight, cropWidth) + ", color " + color + ", scale " + scale
        + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std)
        + (alpha == null ? "" : ", alpha " + alpha.name().toLowerCase(java.util.Locale.ROOT));
  }

  private static String size(int h, int w) {
    return "[" + h + ", " + w + "]";
  }
}
