package io.effnetspark.image;

import io.effnetspark.model.ColorMode;
import io.effnetspark.model.TensorLayout;

/**
 * The job's default resize: PyTorch's {@code upsample_bilinear2d} with {@code align_corners=False}, no antialias
 * (aten/src/ATen/native/UpSample.h, {@code area_pixel_compute_source_index}: source {@code = scale × (dst + 0.5) −
 * 0.5}, clamped at 0), in float, on the 8-bit samples, computing only the crop window of the resized image. Reads
 * 4 taps per output sample from the source in place: no intermediate image.
 */
final class BilinearWindow {
  private BilinearWindow() {}

  /**
   * Writes the crop {@code [left, left + cropW) × [top, top + cropH)} of {@code img} resized to {@code resizedW ×
   * resizedH}, normalised, into {@code out} from {@code offset}.
   */
  static void resize(RgbImage img, int resizedW, int resizedH, int left, int top, CropTarget t, float[] out,
      int offset) {
    int w = img.width();
    Axis ys = new Axis(img.height(), resizedH, top, t.cropH);
    Axis xs = new Axis(w, resizedW, left, t.cropW);
    if (t.layout == TensorLayout.NCHW && t.color == ColorMode.RGB) {
      rgbNchw(img.pixels(), w, ys, xs, t, out, offset);
      return;
    }
    int[] px = img.pixels();
    int cs = t.channelStride();
    boolean gray = t.channels == 1;
    int cropH = t.cropH;
    int cropW = t.cropW;
    int[] shift = t.shift;
    float[] mul = t.mul;
    float[] add = t.add;
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
        int o = t.pixelIndex(offset, oy * cropW + ox);
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
   * {@link #resize} for RGB into NCHW, the default: its own loop with the channel shifts and plane offsets as
   * constants (the general loop costs about a quarter more CPU per image).
   */
  private static void rgbNchw(int[] px, int w, Axis ys, Axis xs, CropTarget t, float[] out, int offset) {
    int cropH = t.cropH;
    int cropW = t.cropW;
    float[] mul = t.mul;
    float[] add = t.add;
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
