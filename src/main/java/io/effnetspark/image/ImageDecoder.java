package io.effnetspark.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image file bytes to {@link RgbImage} with Java ImageIO (plus any ImageIO plugins on the classpath).
 *
 * <p>The content decides the format, not the file name. The pixel count declared in the header is checked against
 * {@code maxPixels} before any pixel is decoded, so a decompression bomb costs a header read, not the heap.
 * Gray is replicated to three channels; alpha is composited over white ({@link #BACKGROUND}); 16-bit samples
 * are scaled to 8 bits by Java2D's colour conversion (the high byte, rounded), not truncated to the low byte.
 */
public final class ImageDecoder {
  /** Background that transparent pixels are composited onto: white, 0xFFFFFF. */
  public static final int BACKGROUND = 0xFFFFFF;
  /** Default decompression-bomb guard: 100 megapixels (a 10,000 × 10,000 image). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private final long maxPixels;

  public ImageDecoder(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes one file.
   *
   * @throws ImageDecodeException with the {@link ErrorClass} that explains the failure
   */
  public RgbImage decode(byte[] content) throws ImageDecodeException {
    if (content == null || content.length == 0) {
      throw new ImageDecodeException(ErrorClass.EMPTY, "empty file (0 bytes)");
    }
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException(ErrorClass.NOT_AN_IMAGE, "no image reader recognises the content");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > maxPixels) {
          throw new ImageDecodeException(ErrorClass.TOO_LARGE, "image declares " + width + "x" + height
              + " = " + (width * height) + " pixels, over the limit of " + maxPixels);
        }
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(ErrorClass.CORRUPT, "cannot decode image: " + e, e);
    }
    return toRgb(img);
  }

  /** Converts any BufferedImage to packed RGB, compositing alpha over {@link #BACKGROUND}. */
  static RgbImage toRgb(BufferedImage img) {
    ColorModel cm = img.getColorModel();
    if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
      return grayToRgb(img);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    if (img.getColorModel().hasAlpha()) {
      for (int i = 0; i < argb.length; i++) {
        argb[i] = composite(argb[i]);
      }
    } else {
      for (int i = 0; i < argb.length; i++) {
        argb[i] &= 0xFFFFFF;
      }
    }
    return new RgbImage(w, h, argb);
  }

  /**
   * Gray (and gray + alpha) straight from the raster: Java2D's {@code getRGB} would treat the samples as linear
   * light and gamma-encode them (gray 128 → 187), while PNG/JPEG gray values are already display values, which
   * PIL and torchvision replicate unchanged. Samples deeper than 8 bits are scaled: round(v × 255 / (2^bits − 1)).
   */
  private static RgbImage grayToRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    int bits = img.getColorModel().getComponentSize(0);
    boolean alpha = raster.getNumBands() > 1 && img.getColorModel().hasAlpha();
    int alphaBits = alpha ? img.getColorModel().getComponentSize(1) : 8;
    int[] gray = new int[w];
    int[] a = alpha ? new int[w] : null;
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, gray);
      if (alpha) {
        raster.getSamples(0, y, w, 1, 1, a);
      }
      for (int x = 0; x < w; x++) {
        int g = to8Bits(gray[x], bits);
        int rgb = (g << 16) | (g << 8) | g;
        out[y * w + x] = alpha ? composite((to8Bits(a[x], alphaBits) << 24) | rgb) : rgb;
      }
    }
    return new RgbImage(w, h, out);
  }

  private static int to8Bits(int sample, int bits) {
    return bits == 8 ? sample : (int) Math.round(sample * 255.0 / ((1L << bits) - 1));
  }

  private static int composite(int argb) {
    int a = argb >>> 24;
    if (a == 255) {
      return argb & 0xFFFFFF;
    }
    int r = blend((argb >> 16) & 0xFF, (BACKGROUND >> 16) & 0xFF, a);
    int g = blend((argb >> 8) & 0xFF, (BACKGROUND >> 8) & 0xFF, a);
    int b = blend(argb & 0xFF, BACKGROUND & 0xFF, a);
    return (r << 16) | (g << 8) | b;
  }

  private static int blend(int fg, int bg, int alpha) {
    return (fg * alpha + bg * (255 - alpha) + 127) / 255;
  }
}
