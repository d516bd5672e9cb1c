package io.effnetspark.image;

import io.effnetspark.config.Interpolation;
import io.effnetspark.config.ResizeMode;
import io.effnetspark.model.ColorMode;
import io.effnetspark.model.PreprocessingSpec;
import io.effnetspark.model.TensorLayout;

/**
 * Turns an {@link RgbImage} into one image of the model's input: colour → resize → center crop → scale and
 * normalise → {@code C × H × W} floats (NCHW) or {@code H × W × C} (NHWC), written into a caller-owned batch array
 * so a batch of N images forms one tensor without copying. Only the crop window of the resized image is computed.
 *
 * <ul>
 *   <li><b>Colour</b> ({@link PreprocessingSpec#color}): RGB or BGR channel order; GRAY is PIL's
 *       {@code convert("L")} luma ({@link PilConvert#luma}) of each source pixel, before the resize.</li>
 *   <li><b>Resize</b> ({@link ResizeMode}): {@code shorter_side}: the shorter side to {@code resize}, the longer to
 *       {@code floor(resize × long / short)} as torchvision's {@code Resize(int)} ({@link ResizeSizes}); {@code
 *       exact}: to {@code resize} (an int for a square, or [H, W]), aspect ratio not kept.</li>
 *   <li><b>Filter</b> ({@link Interpolation}): {@code bilinear}: half-pixel centres, no antialias, the formula of
 *       PyTorch's {@code upsample_bilinear2d} with {@code align_corners=False} (aten/src/ATen/native/UpSample.h,
 *       {@code area_pixel_compute_source_index}) in float, on the 8-bit samples: the job's default path, with no
 *       intermediate image. {@code bicubic} and {@code nearest}: {@link TorchResample} on float planes of the
 *       samples. {@code pil_*}: {@link PilResample#resizeWindow} in 8 bits, as Pillow, then the float conversion.</li>
 *   <li><b>Crop</b>: offsets as torchvision's {@code CenterCrop} ({@link CenterCrop#offset}, halves to even).</li>
 *   <li><b>Normalise</b>: {@code (v × scale − mean[c]) / std[c]}, computed as {@code v × (scale / std[c]) +
 *       (−mean[c] / std[c])}, {@code v} the 0..255 sample (or the resized float).</li>
 * </ul>
 *
 * <p>An instance keeps scratch buffers between calls: one per thread.
 */
public final class Preprocessor {
  private final PreprocessingSpec spec;
  private final TensorLayout layout;
  private final Interpolation interpolation;
  private final ResizeMode resizeMode;
  private final int channels;
  private final int cropH;
  private final int cropW;
  /** Bit shift of each model channel in a packed 0xRRGGBB pixel (unused for GRAY). */
  private final int[] shift;
  private final float[] mul;
  private final float[] add;
  private final PilResample pil = new PilResample();
  private float[] planes;
  private float[] window;
  private int[] rgbWindow;
  private byte[] grayPixels;
  private byte[] grayWindow;
  /** Largest scratch array (elements) kept between images: a 12-megapixel photo's planes are dropped after use. */
  private static final int MAX_KEPT_SCRATCH = 4 << 20;

  /** Today's path: NCHW, bilinear, shorter side then center crop. */
  public Preprocessor(PreprocessingSpec spec) {
    this(spec, TensorLayout.NCHW, Interpolation.BILINEAR, ResizeMode.SHORTER_SIDE);
  }

  /**
   * @throws IllegalArgumentException when {@code resizeMode} is {@code shorter_side} but the spec's resize is a pair
   *     {@code [H, W]} (an exact size)
   */
  public Preprocessor(PreprocessingSpec spec, TensorLayout layout, Interpolation interpolation,
      ResizeMode resizeMode) {
    if (resizeMode == ResizeMode.SHORTER_SIDE && spec.resizeIsPair()) {
      throw new IllegalArgumentException("resize mode shorter_side needs an int preprocessing.resize (the shorter "
          + "side), but the model card gives [" + spec.resizeHeight() + ", " + spec.resizeWidth() + "]: use "
          + "resize mode exact");
    }
    this.spec = spec;
    this.layout = layout;
    this.interpolation = interpolation;
    this.resizeMode = resizeMode;
    this.channels = spec.channels();
    this.cropH = spec.cropHeight();
    this.cropW = spec.cropWidth();
    this.shift = spec.color() == ColorMode.BGR ? new int[] {0, 8, 16} : new int[] {16, 8, 0};
    float[] mean = spec.mean();
    float[] std = spec.std();
    mul = new float[channels];
    add = new float[channels];
    for (int c = 0; c < channels; c++) {
      mul[c] = spec.scale() / std[c];
      add[c] = -mean[c] / std[c];
    }
  }

  public PreprocessingSpec spec() {
    return spec;
  }

  public TensorLayout layout() {
    return layout;
  }

  public Interpolation interpolation() {
    return interpolation;
  }

  public ResizeMode resizeMode() {
    return resizeMode;
  }

  /** Floats one image occupies. */
  public int floatsPerImage() {
    return spec.floatsPerImage();
  }

  /** The size the image is resized to before the crop: {@code {width, height}}. */
  int[] resizedSize(int w, int h) {
    if (resizeMode == ResizeMode.EXACT) {
      return new int[] {spec.resizeWidth(), spec.resizeHeight()};
    }
    int r = spec.resizeHeight();
    // torchvision: int(size * long / short); the exact integer quotient truncated is the same number.
    return w <= h ? new int[] {r, (int) ((long) r * h / w)} : new int[] {(int) ((long) r * w / h), r};
  }

  /**
   * Writes one image into {@code out[offset .. offset + floatsPerImage())}.
   *
   * @throws IllegalArgumentException if the image has a zero dimension
   */
  public void preprocess(RgbImage img, float[] out, int offset) {
    int w = img.width();
    int h = img.height();
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("image has no pixels: " + w + "x" + h);
    }
    int[] resized = resizedSize(w, h);
    int left = CenterCrop.offset(resized[0], cropW);
    int top = CenterCrop.offset(resized[1], cropH);
    switch (interpolation) {
      case BILINEAR -> bilinear(img, resized[0], resized[1], left, top, out, offset);
      case BICUBIC, NEAREST -> torch(img, resized[0], resized[1], left, top, out, offset);
      case PIL_BILINEAR, PIL_BICUBIC, PIL_LANCZOS -> pil(img, resized[0], resized[1], left, top, out, offset);
      default -> throw new AssertionError(interpolation);
    }
    if (planes != null && planes.length > MAX_KEPT_SCRATCH) {
      planes = null;
    }
    if (grayPixels != null && grayPixels.length > MAX_KEPT_SCRATCH) {
      grayPixels = null;
    }
  }

  /** Index of channel 0 of pixel {@code i} of the crop, and the stride between channels. */
  private int pixelIndex(int offset, int i) {
    return layout == TensorLayout.NCHW ? offset + i : offset + i * channels;
  }

  private int channelStride() {
    return layout == TensorLayout.NCHW ? cropH * cropW : 1;
  }

  /** The default path: 4 taps per output sample read from the source in place, float weights. */
  private void bilinear(RgbImage img, int resizedW, int resizedH, int left, int top, float[] out, int offset) {
    int w = img.width();
    Axis ys = new Axis(img.height(), resizedH, top, cropH);
    Axis xs = new Axis(w, resizedW, left, cropW);
    if (layout == TensorLayout.NCHW && spec.color() == ColorMode.RGB) {
      bilinearRgbNchw(img.pixels(), w, ys, xs, out, offset);
      return;
    }
    int[] px = img.pixels();
    int cs = channelStride();
    boolean gray = channels == 1;
    for (int oy = 0; oy < cropH; oy++) {
      int row0 = ys.i0[oy] * w;
      int row1 = ys.i1[oy] * w;
      float ly = ys.lambda[oy];
      for (int ox = 0; ox < cropW; ox++) {
        float lx = xs.lambda[ox];
        int p00 = px[row0 + xs.i0[ox]];
        int p01 = px[row0 + xs.i1[ox]];
        int p10 = px[row1 + xs.i0[ox]];
        int p11 = px[row1 + xs.i1[ox]];
        int o = pixelIndex(offset, oy * cropW + ox);
        if (gray) {
          float top0 = PilConvert.luma(p00) * (1 - lx) + PilConvert.luma(p01) * lx;
          float bot0 = PilConvert.luma(p10) * (1 - lx) + PilConvert.luma(p11) * lx;
          out[o] = (top0 * (1 - ly) + bot0 * ly) * mul[0] + add[0];
          continue;
        }
        for (int c = 0; c < 3; c++) {
          int s = shift[c];
          float top0 = ((p00 >> s) & 0xFF) * (1 - lx) + ((p01 >> s) & 0xFF) * lx;
          float bot0 = ((p10 >> s) & 0xFF) * (1 - lx) + ((p11 >> s) & 0xFF) * lx;
          float v = top0 * (1 - ly) + bot0 * ly;
          out[o + c * cs] = v * mul[c] + add[c];
        }
      }
    }
  }

  /**
   * {@link #bilinear} for RGB into NCHW, the default: its own loop with the channel shifts and plane offsets as
   * constants (the general loop costs about a quarter more CPU per image).
   */
  private void bilinearRgbNchw(int[] px, int w, Axis ys, Axis xs, float[] out, int offset) {
    int plane = cropH * cropW;
    for (int oy = 0; oy < cropH; oy++) {
      int row0 = ys.i0[oy] * w;
      int row1 = ys.i1[oy] * w;
      float ly = ys.lambda[oy];
      for (int ox = 0; ox < cropW; ox++) {
        float lx = xs.lambda[ox];
        int p00 = px[row0 + xs.i0[ox]];
        int p01 = px[row0 + xs.i1[ox]];
        int p10 = px[row1 + xs.i0[ox]];
        int p11 = px[row1 + xs.i1[ox]];
        int o = offset + oy * cropW + ox;
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c;
          float top0 = ((p00 >> shift) & 0xFF) * (1 - lx) + ((p01 >> shift) & 0xFF) * lx;
          float bot0 = ((p10 >> shift) & 0xFF) * (1 - lx) + ((p11 >> shift) & 0xFF) * lx;
          float v = top0 * (1 - ly) + bot0 * ly;
          out[o + c * plane] = v * mul[c] + add[c];
        }
      }
    }
  }

  /** PyTorch's bicubic or nearest on float planes of the (colour-converted) 0..255 samples. */
  private void torch(RgbImage img, int resizedW, int resizedH, int left, int top, float[] out, int offset) {
    int w = img.width();
    int h = img.height();
    int n = w * h;
    planes = grow(planes, channels * n);
    int[] px = img.pixels();
    if (channels == 1) {
      for (int i = 0; i < n; i++) {
        planes[i] = PilConvert.luma(px[i]);
      }
    } else {
      for (int c = 0; c < 3; c++) {
        int s = shift[c];
        int base = c * n;
        for (int i = 0; i < n; i++) {
          planes[base + i] = (px[i] >> s) & 0xFF;
        }
      }
    }
    int plane = cropH * cropW;
    window = grow(window, channels * plane);
    TorchResample.resizeWindow(planes, 0, channels, h, w, resizedH, resizedW,
        interpolation == Interpolation.BICUBIC ? TorchResample.Mode.BICUBIC : TorchResample.Mode.NEAREST,
        top, left, cropH, cropW, window, 0);
    int cs = channelStride();
    for (int i = 0; i < plane; i++) {
      int o = pixelIndex(offset, i);
      for (int c = 0; c < channels; c++) {
        out[o + c * cs] = window[c * plane + i] * mul[c] + add[c];
      }
    }
  }

  /** Pillow's resize in 8 bits (the crop window only), then the float conversion. */
  private void pil(RgbImage img, int resizedW, int resizedH, int left, int top, float[] out, int offset) {
    PilResample.Filter filter = switch (interpolation) {
      case PIL_BILINEAR -> PilResample.Filter.BILINEAR;
      case PIL_BICUBIC -> PilResample.Filter.BICUBIC;
      case PIL_LANCZOS -> PilResample.Filter.LANCZOS;
      default -> throw new AssertionError(interpolation);
    };
    int plane = cropH * cropW;
    int cs = channelStride();
    if (channels == 1) {
      int n = img.width() * img.height();
      grayPixels = grow(grayPixels, n);
      int[] px = img.pixels();
      for (int i = 0; i < n; i++) {
        grayPixels[i] = (byte) PilConvert.luma(px[i]);
      }
      grayWindow = grow(grayWindow, plane);
      GrayImage g = pil.resizeWindow(new GrayImage(img.width(), img.height(), grayPixels), resizedW, resizedH,
          filter, left, top, cropW, cropH, grayWindow);
      byte[] v = g.pixels();
      for (int i = 0; i < plane; i++) {
        out[pixelIndex(offset, i)] = (v[i] & 0xFF) * mul[0] + add[0];
      }
      return;
    }
    rgbWindow = grow(rgbWindow, plane);
    RgbImage r = pil.resizeWindow(img, resizedW, resizedH, filter, left, top, cropW, cropH, rgbWindow);
    int[] v = r.pixels();
    for (int i = 0; i < plane; i++) {
      int p = v[i];
      int o = pixelIndex(offset, i);
      for (int c = 0; c < 3; c++) {
        out[o + c * cs] = ((p >> shift[c]) & 0xFF) * mul[c] + add[c];
      }
    }
  }

  private static float[] grow(float[] a, int n) {
    return a != null && a.length >= n ? a : new float[n];
  }

  private static int[] grow(int[] a, int n) {
    return a != null && a.length >= n ? a : new int[n];
  }

  private static byte[] grow(byte[] a, int n) {
    return a != null && a.length >= n ? a : new byte[n];
  }

  /** Source indices and weights along one axis for the output window [start, start + count). */
  private static final class Axis {
    final int[] i0;
    final int[] i1;
    final float[] lambda;

    Axis(int in, int out, int start, int count) {
      i0 = new int[count];
      i1 = new int[count];
      lambda = new float[count];
      float scale = (float) in / out;
      for (int k = 0; k < count; k++) {
        float src = scale * (start + k + 0.5f) - 0.5f;
        if (src < 0) {
          src = 0;
        }
        int lo = Math.min((int) src, in - 1);
        i0[k] = lo;
        i1[k] = lo < in - 1 ? lo + 1 : lo;
        lambda[k] = src - lo;
      }
    }
  }
}
