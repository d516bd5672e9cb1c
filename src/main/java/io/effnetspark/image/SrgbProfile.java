package io.effnetspark.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;

/**
 * Recognises an embedded ICC profile that describes sRGB without being Java's own sRGB profile: the profiles of
 * Debian's {@code icc-profiles-free} ({@code sRGB.icc}), Ghostscript ({@code srgb.icc}) and LittleCMS / Pillow's
 * {@code ImageCms.createProfile("sRGB")} (tried), and profiles of the same matrix/TRC form that cameras and phones
 * embed, such as HP/Microsoft's "sRGB IEC61966-2.1" (not tried here). TwelveMonkeys' {@code
 * ColorProfiles.isCS_sRGB} accepts only Java's own (by header), so the full decoder converts through these with
 * LittleCMS; measured over all 2^24 colours, that conversion changes no sample for Debian's profile and at most 1
 * level on under 1 % of samples for Ghostscript's and LittleCMS's. The reduced path skips it, a difference far
 * below that of the reduced decode itself.
 *
 * <p>A matrix/TRC RGB profile (ICC.1 F.3) is sRGB here when its colorants ({@code rXYZ}, {@code gXYZ},
 * {@code bXYZ}) are sRGB's primaries adapted to D50 (IEC 61966-2-1 with the Bradford transform, as in the ICC's
 * own sRGB profiles) within {@link #COLORANT_TOLERANCE}, its white point ({@code wtpt}) is D65 (version 2
 * profiles) or D50 (version 4), and each of its three tone curves ({@code rTRC}, {@code gTRC}, {@code bTRC})
 * stays within {@link #TRC_TOLERANCE} of the sRGB curve at all 256 8-bit inputs. Profiles with lookup tables
 * ({@code A2B0}-{@code A2B2}, which a colour engine prefers to the matrix) or an absolute-colorimetric rendering
 * intent are not recognised: their conversion depends on more than these tags.
 */
final class SrgbProfile {
  /** XYZ (D50) of the sRGB red, green and blue primaries, and of the D65 and D50 white points. */
  private static final double[][] COLORANTS = {{0.4361, 0.2225, 0.0139}, {0.3851, 0.7169, 0.0971},
      {0.1431, 0.0606, 0.7141}};
  private static final double[][] WHITES = {{0.9505, 1.0, 1.0891}, {0.9642, 1.0, 0.8249}};
  /** Largest difference in any XYZ component of a colorant or the white point. */
  static final double COLORANT_TOLERANCE = 0.002;
  /** Largest tone-curve difference, in 8-bit levels of the sRGB encoding (half a level: rounding's own). */
  static final double TRC_TOLERANCE = 0.5;

  private static final int RENDERING_INTENT = 64;
  private static final int ABSOLUTE_COLORIMETRIC = 3;

  private SrgbProfile() {}

  /** Whether {@code p} is an sRGB matrix/TRC profile as described above; false for anything it cannot read. */
  static boolean matches(ICC_Profile p) {
    if (p.getColorSpaceType() != ColorSpace.TYPE_RGB || p.getPCSType() != ColorSpace.TYPE_XYZ) {
      return false;
    }
    for (int tag : new int[] {ICC_Profile.icSigAToB0Tag, ICC_Profile.icSigAToB1Tag, ICC_Profile.icSigAToB2Tag}) {
      if (p.getData(tag) != null) {
        return false;
      }
    }
    byte[] header = p.getData(ICC_Profile.icSigHead);
    if (header == null || header.length < 68 || ByteBuffer.wrap(header, RENDERING_INTENT, 4).getInt()
        == ABSOLUTE_COLORIMETRIC) {
      return false;
    }
    int[] colorants = {ICC_Profile.icSigRedColorantTag, ICC_Profile.icSigGreenColorantTag,
        ICC_Profile.icSigBlueColorantTag};
    for (int i = 0; i < 3; i++) {
      if (!near(xyz(p.getData(colorants[i])), COLORANTS[i])) {
        return false;
      }
    }
    double[] white = xyz(p.getData(ICC_Profile.icSigMediaWhitePointTag));
    if (!near(white, WHITES[0]) && !near(white, WHITES[1])) {
      return false;
    }
    for (int tag : new int[] {ICC_Profile.icSigRedTRCTag, ICC_Profile.icSigGreenTRCTag,
        ICC_Profile.icSigBlueTRCTag}) {
      if (!isSrgbCurve(p.getData(tag))) {
        return false;
      }
    }
    return true;
  }

  /** An {@code XYZ } tag's first value (ICC.1 10.31: s15Fixed16 X, Y, Z after 8 bytes of type and reserved). */
  private static double[] xyz(byte[] tag) {
    if (tag == null || tag.length < 20 || ByteBuffer.wrap(tag, 0, 4).getInt() != 0x58595A20) { // 'XYZ '
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(tag);
    return new double[] {b.getInt(8) / 65536.0, b.getInt(12) / 65536.0, b.getInt(16) / 65536.0};
  }

  private static boolean near(double[] a, double[] b) {
    if (a == null) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      if (Math.abs(a[i] - b[i]) > COLORANT_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /** Whether a {@code curv} or {@code para} tag (ICC.1 10.6, 10.18) is the sRGB curve at every 8-bit input. */
  private static boolean isSrgbCurve(byte[] tag) {
    if (tag == null || tag.length < 12) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(tag);
    int type = b.getInt(0);
    double[] params = null;
    int entries = 0;
    if (type == 0x63757276) { // 'curv'
      long n = b.getInt(8) & 0xFFFFFFFFL;
      if (n < 2 || tag.length < 12 + 2 * n) {
        return false; // the identity or a pure gamma: not sRGB's curve, whose foot is linear
      }
      entries = (int) n;
    } else if (type == 0x70617261) { // 'para'
      int function = b.getShort(8) & 0xFFFF;
      int[] count = {1, 3, 4, 5, 7};
      if (function >= count.length || tag.length < 12 + 4 * count[function]) {
        return false;
      }
      params = new double[7];
      for (int i = 0; i < count[function]; i++) {
        params[i] = b.getInt(12 + 4 * i) / 65536.0;
      }
      params = parametric(function, params);
    } else {
      return false;
    }
    for (int i = 0; i <= 255; i++) {
      double x = i / 255.0;
      double y = params != null ? evaluate(params, x) : table(b, entries, x);
      double encoded = y <= 0.0031308 ? 12.92 * y : 1.055 * Math.pow(y, 1 / 2.4) - 0.055;
      if (!(Math.abs(encoded - x) * 255 <= TRC_TOLERANCE)) {
        return false;
      }
    }
    return true;
  }

  /** A {@code curv} table of {@code n} 16-bit entries at {@code x}, interpolated linearly (ICC.1 10.6). */
  private static double table(ByteBuffer b, int n, double x) {
    double pos = x * (n - 1);
    int i = Math.min((int) pos, n - 2);
    double lo = (b.getShort(12 + 2 * i) & 0xFFFF) / 65535.0;
    double hi = (b.getShort(14 + 2 * i) & 0xFFFF) / 65535.0;
    return lo + (pos - i) * (hi - lo);
  }

  /** The five parametric functions as the general form {g, a, b, c, d, e, f} of function type 4. */
  private static double[] parametric(int function, double[] p) {
    double g = p[0];
    return switch (function) {
      case 0 -> new double[] {g, 1, 0, 0, 0, 0, 0};
      case 1 -> new double[] {g, p[1], p[2], 0, -p[2] / p[1], 0, 0};
      case 2 -> new double[] {g, p[1], p[2], 0, -p[2] / p[1], p[3], p[3]};
      case 3 -> new double[] {g, p[1], p[2], p[3], p[4], 0, 0};
      default -> p;
    };
  }

  /** Y = (aX + b)^g + e for X ≥ d, else cX + f. */
  private static double evaluate(double[] p, double x) {
    return x >= p[4] ? Math.pow(Math.max(0, p[1] * x + p[2]), p[0]) + p[5] : p[3] * x + p[6];
  }
}
