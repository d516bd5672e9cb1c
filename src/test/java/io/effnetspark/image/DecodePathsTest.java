package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.ExifOrientation;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every decoding fixture on both paths: {@code full} (today's decoder) and {@code reduced} (JPEGs at least twice
 * the target decoded at 1/2, 1/4 or 1/8 scale by OpenCV, the rest falling back to the full decoder). The target here
 * is a shorter side of 6 pixels, so the fixtures' 24×16 and 61×47 JPEGs take scales 2 and 4 (at least 2 × 6 and
 * 4 × 6, not 8 × 6, on the shorter side).
 *
 * <p>What the reduced path must give: for the JPEGs it decodes itself, the full decode's pixels averaged over each
 * scale × scale block (what a DCT-domain downscale is, up to rounding and chroma upsampling) with the same
 * orientation and colour rules; for every file it sends to the full decoder (CMYK/YCCK, an Adobe RGB profile under
 * {@code default}, PNG, small images), exactly the full decoder's pixels; and the same errors (truncation, bombs).
 */
class DecodePathsTest {
  private static final DecodeTarget TARGET = DecodeTarget.shorterSide(6);

  enum Path { FULL, REDUCED }

  private static ImageDecoder decoder(Path path, DecodeMode mode, ExifOrientation orientation) {
    ImageDecoder d = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, orientation, mode, null);
    return path == Path.REDUCED ? d.reducedTo(TARGET) : d;
  }

  private static ImageDecoder decoder(Path path) {
    return decoder(path, DecodeMode.DEFAULT, ExifOrientation.APPLY);
  }

  /** Block means of {@code img} over {@code s × s} blocks, partial blocks at the right and bottom edges. */
  static RgbImage blockMeans(RgbImage img, int s) {
    int w = (img.width() + s - 1) / s;
    int h = (img.height() + s - 1) / s;
    int[] out = new int[w * h];
    for (int by = 0; by < h; by++) {
      for (int bx = 0; bx < w; bx++) {
        long[] sum = new long[3];
        int n = 0;
        for (int y = by * s; y < Math.min(img.height(), (by + 1) * s); y++) {
          for (int x = bx * s; x < Math.min(img.width(), (bx + 1) * s); x++) {
            int p = img.pixels()[y * img.width() + x];
            sum[0] += (p >> 16) & 0xFF;
            sum[1] += (p >> 8) & 0xFF;
            sum[2] += p & 0xFF;
            n++;
          }
        }
        out[by * w + bx] = (int) ((sum[0] + n / 2) / n) << 16 | (int) ((sum[1] + n / 2) / n) << 8
            | (int) ((sum[2] + n / 2) / n);
      }
    }
    return new RgbImage(w, h, out);
  }

  /** {mean, max} absolute sample difference. */
  static double[] difference(RgbImage a, RgbImage b) {
    assertEquals(a.width(), b.width(), "width");
    assertEquals(a.height(), b.height(), "height");
    long sum = 0;
    int max = 0;
    int n = a.width() * a.height();
    for (int i = 0; i < n; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        int d = Math.abs(((a.pixels()[i] >> shift) & 0xFF) - ((b.pixels()[i] >> shift) & 0xFF));
        sum += d;
        max = Math.max(max, d);
      }
    }
    return new double[] {sum / (3.0 * n), max};
  }

  private static RgbImage copy(RgbImage img) {
    return new RgbImage(img.width(), img.height(), img.pixels().clone());
  }

  /**
   * Checks one file on {@code path}: full → the full decoder's pixels; reduced → the full decode's block means
   * (within JPEG's rounding) when the reduced path decoded it, else exactly the full decoder's pixels.
   *
   * @param reducedScale the scale the reduced path must take (1: it must fall back)
   */
  private static void check(String name, byte[] file, Path path, DecodeMode mode, ExifOrientation orientation,
      int reducedScale) throws Exception {
    ImageDecoder full = decoder(Path.FULL, mode, orientation);
    RgbImage expectedFull = copy(full.decode(file));
    ImageDecoder d = decoder(path, mode, orientation);
    RgbImage got = d.decode(file);
    assertEquals(expectedFull.width(), d.sourceWidth(), name + ": the row's width is the full image's");
    assertEquals(expectedFull.height(), d.sourceHeight(), name + ": the row's height is the full image's");
    int scale = path == Path.FULL ? 1 : reducedScale;
    assertEquals(scale, d.lastScale(), name + ": scale");
    if (scale == 1) {
      assertArrayEquals(PilDecodeParityTest.rgbBytes(expectedFull), PilDecodeParityTest.rgbBytes(got),
          name + ": the full decoder's pixels");
      return;
    }
    RgbImage stored = decoder(Path.FULL, mode, ExifOrientation.IGNORE).decode(file);
    int o = orientation == ExifOrientation.APPLY ? Orientation.read(file, "jpeg") : Orientation.NORMAL;
    RgbImage expected = Orientation.apply(blockMeans(copy(stored), scale), o);
    if (name.startsWith("quadrants")) {
      // Saturated quadrants meeting off the chroma grid: a scaled decode's chroma upsampling smears the edges
      // differently, so the check is the colour and place of each quadrant, sampled at its centre.
      int[][] at = {{1, 1}, {3, 1}, {1, 3}, {3, 3}};
      for (int[] q : at) {
        int e = expected.pixels()[q[1] * expected.height() / 4 * expected.width() + q[0] * expected.width() / 4];
        int g = got.pixels()[q[1] * got.height() / 4 * got.width() + q[0] * got.width() / 4];
        for (int shift = 0; shift <= 16; shift += 8) {
          assertTrue(Math.abs(((e >> shift) & 0xFF) - ((g >> shift) & 0xFF)) <= 32, String.format(Locale.ROOT,
              "%s: quadrant at %d/4, %d/4: #%06x, expected ~#%06x", name, q[0], q[1], g, e));
        }
      }
      return;
    }
    double[] diff = difference(expected, got);
    System.out.printf(Locale.ROOT, "%s %s 1/%d: mean %.2f, max %.0f levels from the block means%n", name, mode,
        scale, diff[0], diff[1]);
    // A DCT-domain downscale is a block mean up to rounding and chroma upsampling at colour edges; a wrong
    // orientation, channel order, colour transform or scale would be off by tens of levels on average.
    assertTrue(diff[0] <= 4, name + ": mean difference " + diff[0]);
    assertTrue(diff[1] <= 64, name + ": largest difference " + diff[1]);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void theCommittedDecodingFixturesUnderBothRules(Path path) throws Exception {
    for (PilDecodeParityTest.Case c : PilDecodeParityTest.cases()) {
      byte[] file = PilDecodeParityTest.bytes(c.file());
      JpegStructure jpeg = JpegStructure.parse(file);
      boolean scaled = jpeg != null && jpeg.componentIds().length != 4; // CMYK and YCCK go to the full decoder
      int scale = scaled ? 4 : 1; // 61x47 → 16x12 (47 < 8 × 6); 40x24 → 10x6
      check(c.name(), file, path, DecodeMode.PIL, ExifOrientation.IGNORE, scale);
      // default rules: an Adobe RGB profile must be converted, which only the full decoder does
      check(c.name(), file, path, DecodeMode.DEFAULT, ExifOrientation.APPLY,
          c.name().equals("jpeg-adobe-rgb") ? 1 : scale);
    }
  }

  /**
   * The reduced path gives Pillow's reduced decode exactly: {@code draft("RGB", (w // s, h // s))} then
   * {@code convert("RGB")} (Debian's libjpeg62-turbo 2.1.5 against OpenCV's libjpeg-turbo 2.1.3), for every JPEG
   * fixture (4:2:0, 4:2:2, 4:4:4, progressive, gray, ICC-tagged, EXIF-tagged) at 1/2, 1/4 and 1/8. Fixtures:
   * {@code src/main/python/make_draft_fixtures.py}.
   */
  @org.junit.jupiter.api.Test
  void theReducedPathGivesPillowsDraftPixelsExactly() throws Exception {
    int cases = 0;
    for (String line : new String(PilDecodeParityTest.bytes("draft.tsv"), java.nio.charset.StandardCharsets.UTF_8)
        .split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      int scale = Integer.parseInt(f[2]);
      int w = Integer.parseInt(f[3]);
      int h = Integer.parseInt(f[4]);
      byte[] file = PilDecodeParityTest.bytes(f[1]);
      JpegStructure jpeg = JpegStructure.parse(file);
      // The largest target the file is scale times as large as; libjpeg's output is its ceiling, w × h.
      DecodeTarget target = DecodeTarget.exact(jpeg.width() / scale, jpeg.height() / scale);
      ImageDecoder d = decoder(Path.FULL, DecodeMode.PIL, ExifOrientation.IGNORE).reducedTo(target);
      RgbImage img = d.decode(file);
      assertEquals(scale, d.lastScale(), f[0] + " scale");
      assertEquals(w, img.width(), f[0] + " width");
      assertEquals(h, img.height(), f[0] + " height");
      assertArrayEquals(PilDecodeParityTest.bytes(f[0] + ".draft" + scale + ".rgb"), PilDecodeParityTest.rgbBytes(img),
          f[0] + " at 1/" + scale);
      cases++;
    }
    assertTrue(cases >= 24, "cases: " + cases);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void underPilRulesTheReducedPathIgnoresProfilesAndOrientationLikeTheFullOne(Path path) throws Exception {
    byte[] rotated = PilDecodeParityTest.bytes("jpeg-exif-rotated.jpg");
    RgbImage img = decoder(path, DecodeMode.PIL, ExifOrientation.IGNORE).decode(rotated);
    assertTrue(img.width() > img.height(), "stored landscape 40x24 stays landscape: " + img.width() + "x"
        + img.height());
    RgbImage upright = decoder(path, DecodeMode.DEFAULT, ExifOrientation.APPLY).decode(rotated);
    assertTrue(upright.width() < upright.height(), "orientation 6 applied: portrait");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void generatedJpegFixturesKeepTheirColoursOrientationAndSize(Path path) throws Exception {
    check("quadrants baseline", ImageFixtures.jpeg(ImageFixtures.quadrants(), false), path, DecodeMode.DEFAULT,
        ExifOrientation.APPLY, 2);
    check("quadrants progressive", ImageFixtures.jpeg(ImageFixtures.quadrants(), true), path, DecodeMode.DEFAULT,
        ExifOrientation.APPLY, 2);
    check("gray", ImageFixtures.jpeg(ImageFixtures.gray8(100), false), path, DecodeMode.DEFAULT,
        ExifOrientation.APPLY, 2);
    for (int o = 2; o <= 8; o++) {
      check("quadrants exif-" + o, ImageFixtures.withExifOrientation(ImageFixtures.jpeg(ImageFixtures.quadrants(), false), o),
          path, DecodeMode.DEFAULT, ExifOrientation.APPLY, 2);
    }
    check("noise", ImageFixtures.jpeg(ImageFixtures.noise(64, 64), false), path, DecodeMode.DEFAULT,
        ExifOrientation.APPLY, 8);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void cmykAndYcckJpegsGoToTheFullDecoder(Path path) throws Exception {
    for (boolean ycck : new boolean[] {false, true}) {
      check(ycck ? "ycck" : "cmyk", ImageFixtures.cmykJpeg(ycck), path, DecodeMode.DEFAULT, ExifOrientation.APPLY,
          1);
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void otherFormatsAndSmallJpegsAreDecodedAtFullSize(Path path) throws Exception {
    List<byte[]> files = List.of(ImageFixtures.png(ImageFixtures.quadrants()),
        ImageFixtures.png(ImageFixtures.gray16(0x1280)), ImageFixtures.write(ImageFixtures.quadrants(), "bmp"),
        ImageFixtures.write(ImageFixtures.quadrants(), "tiff"), ImageFixtures.animatedGif(),
        ImageFixtures.webpLossless());
    for (int i = 0; i < files.size(); i++) {
      check("non-jpeg " + i, files.get(i), path, DecodeMode.DEFAULT, ExifOrientation.APPLY, 1);
    }
    // 24x16 for a shorter side of 9: 1/2 would give 12x8, smaller than the target
    ImageDecoder d = decoder(Path.FULL).reducedTo(DecodeTarget.shorterSide(9));
    d.decode(ImageFixtures.jpeg(ImageFixtures.quadrants(), false));
    assertEquals(1, d.lastScale());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void truncatedJpegsAreCorruptOnBothPaths(Path path) throws Exception {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(64, 64), false);
    byte[] progressive = ImageFixtures.jpeg(ImageFixtures.noise(64, 64), true);
    ImageDecoder d = decoder(path);
    assertEquals(64, d.decode(jpeg).width() * (path == Path.REDUCED ? 8 : 1));
    for (byte[] whole : new byte[][] {jpeg, progressive}) {
      for (double fraction : new double[] {0.3, 0.9, 0.99}) {
        byte[] cut = ImageFixtures.truncate(whole, fraction);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> d.decode(cut),
            "cut at " + fraction);
        assertEquals(ErrorClass.CORRUPT, e.errorClass(), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      }
      // the last two bytes are the EOI: without them the scans are whole, but the file still ends early
      byte[] noEoi = java.util.Arrays.copyOf(whole, whole.length - 2);
      assertEquals(ErrorClass.CORRUPT, assertThrows(ImageDecodeException.class, () -> d.decode(noEoi))
          .errorClass());
    }
  }

  /** Noisy 1200×900 photos as ImageIO writes them: 1/8 scale for the target, and most bytes are scan data. */
  private static final class Photo {
    static final byte[] BASELINE = ImageFixtures.jpeg(ImageFixtures.noise(1200, 900), false);
    static final byte[] PROGRESSIVE = ImageFixtures.jpeg(ImageFixtures.noise(1200, 900), true);
  }

  /**
   * Decodes {@code file} with scaling off and auto and asserts one outcome: the same error class and message (the
   * full decoder's: auto leaves every file it is unsure of to it), or both decoded, auto at {@code autoScale} (1:
   * it fell back) with the pixels {@link #check} expects.
   *
   * @return the error both paths gave, or null when both decoded
   */
  private static ImageDecodeException sameOutcome(String name, byte[] file, int autoScale) throws Exception {
    ImageDecodeException off = errorOf(decoder(Path.FULL), file);
    ImageDecodeException auto = errorOf(decoder(Path.REDUCED), file);
    if (off == null && auto == null) {
      check(name, file, Path.REDUCED, DecodeMode.DEFAULT, ExifOrientation.APPLY, autoScale);
      return null;
    }
    assertNotNull(off, name + ": auto failed where off decodes: " + (auto == null ? "" : auto.getMessage()));
    assertNotNull(auto, name + ": auto decoded what off rejects: " + off.getMessage());
    assertEquals(off.errorClass(), auto.errorClass(), name);
    assertEquals(off.getMessage(), auto.getMessage(), name);
    return off;
  }

  private static ImageDecodeException errorOf(ImageDecoder d, byte[] file) {
    try {
      d.decode(file);
      return null;
    } catch (ImageDecodeException e) {
      return e;
    }
  }

  private static void assertTruncated(String name, ImageDecodeException e) {
    assertNotNull(e, name + ": both decoded a truncated file");
    assertEquals(ErrorClass.CORRUPT, e.errorClass(), name + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), name + ": " + e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aBaselineFileCutInItsScanWithAnEndOfImageAppendedIsCorruptUnderBothSettings() throws Exception {
    byte[] whole = Photo.BASELINE;
    assertNull(sameOutcome("whole baseline", whole, 8));
    int scan = ImageFixtures.markers(whole, 0xDA).get(0);
    for (double fraction : new double[] {0.1, 0.5, 0.9, 0.999}) {
      int end = scan + (int) ((whole.length - 2 - scan) * fraction);
      String name = "baseline cut at " + fraction + " of its scan, EOI appended";
      assertTruncated(name, sameOutcome(name, ImageFixtures.cutWithEoi(whole, end), 1));
    }
  }

  @org.junit.jupiter.api.Test
  void aProgressiveFileCutInAnyScanButTheLastWithAnEndOfImageAppendedIsCorruptUnderBothSettings()
      throws Exception {
    byte[] whole = Photo.PROGRESSIVE;
    assertNull(sameOutcome("whole progressive", whole, 8));
    List<Integer> scans = ImageFixtures.markers(whole, 0xDA);
    assertTrue(scans.size() >= 6, "scans: " + scans.size());
    // A cut in the last scan stays undetected on the reduced path (see ImageDecoder.reduced): not tested here.
    for (int i = 0; i + 1 < scans.size(); i++) {
      for (double fraction : new double[] {0.1, 0.5, 0.95}) {
        int end = scans.get(i) + (int) ((scans.get(i + 1) - scans.get(i)) * fraction);
        String name = "progressive cut at " + fraction + " of scan " + (i + 1) + " of " + scans.size()
            + ", EOI appended";
        assertTruncated(name, sameOutcome(name, ImageFixtures.cutWithEoi(whole, end), 1));
      }
      // Cut between scans: libjpeg takes the EOI for the end of a shorter progression, which a progressive file may
      // be, and warns of nothing; auto leaves the judgement to the full decoder, which decodes it.
      String name = "progressive with scans " + (i + 2) + ".. left out";
      assertNull(sameOutcome(name, ImageFixtures.cutWithEoi(whole, scans.get(i + 1)), 1), name);
    }
  }

  @org.junit.jupiter.api.Test
  void extraneousBytesBetweenSegmentsAreSkippedUnderBothSettings() throws Exception {
    byte[] zeros = {0, 0};
    List<Integer> scans = ImageFixtures.markers(Photo.PROGRESSIVE, 0xDA);
    assertNull(sameOutcome("progressive, 00 00 before its second SOS",
        ImageFixtures.insert(Photo.PROGRESSIVE, scans.get(1), zeros), 8));
    List<Integer> tables = ImageFixtures.markers(Photo.PROGRESSIVE, 0xC4);
    int between = tables.stream().filter(t -> t > scans.get(0)).findFirst().orElseThrow();
    assertNull(sameOutcome("progressive, 00 00 before a DHT between scans",
        ImageFixtures.insert(Photo.PROGRESSIVE, between, zeros), 8));
    byte[] baseline = Photo.BASELINE;
    assertNull(sameOutcome("baseline, 3 bytes and a stuffed FF 00 before its EOI",
        ImageFixtures.insert(baseline, baseline.length - 2, (byte) 0x12, (byte) 0x34, (byte) 0xFF, (byte) 0, (byte) 7),
        8));
    // Before the first scan the headers must parse strictly, or the full decoder judges: auto falls back.
    sameOutcome("baseline, 00 00 before its SOS", ImageFixtures.insert(baseline, scans(baseline), zeros), 1);
  }

  private static int scans(byte[] jpeg) {
    return ImageFixtures.markers(jpeg, 0xDA).get(0);
  }

  @org.junit.jupiter.api.Test
  void a12BitJpegIsUnsupportedUnderBothSettingsAndSaysSo() throws Exception {
    byte[] twelve = Photo.BASELINE.clone();
    int sof = ImageFixtures.markers(twelve, 0xC0).get(0);
    twelve[sof + 1] = (byte) 0xC1; // extended sequential, the frame that allows 12 bits
    twelve[sof + 4] = 12;
    ImageDecodeException e = sameOutcome("12-bit", twelve, 1);
    assertNotNull(e, "both decoded a 12-bit header over 8-bit data");
    assertEquals(ErrorClass.UNSUPPORTED_FORMAT, e.errorClass(), e.getMessage());
    assertTrue(e.getMessage().contains("12-bit samples"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void scale1OverSNeedsTheImageAtLeastSTimesTheTarget() throws Exception {
    DecodeTarget side = DecodeTarget.shorterSide(10);
    int[][] sideCases = {{19, 100, 1}, {20, 100, 2}, {39, 100, 2}, {40, 100, 4}, {100, 79, 4}, {100, 80, 8}};
    for (int[] c : sideCases) {
      assertEquals(c[2], side.scale(c[0], c[1], false), c[0] + "x" + c[1] + " for a shorter side of 10");
    }
    DecodeTarget exact = DecodeTarget.exact(10, 20); // width 10, height 20 after orientation
    assertEquals(1, exact.scale(19, 100, false));
    assertEquals(2, exact.scale(20, 79, false));
    assertEquals(4, exact.scale(40, 80, false));
    assertEquals(4, exact.scale(80, 40, true), "stored 80x40 turned by EXIF is 40x80");
    assertEquals(2, exact.scale(80, 40, false), "80x40: height 40 is only twice 20");
    // Through both decoders, at the class's target of 6: 2T-1 = 11, 4T-1 = 23, 8T-1 = 47.
    int[][] files = {{11, 30, 1}, {12, 30, 2}, {30, 23, 2}, {30, 24, 4}, {47, 60, 4}, {48, 60, 8}};
    for (int[] f : files) {
      sameOutcome(f[0] + "x" + f[1], ImageFixtures.jpeg(gradient(f[0], f[1]), false), f[2]);
    }
  }

  /** Smooth colours (noise this small would be all chroma edges, which a scaled decode smears its own way). */
  private static java.awt.image.BufferedImage gradient(int w, int h) {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (255 * x / w) << 16 | (255 * y / h) << 8 | 128);
      }
    }
    return img;
  }

  /** XYZ (D50) of the sRGB primaries, as the ICC's sRGB profiles hold them. */
  private static final double[][] SRGB = {{0.4361, 0.2225, 0.0139}, {0.3851, 0.7169, 0.0971},
      {0.1431, 0.0606, 0.7141}};
  private static final double[] D65 = {0.9505, 1.0, 1.0891};

  private static double srgbToLinear(double v) {
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void anSrgbProfileOtherThanJavasTakesTheFastPathAndOthersDoNot(Path path) throws Exception {
    byte[] photo = ImageFixtures.jpeg(ImageFixtures.noise(64, 64), false);
    byte[] srgb = ImageFixtures.withIccProfile(photo,
        ImageFixtures.iccProfile(SRGB, D65, DecodePathsTest::srgbToLinear));
    check("another sRGB profile", srgb, path, DecodeMode.DEFAULT, ExifOrientation.APPLY, 8);
    byte[] gamma = ImageFixtures.withIccProfile(photo,
        ImageFixtures.iccProfile(SRGB, D65, v -> Math.pow(v, 2.2)));
    check("sRGB primaries, gamma 2.2", gamma, path, DecodeMode.DEFAULT, ExifOrientation.APPLY, 1);
    double[][] adobe = {{0.6097, 0.3111, 0.0195}, {0.2053, 0.6257, 0.0609}, {0.1492, 0.0632, 0.7446}};
    byte[] wide = ImageFixtures.withIccProfile(photo,
        ImageFixtures.iccProfile(adobe, D65, DecodePathsTest::srgbToLinear));
    check("Adobe RGB primaries", wide, path, DecodeMode.DEFAULT, ExifOrientation.APPLY, 1);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void dataAfterTheEndOfImageIsIgnoredOnBothPaths(Path path) throws Exception {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(64, 64), false);
    byte[] trailer = java.util.Arrays.copyOf(jpeg, jpeg.length + 100); // a camera's trailer, a motion photo's video
    assertNotNull(decoder(path).decode(trailer));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void jpegBombsAreRejectedFromTheHeaderOnBothPaths(Path path) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    byte[] bomb = ImageFixtures.jpegBomb(65_000, 65_000);
    ImageDecoder d = decoder(path);
    assertThrows(ImageDecodeException.class, () -> d.decode(bomb)); // warm-up
    long before = threads.getThreadAllocatedBytes(thread);
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> d.decode(bomb));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertEquals(ErrorClass.TOO_LARGE, e.errorClass(), e.getMessage());
    assertTrue(e.getMessage().contains("65000x65000"), e.getMessage());
    assertTrue(allocated < (4 << 20), "allocated " + allocated + " bytes");
  }
}
