package io.effnetspark.image;

/**
 * The smallest decoded image the preprocessing can resize from without enlarging: the size its resize step goes
 * to. {@code shorter_side} needs the shorter side at least {@code resize}; {@code exact} needs width and height at
 * least the card's {@code [H, W]}. The scale rule of reduced decoding ({@link #scale}) keeps a decoded image at
 * least this large. Serializable: the run summary's hint evaluates {@link #scale} in Spark tasks.
 *
 * @param shorterSide pixels the shorter side needs (0 when the size is exact)
 * @param width pixels the width needs after EXIF orientation (0 for a shorter-side target)
 * @param height pixels the height needs after EXIF orientation (0 for a shorter-side target)
 */
public record DecodeTarget(int shorterSide, int width, int height) implements java.io.Serializable {
  /** The libjpeg scale denominators OpenCV offers ({@code IMREAD_REDUCED_*_2/4/8}), largest first. */
  static final int[] SCALES = {8, 4, 2};

  public DecodeTarget {
    if (shorterSide < 0 || width < 0 || height < 0 || (shorterSide == 0 && (width <= 0 || height <= 0))) {
      throw new IllegalArgumentException("a decode target needs a shorter side or a width and a height, got "
          + shorterSide + ", " + width + "x" + height);
    }
  }

  /** Preprocessing that resizes the shorter side to {@code size} ({@code resize_mode: shorter_side}). */
  public static DecodeTarget shorterSide(int size) {
    return new DecodeTarget(size, 0, 0);
  }

  /** Preprocessing that resizes to exactly {@code width × height} ({@code resize_mode: exact}). */
  public static DecodeTarget exact(int width, int height) {
    return new DecodeTarget(0, width, height);
  }

  /** Whether an image of {@code w × h} (after orientation) is at least as large as the target. */
  public boolean fits(int w, int h) {
    return shorterSide > 0 ? Math.min(w, h) >= shorterSide : w >= width && h >= height;
  }

  /**
   * The largest libjpeg scale denominator s (8, 4 or 2) for which the image is at least s times the target (its
   * shorter side ≥ s × {@code shorterSide}, or width ≥ s × {@code width} and height ≥ s × {@code height}), or 1
   * when not even twice: an image is decoded at reduced scale only when it is at least twice the target. libjpeg's
   * output at that scale, {@code ceil(w / s) × ceil(h / s)} ({@code jdiv_round_up} in jdmaster.c), then still
   * {@link #fits}.
   *
   * @param w stored width, pixels
   * @param h stored height, pixels
   * @param swapped true when the EXIF orientation turns the image by 90° (values 5-8)
   */
  public int scale(int w, int h, boolean swapped) {
    int ow = swapped ? h : w;
    int oh = swapped ? w : h;
    for (int s : SCALES) {
      if (fits(ow / s, oh / s)) { // floor(x / s) >= t exactly when x >= s × t
        return s;
      }
    }
    return 1;
  }
}
