package io.effnetspark.image;

import static io.effnetspark.image.PilCoefficients.clip8;

import io.effnetspark.image.PilCoefficients.Axis;
import java.util.Arrays;

/**
 * The two 8-bit passes of Pillow's {@code ImagingResampleInner} ({@code src/libImaging/Resample.c}): horizontal then
 * vertical, each summing {@code sample × weight} in a 32-bit int from {@code 1 << 21} and storing {@code clip8}.
 * Keeps the intermediate rows and the vertical accumulators between calls (buffers above {@link #MAX_KEPT_SCRATCH}
 * pixels are dropped after use): not for use by two threads at once.
 */
final class PilPasses {
  private static final int HALF = 1 << (PilResample.PRECISION_BITS - 1);
  /** Largest intermediate buffer (in pixels) kept between calls; larger ones are dropped after use. */
  static final int MAX_KEPT_SCRATCH = 4 << 20;

  private int[] scratchRgb;
  private int[] accumulators;
  private byte[] scratchGray;

  /**
   * The passes for one sample type, so that {@link PilResample} runs one sequence of steps for both: packed
   * {@code 0xRRGGBB} ints (PIL mode {@code "RGB"}) or bytes (mode {@code "L"}).
   *
   * @param <A> {@code int[]} or {@code byte[]}
   */
  interface Samples<A> {
    A allocate(int n);

    int length(A samples);

    /** An intermediate buffer of at least {@code n} samples, kept between calls. */
    A scratch(int n);

    void horizontal(A in, int inW, int rowFirst, int rows, Axis xs, int width, A tmp);

    void vertical(A buf, int base, int stride, int rowFirst, Axis ys, int width, int height, A out);

    /** Geometry.c {@code ImagingScaleAffine}: source indices per output column and row, -1 outside (left 0). */
    void nearest(A in, int inW, int[] xs, int[] ys, int width, int height, A out);
  }

  final Samples<int[]> rgb = new Samples<>() {
    @Override
    public int[] allocate(int n) {
      return new int[n];
    }

    @Override
    public int length(int[] samples) {
      return samples.length;
    }

    @Override
    public int[] scratch(int n) {
      return scratchRgb(n);
    }

    @Override
    public void horizontal(int[] in, int inW, int rowFirst, int rows, Axis xs, int width, int[] tmp) {
      horizontalRgb(in, inW, rowFirst, rows, xs, width, tmp);
    }

    @Override
    public void vertical(int[] buf, int base, int stride, int rowFirst, Axis ys, int width, int height, int[] out) {
      verticalRgb(buf, base, stride, rowFirst, ys, width, height, out);
    }

    @Override
    public void nearest(int[] in, int inW, int[] xs, int[] ys, int width, int height, int[] out) {
      for (int y = 0; y < height; y++) {
        int row = ys[y] * inW;
        for (int x = 0; x < width; x++) {
          out[y * width + x] = ys[y] < 0 || xs[x] < 0 ? 0 : in[row + xs[x]];
        }
      }
    }
  };

  final Samples<byte[]> gray = new Samples<>() {
    @Override
    public byte[] allocate(int n) {
      return new byte[n];
    }

    @Override
    public int length(byte[] samples) {
      return samples.length;
    }

    @Override
    public byte[] scratch(int n) {
      return scratchGray(n);
    }

    @Override
    public void horizontal(byte[] in, int inW, int rowFirst, int rows, Axis xs, int width, byte[] tmp) {
      horizontalGray(in, inW, rowFirst, rows, xs, width, tmp);
    }

    @Override
    public void vertical(byte[] buf, int base, int stride, int rowFirst, Axis ys, int width, int height,
        byte[] out) {
      verticalGray(buf, base, stride, rowFirst, ys, width, height, out);
    }

    @Override
    public void nearest(byte[] in, int inW, int[] xs, int[] ys, int width, int height, byte[] out) {
      for (int y = 0; y < height; y++) {
        int row = ys[y] * inW;
        for (int x = 0; x < width; x++) {
          out[y * width + x] = ys[y] < 0 || xs[x] < 0 ? 0 : in[row + xs[x]];
        }
      }
    }
  };

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

  void releaseScratch() {
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
