package io.effnetspark.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files generated in code for the decoding and job tests: every awkward case the job must account for, each
 * with its expected outcome. Nothing is downloaded; the only bytes not produced here are two WebP files of under
 * 70 bytes (no WebP writer exists in Java; made once with PIL, see {@link #webpLossless()}).
 *
 * <p>Most pictures are {@link #QUADRANTS}: a 24×16 image whose quadrants are red (top left), green (top right),
 * blue (bottom left) and white (bottom right), so that colour handling and orientation can be checked by sampling
 * the quadrant centres.
 */
public final class ImageFixtures {
  public static final int W = 24;
  public static final int H = 16;
  /** Top-left, top-right, bottom-left, bottom-right. */
  public static final int[] QUADRANTS = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF};

  /** What the job must do with a file. */
  public enum Outcome { PREDICTED, SKIPPED_HIDDEN, SKIPPED_NOT_IMAGE_EXTENSION, EMPTY, NOT_AN_IMAGE,
    UNSUPPORTED_FORMAT, CORRUPT, TOO_LARGE }

  /**
   * One file of the mixed folder.
   *
   * @param path relative path inside the folder
   * @param width decoded width for PREDICTED (after EXIF orientation), else -1
   */
  public record Fixture(String path, byte[] bytes, Outcome outcome, int width, int height) {
    static Fixture ok(String path, byte[] bytes, int width, int height) {
      return new Fixture(path, bytes, Outcome.PREDICTED, width, height);
    }

    static Fixture of(String path, byte[] bytes, Outcome outcome) {
      return new Fixture(path, bytes, outcome, -1, -1);
    }
  }

  private ImageFixtures() {}

  /** Every case, in one folder layout (sub-folders included). */
  public static List<Fixture> all() {
    List<Fixture> f = new ArrayList<>();
    f.add(Fixture.ok("jpeg/baseline.jpg", jpeg(quadrants(), false), W, H));
    f.add(Fixture.ok("jpeg/progressive.jpg", jpeg(quadrants(), true), W, H));
    f.add(Fixture.ok("jpeg/cmyk-adobe.jpg", cmykJpeg(false), W, H));
    f.add(Fixture.ok("jpeg/ycck-adobe.jpg", cmykJpeg(true), W, H));
    f.add(Fixture.ok("jpeg/gray.jpg", jpeg(gray8(100), false), W, H));
    f.add(Fixture.ok("jpeg/exif-orientation-6.jpg", withExifOrientation(jpeg(quadrants(), false), 6), H, W));
    f.add(Fixture.ok("png/rgb8.png", png(quadrants()), W, H));
    f.add(Fixture.ok("png/rgba8.png", png(rgba8()), W, H));
    f.add(Fixture.ok("png/rgb16.png", png(rgb16(0x1280, 0x80FF, 0xFF7F)), W, H));
    f.add(Fixture.ok("png/gray8.png", png(gray8(100)), W, H));
    f.add(Fixture.ok("png/gray16.png", png(gray16(0x1280)), W, H));
    f.add(Fixture.ok("png/gray-alpha.png", png(grayAlpha(0, 128)), W, H));
    f.add(Fixture.ok("png/palette-trns.png", png(paletteWithTransparency()), W, H));
    f.add(Fixture.ok("gif/animated.gif", animatedGif(), W, H));
    f.add(Fixture.ok("bmp/rgb24.bmp", write(quadrants(), "bmp"), W, H));
    f.add(Fixture.ok("tiff/rgb.tif", write(quadrants(), "tiff"), W, H));
    f.add(Fixture.ok("webp/lossless.webp", webpLossless(), 8, 8));
    f.add(Fixture.ok("webp/lossy.webp", webpLossy(), 8, 8));
    f.add(Fixture.ok("names/png-named.jpg", png(quadrants()), W, H));
    f.add(Fixture.ok("names/UPPER.JPEG", jpeg(quadrants(), false), W, H));
    f.add(Fixture.ok("names/_DSC0001.JPG", jpeg(quadrants(), false), W, H));
    f.add(Fixture.of("bad/text.jpg", "name says JPEG, content says text\n".getBytes(StandardCharsets.UTF_8),
        Outcome.NOT_AN_IMAGE));
    f.add(Fixture.of("bad/empty.png", new byte[0], Outcome.EMPTY));
    f.add(Fixture.of("bad/photo.heic", heifHeader(), Outcome.UNSUPPORTED_FORMAT));
    f.add(Fixture.of("bad/jpeg2000-compressed.tif", tiffWithCompression(34712), Outcome.UNSUPPORTED_FORMAT));
    f.add(Fixture.of("bad/truncated.jpg", truncate(jpeg(noise(64, 64), false), 0.9), Outcome.CORRUPT));
    f.add(Fixture.of("bad/truncated.png", truncate(png(noise(64, 64)), 0.6), Outcome.CORRUPT));
    f.add(Fixture.of("bad/truncated.gif", truncate(write(indexed(noise(64, 64)), "gif"), 0.6), Outcome.CORRUPT));
    f.add(Fixture.of("bad/garbled-idat.png", garbleIdat(png(noise(64, 64))), Outcome.CORRUPT));
    f.add(Fixture.of("bomb/100000x100000.png", pngBomb(100_000, 100_000), Outcome.TOO_LARGE));
    f.add(Fixture.of("bomb/65000x65000.jpg", jpegBomb(65_000, 65_000), Outcome.TOO_LARGE));
    f.add(Fixture.of("bomb/65535x65535.gif", gifBomb(), Outcome.TOO_LARGE));
    f.add(Fixture.of(".hidden.jpg", jpeg(quadrants(), false), Outcome.SKIPPED_HIDDEN));
    f.add(Fixture.of("jpeg/._baseline.jpg", appleDouble(), Outcome.SKIPPED_HIDDEN));
    f.add(Fixture.of(".thumbnails/thumb.png", png(quadrants()), Outcome.SKIPPED_HIDDEN));
    f.add(Fixture.of(".DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'}, Outcome.SKIPPED_HIDDEN));
    f.add(Fixture.of("notes.txt", "a note beside the images\n".getBytes(StandardCharsets.UTF_8),
        Outcome.SKIPPED_NOT_IMAGE_EXTENSION));
    f.add(Fixture.of("_SUCCESS", new byte[0], Outcome.SKIPPED_NOT_IMAGE_EXTENSION));
    return f;
  }

  /** Writes {@link #all()} under {@code dir}; returns the fixtures. */
  public static List<Fixture> writeAll(Path dir) throws IOException {
    List<Fixture> all = all();
    for (Fixture f : all) {
      Path p = dir.resolve(f.path());
      Files.createDirectories(p.getParent());
      Files.write(p, f.bytes());
    }
    return all;
  }

  // ---- pictures ----

  public static BufferedImage quadrants() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img.setRGB(x, y, QUADRANTS[(y < H / 2 ? 0 : 2) + (x < W / 2 ? 0 : 1)]);
      }
    }
    return img;
  }

  /** Deterministic pseudo-random RGB: compresses badly, so truncation cuts into pixel data. */
  public static BufferedImage noise(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    long s = 42;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        s = s * 6364136223846793005L + 1442695040888963407L;
        img.setRGB(x, y, (int) (s >>> 40) & 0xFFFFFF);
      }
    }
    return img;
  }

  /** Left half transparent red (alpha 0), right half red at alpha 128. */
  static BufferedImage rgba8() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img.setRGB(x, y, x < W / 2 ? 0x00FF0000 : 0x80FF0000);
      }
    }
    return img;
  }

  /** 16-bit sRGB, every pixel (r, g, b) 16-bit samples. */
  static BufferedImage rgb16(int r, int g, int b) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        raster.setPixel(x, y, new int[] {r, g, b});
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  public static BufferedImage gray8(int value) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    fill(img.getRaster(), value);
    return img;
  }

  public static BufferedImage gray16(int value) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    fill(img.getRaster(), value);
    return img;
  }

  /** 8-bit gray + alpha (PNG colour type 4): every pixel (gray, alpha). */
  static BufferedImage grayAlpha(int gray, int alpha) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        raster.setPixel(x, y, new int[] {gray, alpha});
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /** Palette (PNG PLTE + tRNS): left half index 0 (fully transparent), right half index 2 (blue at alpha 128). */
  static BufferedImage paletteWithTransparency() {
    IndexColorModel cm = new IndexColorModel(8, 3, new byte[] {0, (byte) 255, 0}, new byte[] {0, 0, 0},
        new byte[] {0, 0, (byte) 255}, new byte[] {0, (byte) 255, (byte) 128});
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, cm);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img.getRaster().setSample(x, y, 0, x < W / 2 ? 0 : 2);
      }
    }
    return img;
  }

  static BufferedImage indexed(BufferedImage rgb) {
    BufferedImage img = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = img.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.dispose();
    return img;
  }

  private static void fill(WritableRaster raster, int value) {
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        raster.setSample(x, y, 0, value);
      }
    }
  }

  // ---- encoders ----

  public static byte[] write(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " and " + img);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] png(BufferedImage img) {
    return write(img, "png");
  }

  /** A JPEG at quality 0.95; progressive when asked (SOF2 instead of SOF0). */
  public static byte[] jpeg(BufferedImage img, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    } else {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /**
   * A four-channel JPEG as Photoshop writes it: an Adobe APP14 marker and inverted samples (255 = no ink).
   * Transform 0 stores CMYK; transform 2 (YCCK) stores Y, Cb, Cr of the ink amounts of C, M, Y (JFIF formulas,
   * libjpeg's {@code cmyk_ycck_convert}) and inverted K. The quadrants are 100 % cyan, magenta, yellow, and no ink
   * (white), so they decode to cyan, magenta, yellow and white.
   */
  public static byte[] cmykJpeg(boolean ycck) {
    int[][] ink = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 0}};
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, W, H, 4, null);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int[] k = ink[(y < H / 2 ? 0 : 2) + (x < W / 2 ? 0 : 1)];
        int[] p;
        if (ycck) {
          double r = k[0];
          double g = k[1];
          double b = k[2];
          p = new int[] {clamp(0.299 * r + 0.587 * g + 0.114 * b),
              clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128), clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128),
              255 - k[3]};
        } else {
          p = new int[] {255 - k[0], 255 - k[1], 255 - k[2], 255 - k[3]};
        }
        raster.setPixel(x, y, p);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    try {
      IIOMetadata md = writer.getDefaultImageMetadata(
          ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_4BYTE_ABGR), param);
      String format = "javax_imageio_jpeg_image_1.0";
      IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(format);
      IIOMetadataNode variety = (IIOMetadataNode) root.getElementsByTagName("JPEGvariety").item(0);
      while (variety.getFirstChild() != null) {
        variety.removeChild(variety.getFirstChild()); // no JFIF: it would say YCbCr
      }
      IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
      IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
      adobe.setAttribute("transform", ycck ? "2" : "0");
      markers.insertBefore(adobe, markers.getFirstChild());
      md.setFromTree(format, root);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(raster, null, md), param);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /**
   * Inserts an APP1 {@code Exif} segment right after SOI: a big-endian TIFF header and one IFD with the single
   * entry Orientation (tag 0x0112, SHORT, count 1).
   */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteArrayOutputStream app1 = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(app1)) {
      d.writeBytes("Exif");
      d.writeShort(0);
      d.writeBytes("MM");
      d.writeShort(42);
      d.writeInt(8); // IFD0 offset from the TIFF header
      d.writeShort(1); // one entry
      d.writeShort(0x0112);
      d.writeShort(3); // SHORT
      d.writeInt(1);
      d.writeShort(orientation);
      d.writeShort(0); // value padded to 4 bytes
      d.writeInt(0); // no next IFD
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] seg = app1.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(0xFF);
    out.write(0xE1);
    out.write((seg.length + 2) >> 8);
    out.write((seg.length + 2) & 0xFF);
    out.write(seg, 0, seg.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** Two frames: red, then blue. Decoding must give the first, red. */
  public static byte[] animatedGif() {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      for (Color c : new Color[] {Color.RED, Color.BLUE}) {
        BufferedImage frame = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = frame.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, W, H);
        g.dispose();
        writer.writeToSequence(new IIOImage(frame, null, null), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** 8×8 lossless WebP of (200, 30, 40): PIL 9, {@code Image.new("RGB", (8, 8), (200, 30, 40)).save(b, "WEBP",
   * lossless=True)}. */
  public static byte[] webpLossless() {
    return Base64.getDecoder().decode("UklGRh4AAABXRUJQVlA4TBEAAAAvB8ABAAdQjyIXpf+BiOh/AAA=");
  }

  /** The same picture as lossy WebP (VP8, quality 90). */
  public static byte[] webpLossy() {
    return Base64.getDecoder().decode(
        "UklGRjwAAABXRUJQVlA4IDAAAADQAQCdASoIAAgAAMASJaACdLoB+AADsAD++TbP/zsGxLteOf/7jy/ceX7jy/9xQAA=");
  }

  /** The first 64 bytes of an HEIF file as phones write it: an ISO BMFF {@code ftyp} box with brand heic. */
  public static byte[] heifHeader() {
    byte[] b = new byte[64];
    byte[] box = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(box, 0, b, 0, box.length);
    return b;
  }

  /** The first two bytes of an AppleDouble resource file ({@code ._name}, written by macOS on foreign disks). */
  static byte[] appleDouble() {
    byte[] b = new byte[82];
    b[1] = 0x05;
    b[2] = 0x16;
    b[3] = 0x07;
    return b;
  }

  /** A valid RGB TIFF whose Compression tag (259) is rewritten to {@code compression}. */
  public static byte[] tiffWithCompression(int compression) {
    byte[] t = write(quadrants(), "tiff");
    ByteBuffer bb = ByteBuffer.wrap(t).order(t[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int ifd = bb.getInt(4);
    int entries = bb.getShort(ifd) & 0xFFFF;
    for (int i = 0; i < entries; i++) {
      int e = ifd + 2 + 12 * i;
      if ((bb.getShort(e) & 0xFFFF) == 259) {
        bb.putShort(e + 8, (short) compression);
        return t;
      }
    }
    throw new IllegalStateException("no Compression tag in the TIFF writer's output");
  }

  public static byte[] truncate(byte[] data, double fraction) {
    return Arrays.copyOf(data, (int) (data.length * fraction));
  }

  /**
   * The first {@code end} bytes of a JPEG with an end-of-image marker (0xFFD9) appended: a file cut short whose
   * marker walk still ends where a whole file's does.
   */
  static byte[] cutWithEoi(byte[] jpeg, int end) {
    byte[] out = Arrays.copyOf(jpeg, end + 2);
    out[end] = (byte) 0xFF;
    out[end + 1] = (byte) 0xD9;
    return out;
  }

  /** {@code data} with {@code bytes} inserted before offset {@code at}. */
  static byte[] insert(byte[] data, int at, byte... bytes) {
    byte[] out = new byte[data.length + bytes.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(bytes, 0, out, at, bytes.length);
    System.arraycopy(data, at, out, at + bytes.length, data.length - at);
    return out;
  }

  /**
   * Offsets of a JPEG's markers {@code 0xFF marker}, in file order. Entropy-coded data never holds 0xFF followed by
   * anything but 0x00 or a restart marker, so for SOS, DHT, SOF or EOI every hit is the marker.
   */
  static List<Integer> markers(byte[] jpeg, int marker) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        at.add(i);
      }
    }
    return at;
  }

  /**
   * A version 2 RGB display profile of matrix/TRC form (ICC.1 F.3): colorants {@code rgb} (XYZ relative to D50,
   * one row per primary), media white point {@code white}, and one tone curve for the three channels, a table of
   * 1024 entries of {@code trc} (linear light of the encoded value, both 0..1).
   */
  static byte[] iccProfile(double[][] rgb, double[] white, java.util.function.DoubleUnaryOperator trc) {
    ByteBuffer curve = ByteBuffer.allocate(12 + 2 * 1024);
    curve.putInt(0x63757276).putInt(0).putInt(1024); // 'curv', reserved, entries
    for (int i = 0; i < 1024; i++) {
      curve.putShort((short) Math.round(65535 * trc.applyAsDouble(i / 1023.0)));
    }
    byte[][] data = {xyzTag(rgb[0]), xyzTag(rgb[1]), xyzTag(rgb[2]), xyzTag(white), curve.array()};
    int[] sigs = {0x7258595A, 0x6758595A, 0x6258595A, 0x77747074}; // rXYZ gXYZ bXYZ wtpt
    int[] trcSigs = {0x72545243, 0x67545243, 0x62545243}; // rTRC gTRC bTRC, sharing one curve
    int tags = sigs.length + trcSigs.length;
    int offset = 128 + 4 + 12 * tags;
    int size = offset;
    for (byte[] d : data) {
      size += (d.length + 3) & ~3;
    }
    ByteBuffer p = ByteBuffer.allocate(size);
    p.putInt(size).putInt(0).putInt(0x02100000).putInt(0x6D6E7472).putInt(0x52474220).putInt(0x58595A20);
    p.position(36);
    p.putInt(0x61637370); // 'acsp'
    p.position(68);
    p.putInt(fixed(0.9642)).putInt(fixed(1.0)).putInt(fixed(0.8249)); // PCS illuminant D50
    p.position(128);
    p.putInt(tags);
    int[] at = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      at[i] = offset;
      offset += (data[i].length + 3) & ~3;
    }
    for (int i = 0; i < sigs.length; i++) {
      p.putInt(sigs[i]).putInt(at[i]).putInt(data[i].length);
    }
    for (int sig : trcSigs) {
      p.putInt(sig).putInt(at[4]).putInt(data[4].length);
    }
    for (int i = 0; i < data.length; i++) {
      p.position(at[i]);
      p.put(data[i]);
    }
    return p.array();
  }

  private static byte[] xyzTag(double[] xyz) {
    return ByteBuffer.allocate(20).putInt(0x58595A20).putInt(0).putInt(fixed(xyz[0])).putInt(fixed(xyz[1]))
        .putInt(fixed(xyz[2])).array();
  }

  private static int fixed(double v) {
    return (int) Math.round(v * 65536);
  }

  /** A JPEG with {@code profile} embedded as one APP2 {@code ICC_PROFILE} segment after its APP0 (JFIF). */
  static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
    ByteBuffer seg = ByteBuffer.allocate(4 + 14 + profile.length);
    seg.putShort((short) 0xFFE2).putShort((short) (2 + 14 + profile.length));
    seg.put("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 1).put(profile);
    int at = (jpeg[3] & 0xFF) == 0xE0 ? 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF)) : 2;
    return insert(jpeg, at, seg.array());
  }

  /** Overwrites the payload of the first IDAT chunk with 0xFF: the zlib header is then invalid. */
  static byte[] garbleIdat(byte[] png) {
    byte[] b = png.clone();
    int i = 8;
    while (i + 8 <= b.length) {
      int len = ByteBuffer.wrap(b, i, 4).getInt();
      String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("IDAT")) {
        Arrays.fill(b, i + 8, i + 8 + len, (byte) 0xFF);
        return b;
      }
      i += 12 + len;
    }
    throw new IllegalStateException("no IDAT");
  }

  // ---- decompression bombs: small files whose header declares a huge picture ----

  /**
   * A PNG of under 2 KB whose IHDR declares width × height RGB pixels, with an IDAT holding 1 MB of zeros deflated
   * (a real decompression bomb at any size above ~1 megapixel).
   */
  public static byte[] pngBomb(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater(9);
    deflater.setInput(new byte[1 << 20]);
    deflater.finish();
    byte[] buf = new byte[64 << 10];
    int n = deflater.deflate(buf);
    deflater.end();
    chunk(out, "IDAT", Arrays.copyOf(buf, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
    out.writeBytes(len.array());
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A small JPEG whose SOF0 is rewritten to declare width × height (at most 65,535 each). */
  public static byte[] jpegBomb(int width, int height) {
    byte[] j = jpeg(quadrants(), false);
    for (int i = 2; i + 9 < j.length; ) {
      int marker = j[i + 1] & 0xFF;
      int len = ((j[i + 2] & 0xFF) << 8) | (j[i + 3] & 0xFF);
      if (marker == 0xC0 || marker == 0xC2) {
        j[i + 5] = (byte) (height >> 8);
        j[i + 6] = (byte) height;
        j[i + 7] = (byte) (width >> 8);
        j[i + 8] = (byte) width;
        return j;
      }
      i += 2 + len;
    }
    throw new IllegalStateException("no SOF marker");
  }

  /** A small GIF whose logical screen and first image descriptor declare 65,535 × 65,535. */
  public static byte[] gifBomb() {
    byte[] g = write(indexed(quadrants()), "gif");
    ByteBuffer bb = ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(6, (short) 0xFFFF).putShort(8, (short) 0xFFFF);
    int packed = g[10] & 0xFF;
    int i = 13 + ((packed & 0x80) != 0 ? 3 * (1 << ((packed & 7) + 1)) : 0);
    while (i < g.length && (g[i] & 0xFF) != 0x2C) {
      if ((g[i] & 0xFF) == 0x21) { // extension: label, then sub-blocks up to a 0 terminator
        i += 2;
        while ((g[i] & 0xFF) != 0) {
          i += (g[i] & 0xFF) + 1;
        }
        i++;
      } else {
        throw new IllegalStateException("unexpected GIF block " + g[i]);
      }
    }
    bb.putShort(i + 5, (short) 0xFFFF).putShort(i + 7, (short) 0xFFFF);
    return g;
  }
}
