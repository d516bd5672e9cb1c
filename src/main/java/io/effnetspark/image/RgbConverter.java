package io.effnetspark.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Converts a decoded {@link BufferedImage} to packed 8-bit RGB, with explicit rules:
 *
 * <ul>
 *   <li><b>Gray</b> (1 sample, optionally + alpha): the sample value is replicated to R, G and B as stored. Java2D's
 *       {@code getRGB} would treat ImageIO's gray as linear light and brighten it (gray 100 → 168), which is not
 *       what PIL, libpng or the training pipeline do.</li>
 *   <li><b>Bit depth</b>: samples of b bits are scaled to 8 bits as {@code round(v * 255 / (2^b - 1))}; a 16-bit
 *       sample therefore keeps its high byte's meaning (0x1280 → 18), never its low byte.</li>
 *   <li><b>Alpha</b>: composited over {@link ImageDecoder#BACKGROUND} (white):
 *       {@code round((c * a + bg * (255 - a)) / 255)} per channel, after scaling to 8 bits.</li>
 *   <li><b>Palette</b> images (PNG PLTE + tRNS, GIF, 1–4-bit gray) take their palette entries, alpha included.</li>
 *   <li><b>Everything else</b> (CMYK or Lab TIFF, ICC-tagged colour spaces, packed 5/6-bit BMP) goes through Java2D's
 *       colour conversion to sRGB ({@code getRGB}). The JPEG reader (TwelveMonkeys) already returns sRGB for CMYK,
 *       YCCK and ICC-tagged JPEGs (under {@code decode: pil}, CMYK and YCCK JPEGs never come here: {@link PilCmyk}).</li>
 * </ul>
 */
final class RgbConverter {
  /** {@code background} value of {@link #toRgb(BufferedImage, int[], int, boolean)}: alpha dropped. */
  static final int DROP_ALPHA = -1;

  private RgbConverter() {}

  static RgbImage toRgb(BufferedImage img) {
    return toRgb(img, null);
  }

  static RgbImage toRgb(BufferedImage img, int[] reuse) {
    return toRgb(img, reuse, ImageDecoder.BACKGROUND, false);
  }

  /**
   * @param reuse written instead of a new array when it holds at least width × height pixels (the caller's pool);
   *     the result then wraps it
   * @param background {@code 0xRRGGBB} that transparent pixels are composited over, or {@link #DROP_ALPHA}: the
   *     colour channels as stored (PIL's {@code convert("RGB")})
   * @param pil16 16-bit samples as PIL reads them: gray without alpha clipped to 0..255 (PIL mode "I" →
   *     {@code convert("RGB")}), every other 16-bit sample by its high byte (PIL's "RGB;16B", "LA;16B" raw modes);
   *     false: scaled, {@code round(v × 255 / 65535)}
   */
  static RgbImage toRgb(BufferedImage img, int[] reuse, int background, boolean pil16) {
    int[] out = reuse != null && reuse.length >= img.getWidth() * img.getHeight() ? reuse
        : new int[img.getWidth() * img.getHeight()];
    ColorModel cm = img.getColorModel();
    if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()) {
      int transfer = img.getRaster().getTransferType();
      ColorSpace cs = cm.getColorSpace();
      boolean integral = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT;
      boolean gray = cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
      boolean srgb = cs.isCS_sRGB() && cm.getNumColorComponents() == 3;
      if (integral && (gray || srgb)) {
        if (isInterleaved8Bit(img.getRaster(), cm)) {
          return fromInterleavedBytes(img, gray, cm.hasAlpha(), out, background);
        }
        return fromSamples(img, cm, gray, out, background, pil16);
      }
    }
    return fromJava2d(img, out, background);
  }

  /**
   * One byte per sample, samples of a pixel side by side in one bank: what the JPEG reader returns
   * (TYPE_3BYTE_BGR, TYPE_BYTE_GRAY) and the PNG reader for 8-bit gray, gray + alpha, RGB and RGBA.
   */
  private static boolean isInterleaved8Bit(Raster raster, ColorModel cm) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1
        || !(raster.getSampleModel() instanceof ComponentSampleModel sm)
        || sm.getPixelStride() < raster.getNumBands()) {
      return false;
    }
    for (int b = 0; b < raster.getNumBands(); b++) {
      if (cm.getComponentSize(b) != 8 || sm.getBankIndices()[b] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fast path of {@link #fromSamples} for {@link #isInterleaved8Bit} rasters: reads the bytes in place.
   * The generic path costs a virtual {@code SampleModel} call per sample and a copy of each row (2.2 ms of a
   * 0.3-megapixel JPEG's 7.7 ms decode); the result is the same (8-bit samples need no scaling).
   */
  private static RgbImage fromInterleavedBytes(BufferedImage img, boolean gray, boolean hasAlpha, int[] out,
      int background) {
    boolean alpha = hasAlpha && background != DROP_ALPHA;
    int bgR = (background >> 16) & 0xFF;
    int bgG = (background >> 8) & 0xFF;
    int bgB = background & 0xFF;
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
    int stride = sm.getScanlineStride();
    int ps = sm.getPixelStride();
    int[] off = sm.getBandOffsets();
    int base = raster.getDataBuffer().getOffset()
        + (raster.getMinY() - raster.getSampleModelTranslateY()) * stride
        + (raster.getMinX() - raster.getSampleModelTranslateX()) * ps;
    int or = off[0];
    int og = gray ? off[0] : off[1];
    int ob = gray ? off[0] : off[2];
    int oa = hasAlpha ? off[gray ? 1 : 3] : 0;
    for (int y = 0; y < h; y++) {
      int p = base + y * stride;
      int o = y * w;
      for (int x = 0; x < w; x++, p += ps) {
        int r = data[p + or] & 0xFF;
        int g = data[p + og] & 0xFF;
        int b = data[p + ob] & 0xFF;
        if (alpha) {
          int a = data[p + oa] & 0xFF;
          if (a < 255) {
            r = blend(r, bgR, a);
            g = blend(g, bgG, a);
            b = blend(b, bgB, a);
          }
        }
        out[o + x] = (r << 16) | (g << 8) | b;
      }
    }
    return new RgbImage(w, h, out);
  }

  /** Reads the raster's samples directly: no colour management for gray and sRGB. */
  private static RgbImage fromSamples(BufferedImage img, ColorModel cm, boolean gray, int[] out, int background,
      boolean pil16) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    int bands = raster.getNumBands();
    int colors = cm.getNumColorComponents();
    boolean alpha = cm.hasAlpha() && background != DROP_ALPHA;
    int bgR = (background >> 16) & 0xFF;
    int bgG = (background >> 8) & 0xFF;
    int bgB = background & 0xFF;
    int[] max = new int[bands];
    for (int b = 0; b < bands; b++) {
      max[b] = (1 << cm.getComponentSize(b)) - 1;
      if (pil16 && max[b] == 0xFFFF) {
        // PIL: a 16-bit gray PNG is mode "I" (clipped by convert), other 16-bit PNGs keep each sample's high byte.
        max[b] = gray && !cm.hasAlpha() ? PIL_CLIP : PIL_HIGH_BYTE;
      }
    }
    int[] row = new int[w * bands];
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int o = x * bands;
        int r = to8(row[o], max[0]);
        int g = gray ? r : to8(row[o + 1], max[1]);
        int b = gray ? r : to8(row[o + 2], max[2]);
        if (alpha) {
          int a = to8(row[o + colors], max[colors]);
          if (a < 255) {
            r = blend(r, bgR, a);
            g = blend(g, bgG, a);
            b = blend(b, bgB, a);
          }
        }
        out[y * w + x] = (r << 16) | (g << 8) | b;
      }
    }
    return new RgbImage(w, h, out);
  }

  /** Palettes, packed pixels and other colour spaces: Java2D's conversion to non-premultiplied sRGB ARGB. */
  private static RgbImage fromJava2d(BufferedImage img, int[] out, int background) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, out, 0, w);
    boolean alpha = img.getColorModel().hasAlpha() && background != DROP_ALPHA;
    int bgR = (background >> 16) & 0xFF;
    int bgG = (background >> 8) & 0xFF;
    int bgB = background & 0xFF;
    for (int i = 0; i < w * h; i++) {
      int p = argb[i];
      int a = p >>> 24;
      if (!alpha || a == 255) {
        argb[i] = p & 0xFFFFFF;
      } else {
        argb[i] = (blend((p >> 16) & 0xFF, bgR, a) << 16) | (blend((p >> 8) & 0xFF, bgG, a) << 8)
            | blend(p & 0xFF, bgB, a);
      }
    }
    return new RgbImage(w, h, argb);
  }

  /** Pseudo maxima for {@link #to8}: PIL's clip to 0..255 and PIL's high byte of a 16-bit sample. */
  private static final int PIL_CLIP = -1;
  private static final int PIL_HIGH_BYTE = -2;

  /** {@code round(v * 255 / max)} in integers (ties up); PIL's rules for the pseudo maxima. */
  static int to8(int v, int max) {
    if (max == 255) {
      return v;
    }
    if (max == PIL_CLIP) {
      return Math.min(v, 255);
    }
    if (max == PIL_HIGH_BYTE) {
      return v >>> 8;
    }
    return (int) ((v * 255L + max / 2) / max);
  }

  /** {@code round((fg * a + bg * (255 - a)) / 255)}, alpha in 0..255. */
  static int blend(int fg, int bg, int alpha) {
    return (fg * alpha + bg * (255 - alpha) + 127) / 255;
  }
}
