package io.effnetspark.image;

import io.effnetspark.model.PreprocessingSpec;

/**
 * Turns an {@link RgbImage} into the model's input: 3 × crop × crop floats, channel-major (CHW, RGB), written into
 * a caller-owned batch array so a batch of N images forms one NCHW tensor without copying.
 *
 * <p>Resize: shorter side to {@code spec.resize()}, the longer side to {@code floor(resize * long / short)} as
 * torchvision's {@code Resize(int)} does; bilinear with half-pixel centres and no antialias, the formula of
 * PyTorch's {@code upsample_bilinear2d} with {@code align_corners=False}
 * (aten/src/ATen/native/UpSample.h, {@code area_pixel_compute_source_index}). Only the center-crop window is
 * computed (offset {@code round((size - crop) / 2)}, torchvision {@code CenterCrop}). Then
 * {@code (v * scale - mean[c]) / std[c]}.
 */
public final class Preprocessor {
  private final PreprocessingSpec spec;
  private final int crop;
  private final float[] mul = new float[3];
  private final float[] add = new float[3];

  public Preprocessor(PreprocessingSpec spec) {
    this.spec = spec;
    this.crop = spec.crop();
    float[] mean = spec.mean();
    float[] std = spec.std();
    for (int c = 0; c < 3; c++) {
      mul[c] = spec.scale() / std[c];
      add[c] = -mean[c] / std[c];
    }
  }

  public PreprocessingSpec spec() {
    return spec;
  }

  /**
   * Writes one image into {@code out[offset .. offset + 3*crop*crop)}.
   *
   * @throws IllegalArgumentException if the image has a zero dimension
   */
  public void preprocess(RgbImage img, float[] out, int offset) {
    int w = img.width();
    int h = img.height();
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("image has no pixels: " + w + "x" + h);
    }
    int resizedW;
    int resizedH;
    if (w <= h) {
      resizedW = spec.resize();
      resizedH = (int) ((long) spec.resize() * h / w);
    } else {
      resizedH = spec.resize();
      resizedW = (int) ((long) spec.resize() * w / h);
    }
    int top = (int) Math.round((resizedH - crop) / 2.0);
    int left = (int) Math.round((resizedW - crop) / 2.0);
    Axis ys = new Axis(h, resizedH, top, crop);
    Axis xs = new Axis(w, resizedW, left, crop);
    int[] px = img.pixels();
    int plane = crop * crop;
    for (int oy = 0; oy < crop; oy++) {
      int row0 = ys.i0[oy] * w;
      int row1 = ys.i1[oy] * w;
      float ly = ys.lambda[oy];
      for (int ox = 0; ox < crop; ox++) {
        float lx = xs.lambda[ox];
        int p00 = px[row0 + xs.i0[ox]];
        int p01 = px[row0 + xs.i1[ox]];
        int p10 = px[row1 + xs.i0[ox]];
        int p11 = px[row1 + xs.i1[ox]];
        int o = offset + oy * crop + ox;
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
