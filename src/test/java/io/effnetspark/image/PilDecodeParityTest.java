package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.ExifOrientation;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.model.AlphaMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code decode: pil} gives the pixels of PIL's {@code Image.open(f).convert("RGB")} exactly: plain JPEGs (4:2:0,
 * 4:2:2, 4:4:4, progressive, gray), PNGs (RGB, gray, palette with transparency, RGBA, gray + alpha, 16-bit gray,
 * RGB and RGBA), a JPEG with an Adobe RGB profile (not applied), one with EXIF orientation 6 (not applied), and CMYK
 * and YCCK JPEGs (Adobe-inverted, Pillow's {@code cmyk2rgb}; more in {@link PilCmykParityTest}).
 * Fixtures: {@code src/test/resources/decode/}, written by {@code src/main/python/make_decode_fixtures.py}.
 */
class PilDecodeParityTest {
  /** Cases where PIL's rules differ from the default decoding: proved to give other pixels under {@code default}. */
  private static final Set<String> RULE_CASES = Set.of("jpeg-adobe-rgb", "jpeg-exif-rotated", "png-rgba", "png-la",
      "png-gray16", "png-rgb16", "png-rgba16", "jpeg-cmyk", "jpeg-cmyk-progressive", "jpeg-cmyk-no-adobe", "jpeg-ycck",
      "jpeg-ycck-420");

  record Case(String name, String file, int width, int height) {}

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (String line : new String(bytes("decode.tsv"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
    }
    return out;
  }

  static byte[] bytes(String name) {
    try (InputStream in = PilDecodeParityTest.class.getResourceAsStream("/decode/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture /decode/" + name
            + " (run src/main/python/make_decode_fixtures.py)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] rgbBytes(RgbImage img) {
    int n = img.width() * img.height();
    byte[] b = new byte[3 * n];
    for (int i = 0; i < n; i++) {
      int p = img.pixels()[i];
      b[3 * i] = (byte) (p >>> 16);
      b[3 * i + 1] = (byte) (p >>> 8);
      b[3 * i + 2] = (byte) p;
    }
    return b;
  }

  /** The decoder the job builds for {@code decode: pil} with nothing else stated. */
  private static ImageDecoder pilDecoder() {
    JobConfig config = JobConfig.defaults().withModelCard(Map.of("decode", "pil"));
    return new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, config.exifOrientation(), DecodeMode.PIL,
        null);
  }

  @Test
  void decodePilGivesPilsPixelsExactlyForEveryFixture() throws Exception {
    List<Case> cases = cases();
    assertTrue(cases.size() >= 21, "cases: " + cases.size());
    ImageDecoder decoder = pilDecoder();
    for (Case c : cases) {
      RgbImage img = decoder.decode(bytes(c.file()));
      assertEquals(c.width(), img.width(), c.name() + " width");
      assertEquals(c.height(), img.height(), c.name() + " height");
      byte[] expected = bytes(c.name() + ".rgb");
      byte[] got = rgbBytes(img);
      int differing = 0;
      int worst = 0;
      for (int i = 0; i < got.length; i++) {
        int d = Math.abs((got[i] & 0xFF) - (expected[i] & 0xFF));
        differing += d == 0 ? 0 : 1;
        worst = Math.max(worst, d);
      }
      assertEquals(0, differing, c.name() + ": " + differing + " samples differ from PIL's, by up to " + worst);
    }
  }

  @Test
  void theRuleCasesGiveOtherPixelsUnderTheDefaultDecoding() throws Exception {
    ImageDecoder standard = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    for (Case c : cases()) {
      if (!RULE_CASES.contains(c.name())) {
        continue;
      }
      RgbImage img = standard.decode(bytes(c.file()));
      boolean same = img.width() == c.width() && java.util.Arrays.equals(rgbBytes(img), bytes(c.name() + ".rgb"));
      assertFalse(same, c.name() + ": the default rules should differ from PIL's here");
    }
    // and plain files are the same under both rules
    RgbImage plain = standard.decode(bytes("jpeg-420.jpg"));
    assertArrayEquals(bytes("jpeg-420.rgb"), rgbBytes(plain));
  }

  @Test
  void underPilTheExifOrientationIsIgnoredUnlessStated() throws Exception {
    JobConfig pil = JobConfig.defaults().withModelCard(Map.of("decode", "pil"));
    assertEquals(ExifOrientation.IGNORE, pil.exifOrientation());
    assertEquals(ExifOrientation.APPLY, JobConfig.defaults().exifOrientation());
    JobConfig stated = pil.with(Settings.EXIF_ORIENTATION, ExifOrientation.APPLY);
    assertEquals(ExifOrientation.APPLY, stated.exifOrientation());
    JobConfig inCard = JobConfig.defaults().withModelCard(Map.of("decode", "pil", "exif-orientation", "apply"));
    assertEquals(ExifOrientation.APPLY, inCard.exifOrientation());
    RgbImage rotated = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.APPLY, DecodeMode.PIL, null)
        .decode(bytes("jpeg-exif-rotated.jpg"));
    assertEquals(24, rotated.width(), "orientation 6 applied: 40x24 turns to 24x40");
  }

  @Test
  void alphaFollowsTheCardsAlphaKey() throws Exception {
    byte[] png = bytes("png-rgba.png");
    byte[] pilPixels = bytes("png-rgba.rgb");
    // rows 0-3 are fully transparent: dropped alpha keeps their colours, white and black composite them away
    RgbImage drop = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.APPLY, DecodeMode.DEFAULT,
        AlphaMode.DROP).decode(png);
    assertArrayEquals(pilPixels, rgbBytes(drop), "drop under default decoding too");
    RgbImage white = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.IGNORE, DecodeMode.PIL,
        AlphaMode.WHITE).decode(png);
    RgbImage black = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.IGNORE, DecodeMode.PIL,
        AlphaMode.BLACK).decode(png);
    assertEquals(0xFFFFFF, white.pixels()[0]);
    assertEquals(0x000000, black.pixels()[0]);
    assertNotEquals(0xFFFFFF, drop.pixels()[0] & 0xFFFFFF);
    RgbImage byDefault = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS).decode(png);
    assertArrayEquals(rgbBytes(white), rgbBytes(byDefault), "default decoding composites over white");
  }
}
