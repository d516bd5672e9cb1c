package io.effnetspark.image;

import io.effnetspark.image.PilResample.Filter;

/**
 * The coefficient tables of Pillow's resize ({@code src/libImaging/Resample.c} {@code precompute_coeffs} and
 * {@code normalize_coeffs_8bpc}; {@code src/libImaging/Geometry.c} {@code ImagingScaleAffine} for
 * {@link Filter#NEAREST}), per axis, in Pillow's order of operations: see {@link PilResample} for the steps.
 */
final class PilCoefficients {
  private PilCoefficients() {}

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
    int ksize = (int) Math.ceil(filter.support() * (scale < 1.0 ? 1.0 : scale)) * 2 + 1;
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
    int one = 1 << PilResample.PRECISION_BITS;
    return w < 0 ? (int) (-0.5 + w * one) : (int) (0.5 + w * one);
  }

  /**
   * The double-precision weights of Resample.c {@code precompute_coeffs}: element {@code [i]} holds, for output
   * {@code first + i}, {@code {start, taps, w0, w1, ...}}.
   */
  static double[][] precompute(int inSize, int outSize, Filter filter, int first, int count) {
    // box = (0, 0, in, out) as floats: in1 - in0 is the float inSize, exact below 2^24.
    double scale = (double) (float) inSize / outSize;
    double filterscale = scale < 1.0 ? 1.0 : scale;
    double support = filter.support() * filterscale;
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
    int v = sum >> PilResample.PRECISION_BITS;
    return v < 0 ? 0 : (v > 255 ? 255 : v);
  }
}
