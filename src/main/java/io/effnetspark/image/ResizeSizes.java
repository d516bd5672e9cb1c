package io.effnetspark.image;

/**
 * The target sizes of the resize before a center crop, as the Python pipelines compute them.
 *
 * <ul>
 *   <li>{@link #shorterSide}: torchvision's {@code Resize(size)} with an int: the shorter side becomes {@code size},
 *       the longer side {@code int(size * long / short)}, a float division truncated toward zero (torchvision 0.14
 *       {@code transforms/functional.py} {@code _compute_resized_output_size}), optionally capped by
 *       {@code max_size}.</li>
 *   <li>{@link #timmScaleSize}: timm's evaluation transform ({@code timm/data/transforms_factory.py}
 *       {@code transforms_imagenet_eval}, {@code crop_mode="center"}): {@code scale_size = math.floor(img_size /
 *       crop_pct)}, then {@code Resize(scale_size)} (shorter side) and {@code CenterCrop(img_size)}. timm's default
 *       {@code crop_pct} is 0.875, so 224 gives 256.</li>
 * </ul>
 */
public final class ResizeSizes {
  private ResizeSizes() {}

  /** A width and a height, pixels. */
  public record Size(int width, int height) {}

  /**
   * torchvision {@code Resize(size)} (int size, no {@code max_size}) of a {@code width × height} image.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public static Size shorterSide(int width, int height, int size) {
    return shorterSide(width, height, size, 0);
  }

  /**
   * torchvision {@code Resize(size, max_size=maxSize)}: as {@link #shorterSide(int, int, int)}, then, if the
   * longer side exceeds {@code maxSize}, the longer side becomes {@code maxSize} and the shorter
   * {@code int(maxSize * short / long)}.
   *
   * @param maxSize 0 for none
   * @throws IllegalArgumentException if a size is not positive, or {@code maxSize} is not greater than {@code size}
   */
  public static Size shorterSide(int width, int height, int size, int maxSize) {
    if (width <= 0 || height <= 0 || size <= 0 || maxSize < 0) {
      throw new IllegalArgumentException("resize needs positive sizes, got " + width + "x" + height + " to "
          + size);
    }
    boolean portrait = width <= height;
    int shortSide = portrait ? width : height;
    int longSide = portrait ? height : width;
    int newShort = size;
    // Python: int(size * long / short): exact integer product, correctly rounded division, truncation.
    int newLong = (int) ((double) ((long) size * longSide) / shortSide);
    if (maxSize > 0) {
      if (maxSize <= size) {
        throw new IllegalArgumentException("max_size = " + maxSize + " must be strictly greater than the requested "
            + "size for the smaller edge size = " + size);
      }
      if (newLong > maxSize) {
        newShort = (int) ((double) ((long) maxSize * newShort) / newLong);
        newLong = maxSize;
      }
    }
    return portrait ? new Size(newShort, newLong) : new Size(newLong, newShort);
  }

  /**
   * timm's {@code math.floor(img_size / crop_pct)}, in double precision as Python computes it.
   *
   * @param cropPct as written in the model's configuration (a double: a float would change e.g. 0.9)
   * @throws IllegalArgumentException if {@code imgSize} is not positive or {@code cropPct} is not a positive finite
   *     number (above 1 is allowed: the scaled image is then smaller than the crop, which pads it)
   */
  public static int timmScaleSize(int imgSize, double cropPct) {
    if (imgSize <= 0 || !(cropPct > 0) || Double.isInfinite(cropPct)) {
      throw new IllegalArgumentException("need img_size > 0 and crop_pct > 0, got " + imgSize + ", " + cropPct);
    }
    return (int) Math.floor(imgSize / cropPct);
  }
}
