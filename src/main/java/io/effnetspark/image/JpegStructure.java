package io.effnetspark.image;

import static io.effnetspark.image.JpegSegments.u16;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the marker segments of a JPEG file declare, read without decoding a pixel (ITU-T T.81 Annex B; JFIF;
 * Adobe's APP14; ICC.1 Annex B.4 for {@code ICC_PROFILE} in APP2): the frame header, the colour transform, the
 * embedded colour profile, and whether every scan's entropy-coded data is followed by a marker up to the EOI.
 *
 * <p>The completeness check exists for decoders that say nothing about a short file: libjpeg warns "Premature end
 * of JPEG file" and pads with gray, and OpenCV's {@code imdecode} drops that warning and returns the padded image.
 * A file cut anywhere in or between scans lacks the EOI that a walk over its segments and scans must reach, unless
 * an EOI was appended after the cut; then a progressive file's missing scans still show in the scan headers.
 *
 * @param sof the frame marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless, 0xC9+ arithmetic)
 * @param precision bits per sample (8; 12 or 16 for extended/lossless files)
 * @param componentIds the frame's component identifiers, in order (1 gray; 3 YCbCr or RGB; 4 CMYK or YCCK)
 * @param adobeTransform the APP14 Adobe transform flag (0 none: RGB or CMYK, 1 YCbCr, 2 YCCK), -1 without APP14
 * @param icc the embedded ICC profile (APP2 chunks joined in sequence order), or null
 * @param firstScan offset of the first SOS marker
 */
record JpegStructure(int sof, int precision, int width, int height, int[] componentIds, boolean jfif,
    int adobeTransform, byte[] icc, int firstScan) {

  /** True for a file that starts with SOI (0xFFD8). */
  static boolean isJpeg(byte[] c) {
    return c.length >= 4 && (c[0] & 0xFF) == 0xFF && (c[1] & 0xFF) == 0xD8 && (c[2] & 0xFF) == 0xFF;
  }

  /**
   * The segments of {@code c} up to its first scan; null when it is no JPEG or declares no frame before a scan (or
   * has no scan at all): the full decoder then judges it.
   */
  static JpegStructure parse(byte[] c) {
    if (!isJpeg(c)) {
      return null;
    }
    int sof = -1;
    int precision = 0;
    int width = 0;
    int height = 0;
    int[] ids = new int[0];
    boolean jfif = false;
    int adobe = -1;
    List<byte[]> iccChunks = new ArrayList<>();
    JpegSegments s = new JpegSegments(c, 2);
    while (s.next()) {
      int marker = s.marker();
      if (JpegSegments.parameterless(marker)) {
        return null; // EOI or a standalone marker before the first scan: nothing this reader should judge
      }
      int len = s.length();
      int body = s.body();
      if (isSof(marker) && sof < 0 && len >= 8) {
        sof = marker;
        precision = c[body] & 0xFF;
        height = u16(c, body + 1);
        width = u16(c, body + 3);
        int n = c[body + 5] & 0xFF;
        if (len < 8 + 3 * n) {
          return null;
        }
        ids = new int[n];
        for (int i = 0; i < n; i++) {
          ids[i] = c[body + 6 + 3 * i] & 0xFF;
        }
      } else if (marker == 0xE0 && len >= 7 && ascii(c, body, 5).equals("JFIF\0")) {
        jfif = true;
      } else if (marker == 0xEE && len >= 14 && ascii(c, body, 5).equals("Adobe")) {
        adobe = c[body + 11] & 0xFF;
      } else if (marker == 0xE2 && len >= 2 + 14 && ascii(c, body, 12).equals("ICC_PROFILE\0")) {
        byte[] chunk = new byte[len - 2 - 14 + 1];
        chunk[0] = c[body + 12]; // sequence number, 1-based
        System.arraycopy(c, body + 14, chunk, 1, chunk.length - 1);
        iccChunks.add(chunk);
      } else if (marker == 0xDA) {
        return sof < 0 ? null : new JpegStructure(sof, precision, width, height, ids, jfif, adobe,
            joinIcc(iccChunks), s.start());
      }
    }
    return null;
  }

  /**
   * Whether the file looks whole to a walk over its segments and scans: from the first scan, every scan's
   * entropy-coded data ends in a marker, the segments between scans are whole, an EOI (0xFFD9) is reached, and the
   * scans' headers (Ns, Cs, Ss, Se, Al) cover coefficients 0..63 of every frame component with a final scan (Al =
   * 0 in a progressive frame; any scan of the component in a sequential one). Bytes that are no marker between
   * segments are skipped as libjpeg skips them. Data after the EOI (a camera's trailer, a motion photo's video) is
   * not looked at. Costs one pass over the compressed bytes, a few milliseconds for 4 MB.
   *
   * <p>False says only that the full decoder must judge the file: it may be cut short, or merely unusual. True does
   * not prove it whole: a file cut inside its last scan with an EOI appended passes (see {@link ImageDecoder}).
   */
  boolean complete(byte[] c) {
    boolean progressive = sof == 0xC2 || sof == 0xC6 || sof == 0xCA || sof == 0xCE;
    long[] covered = new long[componentIds.length];
    JpegSegments s = new JpegSegments(c, firstScan, true);
    while (s.next()) {
      if (s.marker() == 0xD9) {
        for (long k : covered) {
          if (k != -1L) {
            return false;
          }
        }
        return true;
      }
      if (s.marker() == 0xDA) {
        if (!cover(c, s.body(), s.length(), progressive, covered)) {
          return false;
        }
        int p = endOfEntropyData(c, s.end());
        if (p < 0) {
          return false;
        }
        s.resumeAt(p);
      }
    }
    return false;
  }

  /**
   * Adds what one scan header (T.81 B.2.3) finalises to {@code covered}: per frame component, bit k set once
   * coefficient k has had its last successive-approximation pass. False for a header that does not parse or names
   * a component the frame lacks.
   */
  private boolean cover(byte[] c, int body, int len, boolean progressive, long[] covered) {
    int n = len >= 3 ? c[body] & 0xFF : 0;
    if (n == 0 || len != 6 + 2 * n) {
      return false;
    }
    int ss = c[body + 1 + 2 * n] & 0xFF;
    int se = c[body + 2 + 2 * n] & 0xFF;
    int al = c[body + 3 + 2 * n] & 0x0F;
    long bits;
    if (!progressive) {
      bits = -1L; // Ss, Se and Al are fixed (0, 63, 0) in sequential scans; libjpeg does not read them there
    } else if (ss > se || se > 63) {
      return false;
    } else {
      bits = al != 0 ? 0 : (se == 63 ? -1L : (1L << (se + 1)) - 1) & (-1L << ss);
    }
    for (int i = 0; i < n; i++) {
      int id = c[body + 1 + 2 * i] & 0xFF;
      int k = 0;
      while (k < componentIds.length && componentIds[k] != id) {
        k++;
      }
      if (k == componentIds.length) {
        return false;
      }
      covered[k] |= bits;
    }
    return true;
  }

  /**
   * The position of the marker that ends the entropy-coded data starting at {@code p} (0xFF followed by neither a
   * stuffed 0x00 nor a restart marker RST0-7), or -1 when the file ends first.
   */
  private static int endOfEntropyData(byte[] c, int p) {
    int n = c.length - 1;
    for (int i = p; i < n; i++) {
      if (c[i] == (byte) 0xFF) {
        int next = c[i + 1] & 0xFF;
        if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** SOF0-3, 5-7, 9-11, 13-15 (0xC4 DHT, 0xC8 JPG and 0xCC DAC share the range but are no frames). */
  private static boolean isSof(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  private static byte[] joinIcc(List<byte[]> chunks) {
    if (chunks.isEmpty()) {
      return null;
    }
    chunks.sort((a, b) -> Integer.compare(a[0] & 0xFF, b[0] & 0xFF));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : chunks) {
      out.write(chunk, 1, chunk.length - 1);
    }
    return out.toByteArray();
  }

  /** Three components that are RGB rather than YCbCr as libjpeg decides (jdapimin.c default_decompress_parms). */
  boolean storesRgb() {
    if (componentIds.length != 3 || jfif) {
      return false;
    }
    if (adobeTransform >= 0) {
      return adobeTransform == 0;
    }
    return componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
  }

  /**
   * A JPEG without its APP2 {@code ICC_PROFILE} segments (the same array when it has none, or is no JPEG): the
   * decoder then does no colour management, as libjpeg under PIL does not. Segments are walked from SOI to SOS;
   * anything malformed is left as it is for the decoder to judge.
   */
  static byte[] withoutIccProfile(byte[] c) {
    if (c.length < 4 || (c[0] & 0xFF) != 0xFF || (c[1] & 0xFF) != 0xD8) {
      return c;
    }
    List<int[]> drop = new ArrayList<>();
    JpegSegments s = new JpegSegments(c, 2);
    while (s.next() && s.marker() != 0xDA && s.marker() != 0xD9) { // up to the start of scan, end of image
      if (s.marker() == 0xE2 && s.length() >= 2 + 12 && ascii(c, s.body(), 12).equals("ICC_PROFILE\0")) {
        drop.add(new int[] {s.start(), s.end() - s.start()});
      }
    }
    if (drop.isEmpty()) {
      return c;
    }
    int removed = drop.stream().mapToInt(d -> d[1]).sum();
    byte[] out = new byte[c.length - removed];
    int from = 0;
    int to = 0;
    for (int[] d : drop) {
      System.arraycopy(c, from, out, to, d[0] - from);
      to += d[0] - from;
      from = d[0] + d[1];
    }
    System.arraycopy(c, from, out, to, c.length - from);
    return out;
  }

  static String ascii(byte[] c, int from, int len) {
    return new String(c, from, len, StandardCharsets.ISO_8859_1);
  }
}
