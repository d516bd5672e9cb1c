package io.effnetspark.image;

import io.effnetspark.config.Interpolation;
import io.effnetspark.config.ResizeMode;
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
 *       samples. {@code pil_*}: {@link PilResample#resizeWindow} in 8 bits, as Pillow, then the float conversion.
 *       ({@link BilinearWindow} holds the bilinear loop, {@link CropTarget} the layout and normalisation.)</li>
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
  private final CropTarget target;
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
    this.target = new CropTarget(spec, layout);
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
    int left = CenterCrop.offset(resized[0], target.cropW);
    int top = CenterCrop.offset(resized[1], target.cropH);
    switch (interpolation) {
      case BILINEAR -> BilinearWindow.resize(img, resized[0], resized[1], left, top, target, out, offset);
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

  /** PyTorch's bicubic or nearest on float planes of the (colour-converted) 0..255 samples. */
  private void torch(RgbImage img, int resizedW, int resizedH, int left, int top, float[] out, int offset) {
    int channels = target.channels;
    int cropH = target.cropH;
    int cropW = target.cropW;
    int[] shift = target.shift;
    float[] mul = target.mul;
    float[] add = target.add;
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
    int cs = target.channelStride();
    for (int i = 0; i < plane; i++) {
      int o = target.pixelIndex(offset, i);
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
    int plane = target.cropH * target.cropW;
    int cs = target.channelStride();
    int cropH = target.cropH;
    int cropW = target.cropW;
    int[] shift = target.shift;
    float[] mul = target.mul;
    float[] add = target.add;
    if (target.channels == 1) {
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
        out[target.pixelIndex(offset, i)] = (v[i] & 0xFF) * mul[0] + add[0];
      }
      return;
    }
    rgbWindow = grow(rgbWindow, plane);
    RgbImage r = pil.resizeWindow(img, resizedW, resizedH, filter, left, top, cropW, cropH, rgbWindow);
    int[] v = r.pixels();
    for (int i = 0; i < plane; i++) {
      int p = v[i];
      int o = target.pixelIndex(offset, i);
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


}
