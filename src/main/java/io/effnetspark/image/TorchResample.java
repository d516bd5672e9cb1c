package io.effnetspark.image;

/**
 * PyTorch's non-antialiased resize of a float image, {@code F.interpolate(x, size=(outH, outW), mode=...,
 * align_corners=False, antialias=False)} on the CPU: what torchvision's {@code Resize} does to a tensor image
 * ({@code torchvision/transforms/functional_tensor.py} {@code resize} with {@code antialias=None}, its default in
 * torchvision 0.14, calls {@code interpolate} with {@code align_corners=False} for bilinear and bicubic).
 *
 * <p>Layout: planar (CHW) {@code float} samples, {@code src[srcOffset + (c * inH + y) * inW + x]}, any value range
 * (0..1 after {@code ToTensor}, or 0..255); output likewise, {@code outH × outW} per channel. Sizes are given in
 * tensor order, height before width.
 *
 * <p>Formulas (PyTorch 1.13, {@code aten/src/ATen/native/UpSample.h} and {@code native/cpu/UpSampleKernel.cpp}),
 * in {@code float} except where noted:
 * <ul>
 *   <li>{@code scale = (float) in / out} ({@code area_pixel_compute_scale} with no scale factor given).</li>
 *   <li>{@link Mode#NEAREST}: source index {@code min(floor(dst × scale), in - 1)}
 *       ({@code nearest_neighbor_compute_source_index}); not half-pixel centred ({@code "nearest-exact"} is).</li>
 *   <li>Source coordinate for the other modes: {@code scale × (dst + 0.5) - 0.5}, in {@code double} (the literals
 *       are doubles; {@code area_pixel_compute_source_index}).</li>
 *   <li>{@link Mode#BILINEAR}: the coordinate clamped at 0; {@code i0 = (int) src}, {@code i1 = i0 + 1} unless
 *       {@code i0} is the last index; {@code l1 = (float) (src - i0)}, {@code l0 = 1 - l1}; an axis whose size does
 *       not change is copied ({@code l0 = 1}). Rows are interpolated first ({@code a × l0 + b × l1} along x), then
 *       the two rows with the y weights ({@code compute_source_index_and_lambda}, the order of the separable
 *       {@code Interpolate} templates).</li>
 *   <li>{@link Mode#BICUBIC}: no clamp; {@code i = floorf(src)}, {@code t = (float) (src - i)}; Keys' cubic
 *       convolution with {@code A = -0.75} ({@code get_cubic_upsample_coefficients}); taps {@code i-1 .. i+2}
 *       clamped into the image (border replication). Rows first (4 taps along x), then 4 rows along y. Not clamped
 *       to the input range: values may overshoot (torchvision clamps only for uint8 tensors).</li>
 * </ul>
 * PyTorch's CPU kernels are built for AVX2 with fused multiply-add, which this class does not use (a JVM without FMA
 * hardware would compute {@link Math#fma} in BigDecimal): results differ from torch's in the last bit or two of a
 * float. Measured against Debian's torch 1.13 on 0..1 samples: nearest exact, bilinear within 2e-7, bicubic within
 * 1e-6.
 *
 * <p>Also {@link #toTensor}: {@code transforms.ToTensor} of an 8-bit RGB image ({@code v / 255} in float).
 */
public final class TorchResample {
  private TorchResample() {}

  /** The {@code mode} argument of {@code F.interpolate}. */
  public enum Mode {
    NEAREST,
    BILINEAR,
    BICUBIC
  }

  /** Keys' cubic convolution parameter used by PyTorch ({@code A} in {@code get_cubic_upsample_coefficients}). */
  public static final float CUBIC_A = -0.75f;

  /**
   * Resizes a CHW image to {@code outH × outW}.
   *
   * @param src planar samples, {@code channels × inH × inW}
   * @return planar samples, {@code channels × outH × outW}
   * @throws IllegalArgumentException if a size is not positive or {@code src} is too short
   */
  public static float[] resize(float[] src, int channels, int inH, int inW, int outH, int outW, Mode mode) {
    float[] dst = new float[channels * outH * outW];
    resizeWindow(src, 0, channels, inH, inW, outH, outW, mode, 0, 0, outH, outW, dst, 0);
    return dst;
  }

  /**
   * Computes the window {@code [top, top + height) × [left, left + width)} of the {@code outH × outW} resize into
   * {@code dst[dstOffset ..]} as {@code channels × height × width} planar samples: a resize followed by a crop,
   * without computing the cropped-away pixels (each output pixel depends only on its own source coordinates).
   *
   * @throws IllegalArgumentException if a size is not positive, the window leaves the resized image, or an array is
   *     too short
   */
  public static void resizeWindow(float[] src, int srcOffset, int channels, int inH, int inW, int outH, int outW,
      Mode mode, int top, int left, int height, int width, float[] dst, int dstOffset) {
    if (channels <= 0 || inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("interpolate needs positive sizes, got " + channels + "x" + inH + "x" + inW
          + " -> " + outH + "x" + outW);
    }
    if (height <= 0 || width <= 0 || top < 0 || left < 0 || top + height > outH || left + width > outW) {
      throw new IllegalArgumentException("window " + height + "x" + width + " at (" + top + ", " + left
          + ") is not inside " + outH + "x" + outW);
    }
    if (src.length - srcOffset < (long) channels * inH * inW || dst.length - dstOffset < (long) channels * height
        * width) {
      throw new IllegalArgumentException("array too short for " + channels + "x" + inH + "x" + inW + " -> "
          + channels + "x" + height + "x" + width);
    }
    switch (mode) {
      case NEAREST -> nearest(src, srcOffset, channels, inH, inW, outH, outW, top, left, height, width, dst,
          dstOffset);
      case BILINEAR -> bilinear(src, srcOffset, channels, inH, inW, outH, outW, top, left, height, width, dst,
          dstOffset);
      case BICUBIC -> bicubic(src, srcOffset, channels, inH, inW, outH, outW, top, left, height, width, dst,
          dstOffset);
      default -> throw new AssertionError(mode);
    }
  }

  /**
   * {@code transforms.ToTensor()} of an 8-bit RGB image: planar R, G, B planes of {@code v / 255f} (a float
   * division, as {@code img.float().div(255)}; {@code v * (1f / 255)} differs in the last bit for some values).
   *
   * @return {@code 3 × height × width} floats
   */
  public static float[] toTensor(RgbImage img) {
    int w = img.width();
    int h = img.height();
    int plane = w * h;
    float[] out = new float[3 * plane];
    int[] px = img.pixels();
    for (int i = 0; i < plane; i++) {
      int p = px[i];
      out[i] = ((p >>> 16) & 0xFF) / 255f;
      out[plane + i] = ((p >>> 8) & 0xFF) / 255f;
      out[2 * plane + i] = (p & 0xFF) / 255f;
    }
    return out;
  }

  /** {@code area_pixel_compute_scale} for {@code align_corners=False} and no explicit scale factor. */
  static float scale(int in, int out) {
    return (float) in / out;
  }

  /**
   * {@code area_pixel_compute_source_index} for {@code align_corners=False}: {@code scale × (dst + 0.5) - 0.5} with a
   * float scale and double literals. Kept in double: Debian's torch 1.13 (x86-64) matches that and not a float
   * coordinate (a float coordinate moves bilinear results by up to 1.5e-6 on 0..1 samples).
   */
  static double sourceCoordinate(float scale, int dst) {
    return scale * (dst + 0.5) - 0.5;
  }

  /** {@code nearest_neighbor_compute_source_index}. */
  static int nearestIndex(float scale, int dst, int in) {
    return Math.min((int) Math.floor((float) dst * scale), in - 1);
  }

  private static void nearest(float[] src, int so, int channels, int inH, int inW, int outH, int outW, int top,
      int left, int height, int width, float[] dst, int dOff) {
    float sy = scale(inH, outH);
    float sx = scale(inW, outW);
    int[] xi = new int[width];
    for (int x = 0; x < width; x++) {
      xi[x] = nearestIndex(sx, left + x, inW);
    }
    for (int c = 0; c < channels; c++) {
      int plane = so + c * inH * inW;
      for (int y = 0; y < height; y++) {
        int row = plane + nearestIndex(sy, top + y, inH) * inW;
        int o = dOff + (c * height + y) * width;
        for (int x = 0; x < width; x++) {
          dst[o + x] = src[row + xi[x]];
        }
      }
    }
  }

  /** Linear taps along one axis: indices i0, i1 and weights l0, l1 for outputs [first, first + count). */
  private static final class Linear {
    final int[] i0;
    final int[] i1;
    final float[] l0;
    final float[] l1;

    Linear(int in, int out, int first, int count) {
      i0 = new int[count];
      i1 = new int[count];
      l0 = new float[count];
      l1 = new float[count];
      float scale = scale(in, out);
      for (int k = 0; k < count; k++) {
        int d = first + k;
        if (in == out) {
          i0[k] = d;
          i1[k] = d;
          l0[k] = 1f;
          l1[k] = 0f;
          continue;
        }
        double real = sourceCoordinate(scale, d);
        if (real < 0) {
          real = 0;
        }
        int a = (int) real;
        i0[k] = a;
        i1[k] = a + (a < in - 1 ? 1 : 0);
        l1[k] = (float) (real - a);
        l0[k] = 1f - l1[k];
      }
    }
  }

  private static void bilinear(float[] src, int so, int channels, int inH, int inW, int outH, int outW, int top,
      int left, int height, int width, float[] dst, int dOff) {
    Linear ys = new Linear(inH, outH, top, height);
    Linear xs = new Linear(inW, outW, left, width);
    for (int c = 0; c < channels; c++) {
      int plane = so + c * inH * inW;
      for (int y = 0; y < height; y++) {
        int r0 = plane + ys.i0[y] * inW;
        int r1 = plane + ys.i1[y] * inW;
        float wy0 = ys.l0[y];
        float wy1 = ys.l1[y];
        int o = dOff + (c * height + y) * width;
        for (int x = 0; x < width; x++) {
          int a = xs.i0[x];
          int b = xs.i1[x];
          float wx0 = xs.l0[x];
          float wx1 = xs.l1[x];
          float t0 = src[r0 + a] * wx0 + src[r0 + b] * wx1;
          float t1 = src[r1 + a] * wx0 + src[r1 + b] * wx1;
          dst[o + x] = t0 * wy0 + t1 * wy1;
        }
      }
    }
  }

  /** Cubic taps along one axis: 4 clamped indices and 4 weights per output in [first, first + count). */
  private static final class Cubic {
    final int[] idx;
    final float[] w;

    Cubic(int in, int out, int first, int count) {
      idx = new int[4 * count];
      w = new float[4 * count];
      float scale = scale(in, out);
      float[] coeffs = new float[4];
      for (int k = 0; k < count; k++) {
        double real = sourceCoordinate(scale, first + k);
        int i = (int) Math.floor((float) real); // floorf
        cubicCoefficients((float) (real - i), coeffs);
        for (int j = 0; j < 4; j++) {
          idx[4 * k + j] = Math.max(Math.min(i - 1 + j, in - 1), 0);
          w[4 * k + j] = coeffs[j];
        }
      }
    }
  }

  /** {@code get_cubic_upsample_coefficients}: the 4 weights for taps -1, 0, 1, 2 at fraction {@code t}. */
  static void cubicCoefficients(float t, float[] out) {
    float a = CUBIC_A;
    float x1 = t;
    out[0] = cubicConvolution2(x1 + 1.0f, a);
    out[1] = cubicConvolution1(x1, a);
    float x2 = 1.0f - t;
    out[2] = cubicConvolution1(x2, a);
    out[3] = cubicConvolution2(x2 + 1.0f, a);
  }

  /** {@code cubic_convolution1}: the kernel on |x| &lt;= 1. */
  private static float cubicConvolution1(float x, float a) {
    return ((a + 2) * x - (a + 3)) * x * x + 1;
  }

  /** {@code cubic_convolution2}: the kernel on 1 &lt; |x| &lt; 2. */
  private static float cubicConvolution2(float x, float a) {
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  }

  private static void bicubic(float[] src, int so, int channels, int inH, int inW, int outH, int outW, int top,
      int left, int height, int width, float[] dst, int dOff) {
    Cubic ys = new Cubic(inH, outH, top, height);
    Cubic xs = new Cubic(inW, outW, left, width);
    for (int c = 0; c < channels; c++) {
      int plane = so + c * inH * inW;
      for (int y = 0; y < height; y++) {
        int o = dOff + (c * height + y) * width;
        for (int x = 0; x < width; x++) {
          int xb = 4 * x;
          int x0 = xs.idx[xb];
          int x1 = xs.idx[xb + 1];
          int x2 = xs.idx[xb + 2];
          int x3 = xs.idx[xb + 3];
          float wx0 = xs.w[xb];
          float wx1 = xs.w[xb + 1];
          float wx2 = xs.w[xb + 2];
          float wx3 = xs.w[xb + 3];
          float sum = 0;
          for (int j = 0; j < 4; j++) {
            int r = plane + ys.idx[4 * y + j] * inW;
            float t = src[r + x0] * wx0 + src[r + x1] * wx1 + src[r + x2] * wx2 + src[r + x3] * wx3;
            sum = j == 0 ? t * ys.w[4 * y] : sum + t * ys.w[4 * y + j];
          }
          dst[o + x] = sum;
        }
      }
    }
  }
}
