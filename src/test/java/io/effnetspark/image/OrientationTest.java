package io.effnetspark.image;

import static io.effnetspark.image.ImageFixtures.H;
import static io.effnetspark.image.ImageFixtures.W;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.effnetspark.config.ExifOrientation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EXIF orientation, checked against the EXIF 2.3 / TIFF 6.0 table ("the 0th row is at the visual …, the 0th column
 * at the visual …") on a JPEG whose APP1 segment the fixture writes byte by byte.
 */
class OrientationTest {
  /** Quadrant colour nearest to a pixel: 0 red, 1 green, 2 blue, 3 white. */
  private static int quadrantOf(int rgb) {
    int best = -1;
    long bestD = Long.MAX_VALUE;
    for (int q = 0; q < 4; q++) {
      long d = 0;
      for (int s = 16; s >= 0; s -= 8) {
        long diff = ((rgb >> s) & 0xFF) - ((ImageFixtures.QUADRANTS[q] >> s) & 0xFF);
        d += diff * diff;
      }
      if (d < bestD) {
        bestD = d;
        best = q;
      }
    }
    return best;
  }

  /** Quadrant found in each visual corner of {@code img}: TL, TR, BL, BR. */
  private static String corners(RgbImage img) {
    int w = img.width();
    int h = img.height();
    int[][] at = {{1, 1}, {w - 2, 1}, {1, h - 2}, {w - 2, h - 2}};
    StringBuilder b = new StringBuilder();
    for (int[] p : at) {
      b.append("RGBW".charAt(quadrantOf(img.pixels()[p[1] * w + p[0]])));
    }
    return b.toString();
  }

  /**
   * The stored picture has red top-left, green top-right, blue bottom-left, white bottom-right ("RGBW" as TL, TR,
   * BL, BR). Row 0 runs red→green, column 0 red→blue. Expected visual corners follow the EXIF table, e.g. 6: row 0
   * is the visual right side (top to bottom), column 0 the visual top (right to left).
   */
  @ParameterizedTest(name = "orientation {0} → corners {1}")
  @CsvSource({"1, RGBW", "2, GRWB", "3, WBGR", "4, BWRG", "5, RBGW", "6, BRWG", "7, WGBR", "8, GWRB"})
  void exifOrientationIsAppliedByDefault(int orientation, String expectedCorners) throws Exception {
    byte[] jpeg = ImageFixtures.withExifOrientation(ImageFixtures.jpeg(ImageFixtures.quadrants(), false), orientation);
    RgbImage img = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS).decode(jpeg);
    assertEquals(expectedCorners, corners(img));
    assertEquals(orientation >= 5 ? H : W, img.width(), "width");
    assertEquals(orientation >= 5 ? W : H, img.height(), "height");
  }

  @Test
  void exifOrientationIgnoredKeepsTheStoredPixels() throws Exception {
    byte[] jpeg = ImageFixtures.withExifOrientation(ImageFixtures.jpeg(ImageFixtures.quadrants(), false), 6);
    RgbImage img = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.IGNORE).decode(jpeg);
    assertEquals("RGBW", corners(img));
    assertEquals(W, img.width());
  }

  @Test
  void tiffOrientationTagIsAppliedToo() throws Exception {
    byte[] tiff = ImageFixtures.write(ImageFixtures.quadrants(), "tiff");
    ByteBuffer bb = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int ifd = bb.getInt(4);
    boolean patched = false;
    for (int i = 0; i < (bb.getShort(ifd) & 0xFFFF); i++) {
      if ((bb.getShort(ifd + 2 + 12 * i) & 0xFFFF) == 274) {
        bb.putShort(ifd + 2 + 12 * i + 8, (short) 8);
        patched = true;
      }
    }
    assertEquals(true, patched, "fixture: the TIFF writer writes an Orientation tag");
    assertEquals("GWRB", corners(new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS).decode(tiff)));
    assertEquals("RGBW",
        corners(new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.IGNORE).decode(tiff)));
  }

  @Test
  void missingOrDamagedExifMeansAsStored() throws Exception {
    byte[] plain = ImageFixtures.jpeg(ImageFixtures.quadrants(), false);
    assertEquals(Orientation.NORMAL, Orientation.read(plain, "jpeg"));
    assertEquals(Orientation.NORMAL, Orientation.read(ImageFixtures.withExifOrientation(plain, 9), "jpeg"));
    assertEquals(6, Orientation.read(ImageFixtures.withExifOrientation(plain, 6), "JPEG"));
    assertEquals(Orientation.NORMAL, Orientation.read(ImageFixtures.png(ImageFixtures.quadrants()), "png"));
  }
}
