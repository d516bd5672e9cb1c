package io.effnetspark.image;

import java.util.Arrays;

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
  private static final int HALF = 1 << (PRECISION_BITS - 1);
  /** Largest intermediate buffer (in pixels) kept between calls; larger ones are dropped after use. */
  private static final int MAX_KEPT_SCRATCH = 4 << 20;

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

  /**
   * Fixed-point weights for the output indices {@code [first, first + count)} of one axis: output
   * {@code first + i} reads source samples {@code start[i] .. start[i] + taps[i] - 1} with weights
   * {@code weights[i * ksize .. i * ksize + taps[i] - 1]} (22 fractional bits).
   */
  static final class Axis {
    final int ksize;
    final int[] start;
    final int[] taps;
    final int[] weights;

    private Axis(int ksize, int count) {
      this.ksize = ksize;
      this.start = new int[count];
      this.taps = new int[count];
      this.weights = new int[count * ksize];
    }

    /** First source index any output reads. */
    int firstSource() {
      int m = Integer.MAX_VALUE;
      for (int s : start) {
        m = Math.min(m, s);
      }
      return m;
    }

    /** One past the last source index any output reads. */
    int endSource() {
      int m = 0;
      for (int i = 0; i < start.length; i++) {
        m = Math.max(m, start[i] + taps[i]);
      }
      return m;
    }
  }

  /**
   * Resample.c {@code precompute_coeffs} (default box: {@code in0 = 0}, {@code in1 = inSize}) followed by
   * {@code normalize_coeffs_8bpc}, for the outputs {@code [first, first + count)}.
   */
  static Axis axis(int inSize, int outSize, Filter filter, int first, int count) {
    double[][] pre = precompute(inSize, outSize, filter, first, count);
    double scale = (double) (float) inSize / outSize;
    int ksize = (int) Math.ceil(filter.support * (scale < 1.0 ? 1.0 : scale)) * 2 + 1;
    for (double[] k : pre) {
      ksize = Math.max(ksize, k.length - 2);
    }
    Axis a = new Axis(ksize, count);
    for (int i = 0; i < count; i++) {
      double[] k = pre[i];
      a.start[i] = (int) k[0];
      a.taps[i] = (int) k[1];
      for (int x = 0; x < a.taps[i]; x++) {
        a.weights[i * ksize + x] = toFixedPoint(k[2 + x]);
      }
    }
    return a;
  }

  /** Resample.c {@code normalize_coeffs_8bpc}: {@code w × 2^22} rounded half away from zero. */
  static int toFixedPoint(double w) {
    return w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
  }

  /**
   * The double-precision weights of Resample.c {@code precompute_coeffs}: element {@code [i]} holds, for output
   * {@code first + i}, {@code {start, taps, w0, w1, ...}}.
   */
  static double[][] precompute(int inSize, int outSize, Filter filter, int first, int count) {
    // box = (0, 0, in, out) as floats: in1 - in0 is the float inSize, exact below 2^24.
    double scale = (double) (float) inSize / outSize;
    double filterscale = scale < 1.0 ? 1.0 : scale;
    double support = filter.support * filterscale;
    double ss = 1.0 / filterscale;
    double[][] out = new double[count][];
    for (int i = 0; i < count; i++) {
      int xx = first + i;
      double center = 0.0 + (xx + 0.5) * scale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      double[] k = new double[2 + Math.max(xmax, 0)];
      k[0] = xmin;
      k[1] = Math.max(xmax, 0);
      double ww = 0.0;
      for (int x = 0; x < xmax; x++) {
        double w = filter.weight((x + xmin - center + 0.5) * ss);
        k[2 + x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        if (ww != 0.0) {
          k[2 + x] /= ww;
        }
      }
      out[i] = k;
    }
    return out;
  }

  /**
   * Geometry.c {@code ImagingScaleAffine} along one axis, for outputs {@code [first, first + count)}: the affine
   * coefficient {@code a = (double) (float) in / out} (from {@code _imaging.c} {@code _resize}, box width over
   * size), the position {@code a / 2}, then {@code += a} per output (accumulated, as Pillow does), truncated
   * ({@code COORD}); an index outside the image is -1 (Pillow leaves such pixels 0).
   */
  static int[] nearestIndices(int inSize, int outSize, int first, int count) {
    double a = (double) (float) inSize / outSize;
    double o = 0.0 + a * 0.5;
    int[] idx = new int[count];
    for (int x = 0; x < first + count; x++) {
      if (x >= first) {
        int v = o < 0.0 ? -1 : (int) o;
        idx[x - first] = v < inSize ? v : -1;
      }
      o += a;
    }
    return idx;
  }

  /** Resample.c {@code clip8}: the sum's integer part ({@code >> 22}, rounding down) clamped to 0..255. */
  static int clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return v < 0 ? 0 : (v > 255 ? 255 : v);
  }

  private int[] scratchRgb;
  private int[] accumulators;
  private byte[] scratchGray;

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
      int[] xs = nearestIndices(inW, outWidth, left, width);
      int[] ys = nearestIndices(inH, outHeight, top, height);
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
    Axis ys = needV ? axis(inH, outHeight, filter, top, height) : null;
    int rowFirst = needV ? ys.firstSource() : top;
    int rows = needV ? ys.endSource() - rowFirst : height;

    int[] rowsBuf;
    int rowsBase;
    int rowsStride;
    if (needH) {
      Axis xs = axis(inW, outWidth, filter, left, width);
      rowsBuf = needV ? scratchRgb(width * rows) : out;
      rowsBase = 0;
      rowsStride = width;
      horizontalRgb(in, inW, rowFirst, rows, xs, width, rowsBuf);
    } else {
      rowsBuf = in;
      rowsBase = rowFirst * inW + left;
      rowsStride = inW;
    }
    if (needV) {
      verticalRgb(rowsBuf, rowsBase, rowsStride, rowFirst, ys, width, height, out);
    } else if (!needH) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(in, (top + y) * inW + left, out, y * width, width);
      }
    }
    releaseScratch();
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
      int[] xs = nearestIndices(inW, outWidth, left, width);
      int[] ys = nearestIndices(inH, outHeight, top, height);
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
    Axis ys = needV ? axis(inH, outHeight, filter, top, height) : null;
    int rowFirst = needV ? ys.firstSource() : top;
    int rows = needV ? ys.endSource() - rowFirst : height;

    byte[] rowsBuf;
    int rowsBase;
    int rowsStride;
    if (needH) {
      Axis xs = axis(inW, outWidth, filter, left, width);
      rowsBuf = needV ? scratchGray(width * rows) : out;
      rowsBase = 0;
      rowsStride = width;
      horizontalGray(in, inW, rowFirst, rows, xs, width, rowsBuf);
    } else {
      rowsBuf = in;
      rowsBase = rowFirst * inW + left;
      rowsStride = inW;
    }
    if (needV) {
      verticalGray(rowsBuf, rowsBase, rowsStride, rowFirst, ys, width, height, out);
    } else if (!needH) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(in, (top + y) * inW + left, out, y * width, width);
      }
    }
    releaseScratch();
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

  /** ImagingResampleHorizontal_8bpc, 3 bands: rows [rowFirst, rowFirst + rows) into tmp (stride width). */
  private static void horizontalRgb(int[] in, int inW, int rowFirst, int rows, Axis xs, int width, int[] tmp) {
    int ksize = xs.ksize;
    int[] k = xs.weights;
    for (int r = 0; r < rows; r++) {
      int rowBase = (rowFirst + r) * inW;
      int o = r * width;
      for (int i = 0; i < width; i++) {
        int p0 = rowBase + xs.start[i];
        int n = xs.taps[i];
        int kb = i * ksize;
        int s0 = HALF;
        int s1 = HALF;
        int s2 = HALF;
        for (int x = 0; x < n; x++) {
          int p = in[p0 + x];
          int w = k[kb + x];
          s0 += ((p >>> 16) & 0xFF) * w;
          s1 += ((p >>> 8) & 0xFF) * w;
          s2 += (p & 0xFF) * w;
        }
        tmp[o + i] = (clip8(s0) << 16) | (clip8(s1) << 8) | clip8(s2);
      }
    }
  }

  /**
   * ImagingResampleVertical_8bpc, 3 bands: pixel (x, source row r) is {@code buf[base + (r - rowFirst) * stride +
   * x]}. Accumulates row by row (the same integer sums as Pillow's pixel-by-pixel loop, in another order: integer
   * addition is associative) so that memory is read sequentially.
   */
  private void verticalRgb(int[] buf, int base, int stride, int rowFirst, Axis ys, int width, int height,
      int[] out) {
    int ksize = ys.ksize;
    int[] k = ys.weights;
    int[] acc = accumulators(3 * width);
    for (int j = 0; j < height; j++) {
      Arrays.fill(acc, 0, 3 * width, HALF);
      int r0 = base + (ys.start[j] - rowFirst) * stride;
      int n = ys.taps[j];
      int kb = j * ksize;
      for (int y = 0; y < n; y++) {
        int w = k[kb + y];
        int row = r0 + y * stride;
        for (int x = 0, a = 0; x < width; x++, a += 3) {
          int p = buf[row + x];
          acc[a] += ((p >>> 16) & 0xFF) * w;
          acc[a + 1] += ((p >>> 8) & 0xFF) * w;
          acc[a + 2] += (p & 0xFF) * w;
        }
      }
      int o = j * width;
      for (int x = 0, a = 0; x < width; x++, a += 3) {
        out[o + x] = (clip8(acc[a]) << 16) | (clip8(acc[a + 1]) << 8) | clip8(acc[a + 2]);
      }
    }
  }

  private int[] accumulators(int n) {
    if (accumulators == null || accumulators.length < n) {
      accumulators = new int[n];
    }
    return accumulators;
  }

  private static void horizontalGray(byte[] in, int inW, int rowFirst, int rows, Axis xs, int width, byte[] tmp) {
    int ksize = xs.ksize;
    int[] k = xs.weights;
    for (int r = 0; r < rows; r++) {
      int rowBase = (rowFirst + r) * inW;
      int o = r * width;
      for (int i = 0; i < width; i++) {
        int p0 = rowBase + xs.start[i];
        int n = xs.taps[i];
        int kb = i * ksize;
        int s = HALF;
        for (int x = 0; x < n; x++) {
          s += (in[p0 + x] & 0xFF) * k[kb + x];
        }
        tmp[o + i] = (byte) clip8(s);
      }
    }
  }

  /** ImagingResampleVertical_8bpc, 1 band; row by row as {@link #verticalRgb}. */
  private void verticalGray(byte[] buf, int base, int stride, int rowFirst, Axis ys, int width, int height,
      byte[] out) {
    int ksize = ys.ksize;
    int[] k = ys.weights;
    int[] acc = accumulators(width);
    for (int j = 0; j < height; j++) {
      Arrays.fill(acc, 0, width, HALF);
      int r0 = base + (ys.start[j] - rowFirst) * stride;
      int n = ys.taps[j];
      int kb = j * ksize;
      for (int y = 0; y < n; y++) {
        int w = k[kb + y];
        int row = r0 + y * stride;
        for (int x = 0; x < width; x++) {
          acc[x] += (buf[row + x] & 0xFF) * w;
        }
      }
      int o = j * width;
      for (int x = 0; x < width; x++) {
        out[o + x] = (byte) clip8(acc[x]);
      }
    }
  }

  private int[] scratchRgb(int n) {
    if (scratchRgb == null || scratchRgb.length < n) {
      scratchRgb = new int[n];
    }
    return scratchRgb;
  }

  private byte[] scratchGray(int n) {
    if (scratchGray == null || scratchGray.length < n) {
      scratchGray = new byte[n];
    }
    return scratchGray;
  }

  private void releaseScratch() {
    if (scratchRgb != null && scratchRgb.length > MAX_KEPT_SCRATCH) {
      scratchRgb = null;
    }
    if (scratchGray != null && scratchGray.length > MAX_KEPT_SCRATCH) {
      scratchGray = null;
    }
    if (accumulators != null && accumulators.length > MAX_KEPT_SCRATCH) {
      accumulators = null;
    }
  }
}
