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

  /** ImagingResampleHorizontal_8bpc, 3 bands: rows [rowFirst, rowFirst + rows) into tmp (stride width). */
  static void horizontalRgb(int[] in, int inW, int rowFirst, int rows, Axis xs, int width, int[] tmp) {
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
  void verticalRgb(int[] buf, int base, int stride, int rowFirst, Axis ys, int width, int height,
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

  static void horizontalGray(byte[] in, int inW, int rowFirst, int rows, Axis xs, int width, byte[] tmp) {
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
  void verticalGray(byte[] buf, int base, int stride, int rowFirst, Axis ys, int width, int height,
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

  int[] scratchRgb(int n) {
    if (scratchRgb == null || scratchRgb.length < n) {
      scratchRgb = new int[n];
    }
    return scratchRgb;
  }

  byte[] scratchGray(int n) {
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
