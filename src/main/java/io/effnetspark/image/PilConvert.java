package io.effnetspark.image;

/**
 * PIL's mode conversions between {@code "RGB"} and {@code "L"}, bit for bit.
 *
 * <p>{@code convert("L")} is ITU-R 601-2 luma in 16-bit fixed point, rounded half up:
 * {@code L = (R × 19595 + G × 38470 + B × 7471 + 0x8000) >> 16} (Pillow 9.4 {@code src/libImaging/Convert.c},
 * {@code L24} and {@code rgb2l}; the weights are 0.299, 0.587, 0.114 scaled by 65536 and sum to 65536, so white stays
 * 255). {@code convert("RGB")} of an {@code "L"} image copies the sample to R, G and B ({@code l2rgb}).
 */
public final class PilConvert {
  private PilConvert() {}

  /** Luma of one packed {@code 0xRRGGBB} pixel, 0..255, as {@code convert("L")}. */
  public static int luma(int rgb) {
    return (((rgb >>> 16) & 0xFF) * 19595 + ((rgb >>> 8) & 0xFF) * 38470 + (rgb & 0xFF) * 7471 + 0x8000) >>> 16;
  }

  /** {@code image.convert("L")}. */
  public static GrayImage toL(RgbImage img) {
    int n = img.width() * img.height();
    byte[] out = new byte[n];
    int[] px = img.pixels();
    for (int i = 0; i < n; i++) {
      out[i] = (byte) luma(px[i]);
    }
    return new GrayImage(img.width(), img.height(), out);
  }

  /** {@code image.convert("RGB")} of an {@code "L"} image: each sample replicated to R, G and B. */
  public static RgbImage toRgb(GrayImage img) {
    int n = img.width() * img.height();
    int[] out = new int[n];
    byte[] px = img.pixels();
    for (int i = 0; i < n; i++) {
      int v = px[i] & 0xFF;
      out[i] = (v << 16) | (v << 8) | v;
    }
    return new RgbImage(img.width(), img.height(), out);
  }

  /**
   * {@code image.convert("L").convert("RGB")} in one step (a gray image with 3 equal channels, for a 3-channel model
   * trained on gray inputs).
   */
  public static RgbImage toGrayRgb(RgbImage img) {
    int n = img.width() * img.height();
    int[] out = new int[n];
    int[] px = img.pixels();
    for (int i = 0; i < n; i++) {
      int v = luma(px[i]);
      out[i] = (v << 16) | (v << 8) | v;
    }
    return new RgbImage(img.width(), img.height(), out);
  }
}
