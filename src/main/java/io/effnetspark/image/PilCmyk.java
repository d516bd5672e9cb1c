package io.effnetspark.image;

import java.awt.image.Raster;

/**
 * PIL's {@code Image.open(f).convert("RGB")} of a CMYK or YCCK JPEG, from the samples stored in the file, bit for
 * bit (Pillow 9.4 with libjpeg-turbo):
 *
 * <ol>
 *   <li><b>YCCK → CMYK</b> is libjpeg's own ({@code jdcolor.c}, {@code ycck_cmyk_convert}, the same in IJG 6b and
 *       libjpeg-turbo): C, M, Y = 255 − R, G, B of the YCbCr triple, with the integer tables of
 *       {@code build_ycc_rgb_table} (16 fractional bits, {@code FIX(1.40200)}, {@code FIX(1.77200)},
 *       {@code -FIX(0.71414)}, {@code -FIX(0.34414)}, rounded by {@code ONE_HALF}) and {@code range_limit}; K passes
 *       through. libjpeg calls a 4-component frame YCCK when an Adobe APP14 segment says transform 2 (or any
 *       transform but 0), CMYK otherwise ({@code jdapimin.c}, {@code default_decompress_parms}).</li>
 *   <li><b>Inversion</b>: Pillow unpacks every CMYK JPEG with rawmode {@code "CMYK;I"}
 *       ({@code src/PIL/JpegImagePlugin.py}, "assume adobe conventions": Photoshop stores 255 − ink), so each of
 *       the four samples becomes 255 − v, with or without an APP14 segment.</li>
 *   <li><b>CMYK → RGB</b> is {@code cmyk2rgb} of {@code src/libImaging/Convert.c}, no colour profile:
 *       {@code nk = 255 − K}; R = {@code CLIP8(nk − MULDIV255(C, nk))}, G from M, B from Y, where
 *       {@code MULDIV255(a, b) = (t + (t >> 8)) >> 8} with {@code t = a × b + 128} (a rounded a × b / 255).</li>
 * </ol>
 *
 * <p>The samples come from the JDK's libjpeg (IJG 6b) through TwelveMonkeys' {@code readRaster}, which returns them
 * as stored: no inversion, no YCCK conversion, no profile. Its inverse DCT and upsampling (islow, fancy) give the
 * samples Pillow's libjpeg-turbo gives (checked on 4:4:4, half-size and progressive fixtures:
 * {@code image.PilDecodeParityTest}).
 */
final class PilCmyk {
  private static final int[] CR_R = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CB_G = new int[256];

  static {
    int scale = 16;
    int half = 1 << (scale - 1);
    int fixCrR = fix(1.40200);
    int fixCbB = fix(1.77200);
    int fixCrG = fix(0.71414);
    int fixCbG = fix(0.34414);
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_R[i] = (fixCrR * x + half) >> scale;
      CB_B[i] = (fixCbB * x + half) >> scale;
      CR_G[i] = -fixCrG * x;
      CB_G[i] = -fixCbG * x + half;
    }
  }

  private PilCmyk() {}

  /** libjpeg's {@code FIX(x)}: x in 16-bit fixed point, rounded. */
  private static int fix(double x) {
    return (int) (x * (1 << 16) + 0.5);
  }

  /**
   * @param raw the file's samples, 4 bands of 8 bits: C, M, Y, K or Y, Cb, Cr, K as stored
   * @param ycck the frame is YCCK (libjpeg's rule, see the class comment)
   * @param reuse written instead of a new array when it holds at least width × height pixels
   */
  static RgbImage toRgb(Raster raw, boolean ycck, int[] reuse) {
    int w = raw.getWidth();
    int h = raw.getHeight();
    int[] out = reuse != null && reuse.length >= w * h ? reuse : new int[w * h];
    int[] row = new int[4 * w];
    for (int y = 0; y < h; y++) {
      raw.getPixels(raw.getMinX(), raw.getMinY() + y, w, 1, row);
      for (int x = 0, o = 0; x < w; x++, o += 4) {
        int c;
        int m;
        int ye;
        if (ycck) {
          int luma = row[o];
          int cb = row[o + 1];
          int cr = row[o + 2];
          // libjpeg's CMYK is 255 - RGB clamped; Pillow's inversion then gives the clamped RGB back
          c = clamp(luma + CR_R[cr]);
          m = clamp(luma + ((CB_G[cb] + CR_G[cr]) >> 16));
          ye = clamp(luma + CB_B[cb]);
        } else {
          c = 255 - row[o];
          m = 255 - row[o + 1];
          ye = 255 - row[o + 2];
        }
        int nk = row[o + 3]; // 255 - K after Pillow's inversion: the stored sample
        out[y * w + x] = (cmyk2rgb(c, nk) << 16) | (cmyk2rgb(m, nk) << 8) | cmyk2rgb(ye, nk);
      }
    }
    return new RgbImage(w, h, out);
  }

  /** One channel of Pillow's {@code cmyk2rgb}: {@code CLIP8(nk - MULDIV255(ink, nk))}. */
  static int cmyk2rgb(int ink, int nk) {
    int t = ink * nk + 128;
    return clamp(nk - (((t >> 8) + t) >> 8));
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
