package io.effnetspark.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Reads the parity fixtures under {@code src/test/resources/resample/}, written by
 * {@code src/main/python/make_resample_fixtures.py} with Debian 12's Pillow 9.4 and torch 1.13 (see the script for
 * the files and their columns).
 */
final class ResampleFixtures {
  private static final String ROOT = "/resample/";
  private static final Pattern GENERATED = Pattern.compile("gen:(\\d+)x(\\d+)");

  private ResampleFixtures() {}

  /** One row of a TSV manifest, split on tabs; '#' lines are skipped. */
  static List<String[]> manifest(String name) {
    String text = new String(bytes(name), StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        rows.add(line.split("\t", -1));
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(name + " has no cases");
    }
    return rows;
  }

  static byte[] bytes(String relative) {
    try (InputStream in = ResampleFixtures.class.getResourceAsStream(ROOT + relative)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + ROOT + relative
            + " (run src/main/python/make_resample_fixtures.py)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True if the source is an "L" (gray) image. */
  static boolean isGray(String source) {
    if (GENERATED.matcher(source).matches()) {
      return false;
    }
    for (String[] row : manifest("sources.tsv")) {
      if (row[0].equals(source)) {
        return row[2].equals("L");
      }
    }
    throw new IllegalArgumentException("unknown source " + source);
  }

  /** An RGB source: a PNG under src/ or a generated "gen:WxH" image. */
  static RgbImage rgb(String source) {
    Matcher m = GENERATED.matcher(source);
    if (m.matches()) {
      return generated(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    return rgbPng("src/" + source + ".png");
  }

  static GrayImage gray(String source) {
    return grayPng("src/" + source + ".png");
  }

  /** An 8-bit RGB PNG's samples as stored (no colour management). */
  static RgbImage rgbPng(String relative) {
    Raster r = raster(relative);
    if (r.getNumBands() != 3) {
      throw new IllegalStateException(relative + " has " + r.getNumBands() + " bands, expected 3");
    }
    int w = r.getWidth();
    int h = r.getHeight();
    int[] s = r.getPixels(0, 0, w, h, (int[]) null);
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = (s[3 * i] << 16) | (s[3 * i + 1] << 8) | s[3 * i + 2];
    }
    return new RgbImage(w, h, px);
  }

  /** An 8-bit gray PNG's samples as stored. */
  static GrayImage grayPng(String relative) {
    Raster r = raster(relative);
    if (r.getNumBands() != 1) {
      throw new IllegalStateException(relative + " has " + r.getNumBands() + " bands, expected 1");
    }
    int w = r.getWidth();
    int h = r.getHeight();
    int[] s = r.getPixels(0, 0, w, h, (int[]) null);
    byte[] px = new byte[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) s[i];
    }
    return new GrayImage(w, h, px);
  }

  private static Raster raster(String relative) {
    try {
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(bytes(relative)));
      if (img.getColorModel().getComponentSize(0) != 8) {
        throw new IllegalStateException(relative + " is not 8-bit");
      }
      return img.getRaster();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A float32 little-endian file. */
  static float[] floats(String relative) {
    ByteBuffer b = ByteBuffer.wrap(bytes(relative)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  /**
   * The generated source of make_resample_fixtures.py {@code generated(width, height)}: a sawtooth pattern plus
   * hashed noise, in 32-bit wrapping integer arithmetic (numpy uint32 there, Java int here).
   */
  static RgbImage generated(int width, int height) {
    int[] px = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = 0;
        for (int c = 0; c < 3; c++) {
          int h = (x * 73856093) ^ (y * 19349663) ^ (c * 83492791);
          h ^= h >>> 13;
          h *= 0x5BD1E995;
          h ^= h >>> 15;
          int noise = h & 63;
          int smooth = (x * (c + 1) * 3 + y * (3 - c) * 2 + ((x * y) >>> 7)) & 255;
          p = (p << 8) | ((smooth * 3 / 4 + noise) & 0xFF);
        }
        px[y * width + x] = p;
      }
    }
    return new RgbImage(width, height, px);
  }

  /** SHA-256 (hex) of an RGB image's bytes: row-major, R, G, B interleaved (numpy's {@code tobytes()}). */
  static String sha256(RgbImage img) {
    int n = img.width() * img.height();
    byte[] b = new byte[3 * n];
    int[] px = img.pixels();
    for (int i = 0; i < n; i++) {
      b[3 * i] = (byte) (px[i] >>> 16);
      b[3 * i + 1] = (byte) (px[i] >>> 8);
      b[3 * i + 2] = (byte) px[i];
    }
    return sha256(b);
  }

  /** SHA-256 (hex) of a gray image's bytes, row-major. */
  static String sha256(GrayImage img) {
    byte[] b = new byte[img.width() * img.height()];
    System.arraycopy(img.pixels(), 0, b, 0, b.length);
    return sha256(b);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
