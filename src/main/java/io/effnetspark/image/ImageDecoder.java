package io.effnetspark.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.ExifOrientation;
import io.effnetspark.model.AlphaMode;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image file bytes to {@link RgbImage} with Java ImageIO plus the TwelveMonkeys plugins on the classpath
 * (JPEG incl. CMYK/YCCK/ICC, TIFF, WebP); the JDK supplies PNG, GIF, BMP and WBMP.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>0 bytes → {@link ErrorClass#EMPTY}.</li>
 *   <li>The content decides the format, never the file name: the first reader whose signature check accepts the
 *       bytes decodes them. None → {@link ErrorClass#UNSUPPORTED_FORMAT} for signatures of image formats without a
 *       reader here (HEIF/AVIF, JPEG 2000, JPEG XL, PSD), else {@link ErrorClass#NOT_AN_IMAGE}.</li>
 *   <li>The pixel count declared in the header is checked against {@code maxPixels} before any pixel is decoded
 *       → {@link ErrorClass#TOO_LARGE}; a decompression bomb costs a header read, not the heap.</li>
 *   <li>Only the first image of a file is read (GIF first frame, TIFF first page).</li>
 *   <li>Damaged data → {@link ErrorClass#CORRUPT}. <b>Truncated files are errors, not partial images</b>: the
 *       JPEG decoder would fill the missing part with gray and warn ("Premature end of JPEG file", "Missing EOI
 *       marker"); those warnings make the file CORRUPT, as truncation already does in the PNG, GIF, BMP, TIFF and
 *       WebP readers. A half-gray image would yield a confident but meaningless prediction.
 *       A reader that says the file's variant is unsupported → {@link ErrorClass#UNSUPPORTED_FORMAT}.</li>
 *   <li>Conversion to 8-bit RGB: see {@link RgbConverter} (gray replicated, 16-bit scaled, alpha over
 *       {@link #BACKGROUND}).</li>
 *   <li>EXIF orientation (JPEG APP1, TIFF tag 274) applied or ignored as configured ({@link Orientation}).</li>
 * </ol>
 *
 * <p>{@link DecodeMode#PIL} changes only the rules around the codec, to give the pixels of PIL's
 * {@code Image.open(f).convert("RGB")}: a JPEG's embedded ICC profile is not applied (its APP2 {@code ICC_PROFILE}
 * segments are left out before decoding, so the codec returns the file's own RGB), alpha is dropped unless the
 * card's {@code preprocessing.alpha} says otherwise, and 16-bit samples follow PIL ({@link RgbConverter}). The EXIF
 * orientation is whatever the caller passes (the job passes {@code ignore} under {@code pil} unless stated).
 */
public final class ImageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
  /** Background that transparent pixels are composited onto: white, 0xFFFFFF. */
  public static final int BACKGROUND = 0xFFFFFF;
  /** Default decompression-bomb guard: 100 megapixels (a 10,000 × 10,000 image). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  /** Reader warnings that mean the data ended early (libjpeg's JWRN_JPEG_EOF, JWRN_HIT_MARKER; JDK's no-EOI). */
  private static final Pattern TRUNCATION_WARNING =
      Pattern.compile("(?i).*(premature end|missing eoi|truncated).*");
  private static final Pattern UNSUPPORTED_MESSAGE = Pattern.compile("(?i).*(unsupported|not supported).*");

  static {
    registerPlugins();
  }

  /**
   * Largest pixel array {@link #decodeReusing} keeps between calls: 4 megapixels (16 MB). Larger images get an
   * array of their own, so one huge file does not pin its memory for the rest of a partition.
   */
  static final int MAX_POOLED_PIXELS = 4 << 20;

  private final long maxPixels;
  private final ExifOrientation exifOrientation;
  private final DecodeMode mode;
  /** Composited over, or {@link RgbConverter#DROP_ALPHA}. */
  private final int background;
  private int[] pixelPool;
  private byte[] rasterPool;

  public ImageDecoder(long maxPixels) {
    this(maxPixels, ExifOrientation.APPLY);
  }

  public ImageDecoder(long maxPixels, ExifOrientation exifOrientation) {
    this(maxPixels, exifOrientation, DecodeMode.DEFAULT, null);
  }

  /**
   * @param alpha what transparent pixels become; null: as {@code mode} says (white under {@code default}, dropped
   *     under {@code pil})
   */
  public ImageDecoder(long maxPixels, ExifOrientation exifOrientation, DecodeMode mode, AlphaMode alpha) {
    this.maxPixels = maxPixels;
    this.exifOrientation = exifOrientation;
    this.mode = mode;
    AlphaMode a = alpha != null ? alpha : mode == DecodeMode.PIL ? AlphaMode.DROP : AlphaMode.WHITE;
    this.background = switch (a) {
      case DROP -> RgbConverter.DROP_ALPHA;
      case WHITE -> BACKGROUND;
      case BLACK -> 0;
    };
  }

  /**
   * Makes sure the ImageIO plugins that ship with the job (TwelveMonkeys) are registered, whatever class loader
   * ImageIO scanned first: on Spark executors the job jar sits in a child class loader that ImageIO's own scan
   * (through the thread's context class loader at first use) may not have seen. Registering a provider class
   * again replaces the earlier instance, so this is idempotent.
   */
  static void registerPlugins() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    Iterator<ImageReaderSpi> providers =
        ServiceLoader.load(ImageReaderSpi.class, ImageDecoder.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        registry.registerServiceProvider(providers.next(), ImageReaderSpi.class);
      } catch (ServiceConfigurationError e) {
        LOG.warn("Skipping an ImageIO reader that cannot be loaded: {}", e.getMessage());
      }
    }
  }

  /**
   * Decodes one file.
   *
   * @throws ImageDecodeException with the {@link ErrorClass} that explains the failure
   */
  public RgbImage decode(byte[] content) throws ImageDecodeException {
    return decode(content, false);
  }

  /**
   * Like {@link #decode}, but the result's pixels may live in an array that this decoder hands out again on its
   * next {@code decodeReusing} call: use the image before decoding the next one. The reader also decodes 8-bit gray
   * and sRGB images (JPEG, most PNG) into a pooled raster. The per-partition loop preprocesses each image at once,
   * so a 0.3-megapixel photo costs neither a new 0.9 MB raster nor a new 1.2 MB pixel array (on heaps up to 4 GB,
   * G1 puts every array over half a region, 512 KB-1 MB, in regions of its own). Not for use by two threads at
   * once.
   *
   * @throws ImageDecodeException with the {@link ErrorClass} that explains the failure
   */
  public RgbImage decodeReusing(byte[] content) throws ImageDecodeException {
    return decode(content, true);
  }

  private RgbImage decode(byte[] content, boolean reuse) throws ImageDecodeException {
    if (content == null || content.length == 0) {
      throw new ImageDecodeException(ErrorClass.EMPTY, "empty file (0 bytes)");
    }
    BufferedImage img;
    String format;
    byte[] pixels = mode == DecodeMode.PIL ? withoutIccProfile(content) : content;
    try (ImageInputStream in = new ByteArrayImageInputStream(pixels)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        String known = unreadableImageFormat(content);
        if (known != null) {
          throw new ImageDecodeException(ErrorClass.UNSUPPORTED_FORMAT, known + " image: no reader for it is installed");
        }
        throw new ImageDecodeException(ErrorClass.NOT_AN_IMAGE, "no image reader recognises the content");
      }
      ImageReader reader = readers.next();
      format = reader.getFormatName().toLowerCase(Locale.ROOT);
      try {
        reader.setInput(in, true, true);
        img = read(reader, format, reuse);
      } finally {
        reader.dispose();
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      ErrorClass cls = e instanceof UnsupportedOperationException || UNSUPPORTED_MESSAGE.matcher(message(e)).matches()
          ? ErrorClass.UNSUPPORTED_FORMAT : ErrorClass.CORRUPT;
      throw new ImageDecodeException(cls, "cannot decode image: " + message(e), e);
    }
    RgbImage rgb = RgbConverter.toRgb(img, reuse ? pooledPixels(img.getWidth(), img.getHeight()) : null, background,
        mode == DecodeMode.PIL);
    if (exifOrientation == ExifOrientation.APPLY) {
      rgb = Orientation.apply(rgb, Orientation.read(content, format));
    }
    return rgb;
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
    int p = 2;
    while (p + 4 <= c.length && (c[p] & 0xFF) == 0xFF) {
      int marker = c[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++; // fill byte
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        break; // start of scan, end of image
      }
      int len = ((c[p + 2] & 0xFF) << 8) | (c[p + 3] & 0xFF);
      if (len < 2 || p + 2 + len > c.length) {
        break;
      }
      if (marker == 0xE2 && len >= 2 + 12 && ascii(c, p + 4, 12).equals("ICC_PROFILE\0")) {
        drop.add(new int[] {p, 2 + len});
      }
      p += 2 + len;
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

  /** The pool, grown to hold {@code w × h} pixels; null above {@link #MAX_POOLED_PIXELS}. */
  private int[] pooledPixels(int w, int h) {
    long n = (long) w * h;
    if (n > MAX_POOLED_PIXELS) {
      return null;
    }
    if (pixelPool == null || pixelPool.length < n) {
      pixelPool = new int[(int) Math.min(MAX_POOLED_PIXELS, n + n / 4)];
    }
    return pixelPool;
  }

  /**
   * A destination for the reader whose samples live in {@link #rasterPool}, when the reader's first image type is
   * 8-bit interleaved gray or sRGB (what JPEG and most PNG files decode to), else null (the reader allocates).
   * Without it each photo's raster is a fresh array of about a megabyte: on heaps up to 4 GB G1 allocates such
   * arrays in regions of their own and starts a concurrent cycle for them (176 cycles in a 2,000-photo job).
   */
  private BufferedImage pooledDestination(ImageReader reader, int w, int h) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (types == null || !types.hasNext()) {
      return null;
    }
    ImageTypeSpecifier type = types.next();
    ColorModel cm = type.getColorModel();
    SampleModel sm = type.getSampleModel(w, h);
    if (!(sm instanceof PixelInterleavedSampleModel psm) || sm.getDataType() != DataBuffer.TYPE_BYTE
        || !(cm instanceof ComponentColorModel) || cm.isAlphaPremultiplied()) {
      return null;
    }
    long bytes = (long) psm.getScanlineStride() * h;
    if (bytes > 4L * MAX_POOLED_PIXELS) {
      return null;
    }
    if (rasterPool == null || rasterPool.length < bytes) {
      rasterPool = new byte[(int) Math.min(4L * MAX_POOLED_PIXELS, bytes + bytes / 4)];
    }
    WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferByte(rasterPool, (int) bytes), null);
    return new BufferedImage(cm, raster, false, null);
  }

  private BufferedImage read(ImageReader reader, String format, boolean reuse)
      throws IOException, ImageDecodeException {
    long width = reader.getWidth(0);
    long height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(ErrorClass.CORRUPT, format + " header declares " + width + "x" + height);
    }
    if (width * height > maxPixels) {
      throw new ImageDecodeException(ErrorClass.TOO_LARGE, format + " header declares " + width + "x" + height
          + " = " + (width * height) + " pixels, over the limit of " + maxPixels + " (--max-pixels)");
    }
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    BufferedImage img;
    try {
      ImageReadParam param = reader.getDefaultReadParam();
      if (reuse) {
        param.setDestination(pooledDestination(reader, (int) width, (int) height));
      }
      img = reader.read(0, param);
    } catch (OutOfMemoryError e) {
      // One large array that could not be allocated; nothing else was. The image, not the task, fails.
      throw new ImageDecodeException(ErrorClass.TOO_LARGE, "not enough memory to decode " + format + " of "
          + width + "x" + height + " pixels (lower --max-pixels or raise executor memory)");
    }
    for (String w : warnings) {
      if (w != null && TRUNCATION_WARNING.matcher(w).matches()) {
        throw new ImageDecodeException(ErrorClass.CORRUPT, format + " data is truncated or damaged: "
            + String.join("; ", warnings));
      }
    }
    if (!warnings.isEmpty()) {
      LOG.debug("Decoded {} with warnings: {}", format, warnings);
    }
    return img;
  }

  private static String message(Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    Throwable cause = e.getCause();
    if (cause != null && cause != e && cause.getMessage() != null && !m.contains(cause.getMessage())) {
      m += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return m;
  }

  /**
   * Names image formats that no installed reader decodes but whose signature is unambiguous, so that such files are
   * UNSUPPORTED_FORMAT rather than NOT_AN_IMAGE; null otherwise.
   */
  static String unreadableImageFormat(byte[] c) {
    if (c.length >= 12 && ascii(c, 4, 4).equals("ftyp")) {
      String brand = ascii(c, 8, 4);
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

  private static String ascii(byte[] c, int from, int len) {
    return new String(c, from, len, StandardCharsets.ISO_8859_1);
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
