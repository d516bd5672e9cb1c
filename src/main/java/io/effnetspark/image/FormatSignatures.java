package io.effnetspark.image;

import java.util.List;

/**
 * Signatures of image formats that no installed reader decodes, so that such files are
 * {@link ErrorClass#UNSUPPORTED_FORMAT} rather than {@link ErrorClass#NOT_AN_IMAGE}: HEIF/AVIF ({@code ftyp} box
 * brands, ISO/IEC 23008-12), JPEG 2000 (JP2 box or raw codestream SOC+SIZ), JPEG XL (codestream or container) and
 * Photoshop PSD.
 */
final class FormatSignatures {
  private FormatSignatures() {}

  /** The name of the format whose signature {@code c} starts with; null otherwise. */
  static String unreadableImageFormat(byte[] c) {
    if (c.length >= 12 && JpegStructure.ascii(c, 4, 4).equals("ftyp")) {
      String brand = JpegStructure.ascii(c, 8, 4);
      if (List.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1").contains(brand)) {
        return "HEIF";
      }
      if (brand.equals("avif") || brand.equals("avis")) {
        return "AVIF";
      }
    }
    if (startsWith(c, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ') || startsWith(c, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000";
    }
    if (startsWith(c, 0xFF, 0x0A) || startsWith(c, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', ' ')) {
      return "JPEG XL";
    }
    if (startsWith(c, '8', 'B', 'P', 'S')) {
      return "Photoshop PSD";
    }
    return null;
  }

  private static boolean startsWith(byte[] c, int... sig) {
    if (c.length < sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((c[i] & 0xFF) != sig[i]) {
        return false;
      }
    }
    return true;
  }
}
