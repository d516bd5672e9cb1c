package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.ExifOrientation;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@code decode: pil} reads CMYK and YCCK JPEGs as Pillow does (Adobe-inverted samples, libjpeg's YCCK → CMYK,
 * {@code cmyk2rgb} without a profile: {@link PilCmyk}), to the sample, while the default rules keep TwelveMonkeys'
 * conversion (an embedded CMYK profile, else its own fast formula). Fixtures: the {@code jpeg-cmyk*} and
 * {@code jpeg-ycck*} cases of
 * {@code src/main/python/make_decode_fixtures.py}.
 */
class PilCmykParityTest {
  private static final List<String> CASES =
      List.of("jpeg-cmyk", "jpeg-cmyk-progressive", "jpeg-cmyk-no-adobe", "jpeg-ycck", "jpeg-ycck-420");

  private static ImageDecoder pil() {
    return new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.IGNORE, DecodeMode.PIL, null);
  }

  private static byte[] jpeg(String name) {
    return PilDecodeParityTest.bytes(name + ".jpg");
  }

  private static byte[] pilPixels(String name) {
    return PilDecodeParityTest.bytes(name + ".rgb");
  }

  @Test
  void cmykAndYcckJpegsGivePilsPixelsExactlyOnEveryDecodePath() throws Exception {
    ImageDecoder pooled = pil();
    ImageDecoder reduced = pil().reducedTo(DecodeTarget.shorterSide(4));
    for (String name : CASES) {
      byte[] expected = pilPixels(name);
      assertArrayEquals(expected, PilDecodeParityTest.rgbBytes(pil().decode(jpeg(name))), name);
      assertArrayEquals(expected, PilDecodeParityTest.rgbBytes(pooled.decodeReusing(jpeg(name))), name + " pooled");
      RgbImage full = reduced.decode(jpeg(name));
      assertEquals(1, reduced.lastScale(), name + ": CMYK is decoded at full size");
      assertArrayEquals(expected, PilDecodeParityTest.rgbBytes(full), name + " with decode scaling on");
    }
  }

  @Test
  void theDefaultRulesStillGiveTwelveMonkeysConversion() throws Exception {
    ImageDecoder standard = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    for (String name : CASES) {
      RgbImage viaReader = RgbConverter.toRgb(ImageIO.read(new ByteArrayInputStream(jpeg(name))));
      byte[] got = PilDecodeParityTest.rgbBytes(standard.decode(jpeg(name)));
      assertArrayEquals(PilDecodeParityTest.rgbBytes(viaReader), got, name + ": default decoding changed");
      byte[] pil = pilPixels(name);
      long sum = 0;
      int max = 0;
      for (int i = 0; i < got.length; i++) {
        int d = Math.abs((got[i] & 0xFF) - (pil[i] & 0xFF));
        sum += d;
        max = Math.max(max, d);
      }
      System.out.printf(Locale.ROOT, "%s: default rules vs PIL: mean %.1f, max %d levels%n", name,
          sum / (double) got.length, max);
      // Without an embedded profile TwelveMonkeys (on Linux it knows no generic CMYK profile) uses its own fast
      // formula, which rounds differently from Pillow's: off by one level on about half the samples here.
      assertTrue(sum > 0, name + ": the default rules give other pixels, else the parity above proves nothing");
    }
  }

  /** Pillow 9.4: {@code Image.new("CMYK", (1, 1), cmyk).convert("RGB")}. */
  @Test
  void cmyk2rgbIsPillowsFormula() {
    int[][] cases = {
        {128, 0, 255, 55, 100, 200, 0},
        {0, 0, 0, 0, 255, 255, 255},
        {255, 255, 255, 255, 0, 0, 0},
        {1, 254, 100, 1, 253, 1, 154},
        {200, 3, 77, 250, 1, 5, 3},
    };
    for (int[] c : cases) {
      int nk = 255 - c[3];
      int[] rgb = {PilCmyk.cmyk2rgb(c[0], nk), PilCmyk.cmyk2rgb(c[1], nk), PilCmyk.cmyk2rgb(c[2], nk)};
      assertArrayEquals(Arrays.copyOfRange(c, 4, 7), rgb, Arrays.toString(c));
    }
  }

  @Test
  void javaWrittenAdobeCmykAndYcckGivePlainInkColours() throws Exception {
    int[] expected = {0x00FFFF, 0xFF00FF, 0xFFFF00, 0xFFFFFF};
    for (boolean ycck : new boolean[] {false, true}) {
      RgbImage img = pil().decode(ImageFixtures.cmykJpeg(ycck));
      for (int q = 0; q < 4; q++) {
        int x = (q % 2 == 0 ? 1 : 3) * img.width() / 4;
        int y = (q < 2 ? 1 : 3) * img.height() / 4;
        int p = img.pixels()[y * img.width() + x];
        for (int shift = 0; shift <= 16; shift += 8) {
          // no profile: 100 % cyan is (0, 255, 255) up to JPEG's rounding, not a press's duller cyan
          assertTrue(Math.abs(((p >> shift) & 0xFF) - ((expected[q] >> shift) & 0xFF)) <= 3, String.format(
              Locale.ROOT, "%s quadrant %d: #%06x, expected #%06x", ycck ? "YCCK" : "CMYK", q, p, expected[q]));
        }
      }
    }
  }

  @Test
  void aTruncatedCmykJpegIsCorruptUnderPilRules() {
    byte[] whole = jpeg("jpeg-ycck");
    byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> pil().decode(cut));
    assertEquals(ErrorClass.CORRUPT, e.errorClass(), e.getMessage());
  }
}
