package io.effnetspark.image;

import io.effnetspark.image.PilCoefficients.Axis;

/**
 * Pillow's {@code Image.resize(size, resample)} for 8-bit images, bit for bit: the resize that torchvision's
 * {@code transforms.Resize} performs on a PIL image ({@code torchvision/transforms/functional_pil.py} {@code resize}
 * calls {@code img.resize(size[::-1], interpolation)}).
 *
 * <p>Followed: Pillow 9.4 (Debian 12's {@code python3-pil}), {@code src/libImaging/Resample.c}, and
 * {@code Image.resize} in {@code src/PIL/Image.py}. In order:
 * <ol>
 *   <li>{@code Image.resize}: a resize to the image's own size (with the default box) is a copy;
 *       {@code reducing_gap} defaults to {@code None}, so no {@code Image.reduce} pre-step happens; the box is the
 *       whole image, {@code (0, 0, width, height)}.</li>
 *   <li>{@code precompute_coeffs}, once per axis: {@code scale = in / out}; {@code filterscale = max(scale, 1)}
 *       (antialiasing: when shrinking, the filter is stretched by the shrink factor); {@code support =
 *       filter.support × filterscale}; for output index {@code i}: {@code center = (i + 0.5) × scale}, source window
 *       {@code [(int)(center - support + 0.5), (int)(center + support + 0.5))} clamped to the image, weight of source
 *       {@code j}: {@code filter((j - center + 0.5) × (1 / filterscale))}, then divided by the window's sum. All in
 *       {@code double}, in Pillow's order of operations.</li>
 *   <li>{@code normalize_coeffs_8bpc}: weights to fixed point with {@link #PRECISION_BITS} = 22 fractional bits,
 *       rounded half away from zero.</li>
 *   <li>{@code ImagingResampleInner}: the horizontal pass runs only if the width changes, the vertical pass only if
 *       the height changes; the horizontal pass covers only the rows the vertical pass reads. Each pass sums
 *       {@code sample × weight} in a 32-bit int starting at {@code 1 << 21} (one half) and stores {@code clip8}:
 *       {@code sum >> 22} clamped to 0..255. So the intermediate image is rounded to 8 bits between the passes.</li>
 * </ol>
 *
 * <p>Images: {@link RgbImage} (packed {@code 0xRRGGBB}, PIL mode {@code "RGB"}, each channel resampled independently)
 * and {@link GrayImage} (PIL mode {@code "L"}). {@link Filter#NEAREST} follows {@code ImagingScaleAffine} in
 * {@code src/libImaging/Geometry.c} instead (what {@code _imaging.c} {@code _resize} calls for it). Not covered: a
 * non-default {@code box} or {@code reducing_gap}, modes with alpha (Pillow premultiplies), 16-bit and float modes.
 *
 * <p>The {@code resizeWindow} methods compute only a rectangle of the resized image (for a following center crop). Each
 * output pixel depends only on its own coefficient windows, so the rectangle equals the same rectangle cut from the
 * full result, bit for bit.
 *
 * <p>Cost: one pass over the source rows the output needs per axis, integer arithmetic, coefficient tables per call
 * ({@code out × ksize} ints), no allocation per pixel. An instance keeps its intermediate buffers between calls: not
 * for use by two threads at once.
 */
public final class PilResample {
  /** Fractional bits of the fixed-point weights: {@code 32 - 8 - 2} (Resample.c {@code PRECISION_BITS}). */
  public static final int PRECISION_BITS = 32 - 8 - 2;

  /** Pillow's resampling filters ({@code Image.Resampling}), with Resample.c's kernels and supports. */
  public enum Filter {
    /**
     * {@code NEAREST}: not a kernel but Pillow's scaling affine transform (Geometry.c {@code ImagingScaleAffine}):
     * source index {@code (int) xo} where {@code xo} starts at {@code scale / 2} and grows by {@code scale} per output
     * pixel, accumulated in double.
     */
    NEAREST(0.0),
    /** {@code BOX}: 1 on (-0.5, 0.5], support 0.5. */
    BOX(0.5),
    /** {@code BILINEAR}: triangle {@code 1 - |x|}, support 1. */
    BILINEAR(1.0),
    /** {@code HAMMING}: {@code sinc(x) × (0.54 + 0.46 cos(πx))} on |x| &lt; 1, support 1. */
    HAMMING(1.0),
    /** {@code BICUBIC}: Keys' cubic convolution with {@code a = -0.5}, support 2. */
    BICUBIC(2.0),
    /** {@code LANCZOS}: {@code sinc(x) × sinc(x / 3)} on [-3, 3), support 3. */
    LANCZOS(3.0);

    private final double support;

    Filter(double support) {
      this.support = support;
    }

    /** The filter's half-width in source pixels before antialias stretching. */
    public double support() {
      return support;
    }

    /**
     * The kernel value at {@code x}, as Resample.c computes it (its {@code *_filter} functions, in double).
     *
     * @throws UnsupportedOperationException for {@link #NEAREST}, which has no kernel
     */
    public double weight(double x) {
      switch (this) {
        case NEAREST:
          throw new UnsupportedOperationException("NEAREST has no kernel");
        case BOX:
          return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
        case BILINEAR: {
          double a = x < 0.0 ? -x : x;
          return a < 1.0 ? 1.0 - a : 0.0;
        }
        case HAMMING: {
          double a = x < 0.0 ? -x : x;
          if (a == 0.0) {
            return 1.0;
          }
          if (a >= 1.0) {
            return 0.0;
          }
          a = a * Math.PI;
          // 0.54f and 0.46f are float literals in Resample.c: their float values, widened.
          return Math.sin(a) / a * ((double) 0.54f + (double) 0.46f * Math.cos(a));
        }
        case BICUBIC: {
          final double c = -0.5;
          double a = x < 0.0 ? -x : x;
          if (a < 1.0) {
            return ((c + 2.0) * a - (c + 3.0)) * a * a + 1;
          }
          if (a < 2.0) {
            return (((a - 5) * a + 8) * a - 4) * c;
          }
          return 0.0;
        }
        case LANCZOS:
          return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
        default:
          throw new AssertionError(this);
      }
    }

    private static double sinc(double x) {
      if (x == 0.0) {
        return 1.0;
      }
      x = x * Math.PI;
      return Math.sin(x) / x;
    }
  }

  private final PilPasses passes = new PilPasses();

  /**
   * {@code image.resize((outWidth, outHeight), filter)} of an RGB image.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public RgbImage resize(RgbImage src, int outWidth, int outHeight, Filter filter) {
    return resizeWindow(src, outWidth, outHeight, filter, 0, 0, outWidth, outHeight, null);
  }

  /**
   * The rectangle {@code [left, left + width) × [top, top + height)} of {@code resize(src, outWidth, outHeight,
   * filter)}, computing only what it needs.
   *
   * @param dst written instead of a new array when it holds at least width × height pixels; the result then wraps it
   * @throws IllegalArgumentException if a size is not positive or the rectangle leaves the resized image
   */
  public RgbImage resizeWindow(RgbImage src, int outWidth, int outHeight, Filter filter, int left, int top,
      int width, int height, int[] dst) {
    int inW = src.width();
    int inH = src.height();
    checkArguments(inW, inH, outWidth, outHeight, left, top, width, height);
    int[] out = dst != null && dst.length >= width * height ? dst : new int[width * height];
    int[] in = src.pixels();
    if (filter == Filter.NEAREST && (outWidth != inW || outHeight != inH)) {
      int[] xs = PilCoefficients.nearestIndices(inW, outWidth, left, width);
      int[] ys = PilCoefficients.nearestIndices(inH, outHeight, top, height);
      for (int y = 0; y < height; y++) {
        int row = ys[y] * inW;
        for (int x = 0; x < width; x++) {
          out[y * width + x] = ys[y] < 0 || xs[x] < 0 ? 0 : in[row + xs[x]];
        }
      }
      return new RgbImage(width, height, out);
    }
    boolean needH = outWidth != inW;
    boolean needV = outHeight != inH;
    Axis ys = needV ? PilCoefficients.axis(inH, outHeight, filter, top, height) : null;
    int rowFirst = needV ? ys.firstSource() : top;
    int rows = needV ? ys.endSource() - rowFirst : height;

    int[] rowsBuf;
    int rowsBase;
    int rowsStride;
    if (needH) {
      Axis xs = PilCoefficients.axis(inW, outWidth, filter, left, width);
      rowsBuf = needV ? passes.scratchRgb(width * rows) : out;
      rowsBase = 0;
      rowsStride = width;
      PilPasses.horizontalRgb(in, inW, rowFirst, rows, xs, width, rowsBuf);
    } else {
      rowsBuf = in;
      rowsBase = rowFirst * inW + left;
      rowsStride = inW;
    }
    if (needV) {
      passes.verticalRgb(rowsBuf, rowsBase, rowsStride, rowFirst, ys, width, height, out);
    } else if (!needH) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(in, (top + y) * inW + left, out, y * width, width);
      }
    }
    passes.releaseScratch();
    return new RgbImage(width, height, out);
  }

  /**
   * {@code image.resize((outWidth, outHeight), filter)} of an {@code "L"} image.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public GrayImage resize(GrayImage src, int outWidth, int outHeight, Filter filter) {
    return resizeWindow(src, outWidth, outHeight, filter, 0, 0, outWidth, outHeight, null);
  }

  /**
   * The rectangle {@code [left, left + width) × [top, top + height)} of {@code resize(src, outWidth, outHeight,
   * filter)} of an {@code "L"} image.
   *
   * @param dst written instead of a new array when it holds at least width × height samples
   * @throws IllegalArgumentException if a size is not positive or the rectangle leaves the resized image
   */
  public GrayImage resizeWindow(GrayImage src, int outWidth, int outHeight, Filter filter, int left, int top,
      int width, int height, byte[] dst) {
    int inW = src.width();
    int inH = src.height();
    checkArguments(inW, inH, outWidth, outHeight, left, top, width, height);
    byte[] out = dst != null && dst.length >= width * height ? dst : new byte[width * height];
    byte[] in = src.pixels();
    if (filter == Filter.NEAREST && (outWidth != inW || outHeight != inH)) {
      int[] xs = PilCoefficients.nearestIndices(inW, outWidth, left, width);
      int[] ys = PilCoefficients.nearestIndices(inH, outHeight, top, height);
      for (int y = 0; y < height; y++) {
        int row = ys[y] * inW;
        for (int x = 0; x < width; x++) {
          out[y * width + x] = ys[y] < 0 || xs[x] < 0 ? 0 : in[row + xs[x]];
        }
      }
      return new GrayImage(width, height, out);
    }
    boolean needH = outWidth != inW;
    boolean needV = outHeight != inH;
    Axis ys = needV ? PilCoefficients.axis(inH, outHeight, filter, top, height) : null;
    int rowFirst = needV ? ys.firstSource() : top;
    int rows = needV ? ys.endSource() - rowFirst : height;

    byte[] rowsBuf;
    int rowsBase;
    int rowsStride;
    if (needH) {
      Axis xs = PilCoefficients.axis(inW, outWidth, filter, left, width);
      rowsBuf = needV ? passes.scratchGray(width * rows) : out;
      rowsBase = 0;
      rowsStride = width;
      PilPasses.horizontalGray(in, inW, rowFirst, rows, xs, width, rowsBuf);
    } else {
      rowsBuf = in;
      rowsBase = rowFirst * inW + left;
      rowsStride = inW;
    }
    if (needV) {
      passes.verticalGray(rowsBuf, rowsBase, rowsStride, rowFirst, ys, width, height, out);
    } else if (!needH) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(in, (top + y) * inW + left, out, y * width, width);
      }
    }
    passes.releaseScratch();
    return new GrayImage(width, height, out);
  }

  private static void checkArguments(int inW, int inH, int outW, int outH, int left, int top, int w, int h) {
    if (inW <= 0 || inH <= 0 || outW <= 0 || outH <= 0) {
      throw new IllegalArgumentException("resize needs positive sizes, got " + inW + "x" + inH + " -> " + outW + "x"
          + outH);
    }
    if (w <= 0 || h <= 0 || left < 0 || top < 0 || left + w > outW || top + h > outH) {
      throw new IllegalArgumentException("window " + w + "x" + h + " at (" + left + ", " + top + ") is not inside "
          + outW + "x" + outH);
    }
  }
}
