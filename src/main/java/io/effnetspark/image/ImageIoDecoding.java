package io.effnetspark.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
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
 * The full-size decode through Java ImageIO and the TwelveMonkeys plugins: reader chosen by content, header checked
 * against the pixel limit before any pixel, truncation warnings turned into errors, the reader's raster pooled for
 * 8-bit gray and sRGB images. The rules are {@link ImageDecoder}'s; this class is its ImageIO half. Not for use by
 * two threads at once.
 */
final class ImageIoDecoding {
  private static final Logger LOG = LoggerFactory.getLogger(ImageIoDecoding.class);
  /** Reader warnings that mean the data ended early (libjpeg's JWRN_JPEG_EOF, JWRN_HIT_MARKER; JDK's no-EOI). */
  private static final Pattern TRUNCATION_WARNING =
      Pattern.compile("(?i).*(premature end|missing eoi|truncated).*");
  private static final Pattern UNSUPPORTED_MESSAGE = Pattern.compile("(?i).*(unsupported|not supported).*");

  static {
    registerPlugins();
  }

  /** A decoded image and the reader's lower-case format name ({@code jpeg}, {@code png}, ...). */
  record Decoded(BufferedImage image, String format) {}

  private final long maxPixels;
  private byte[] rasterPool;

  ImageIoDecoding(long maxPixels) {
    this.maxPixels = maxPixels;
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
        ServiceLoader.load(ImageReaderSpi.class, ImageIoDecoding.class.getClassLoader()).iterator();
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
   * Decodes the first image of {@code bytes} at full size.
   *
   * @param original the file as stored, for the error that names a known but unreadable format
   * @param reuse decode 8-bit gray and sRGB images into the pooled raster
   * @throws ImageDecodeException NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TOO_LARGE or CORRUPT
   */
  Decoded decode(byte[] bytes, byte[] original, boolean reuse) throws ImageDecodeException {
    return decode(bytes, original, (reader, format) -> read(reader, format, reuse));
  }

  /**
   * The first image's samples as the reader stores them, without colour conversion ({@link ImageReader#readRaster}:
   * for a CMYK or YCCK JPEG, TwelveMonkeys hands back the JDK libjpeg's output as stored in the file), with the
   * same checks as {@link #decode}.
   *
   * @throws ImageDecodeException NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TOO_LARGE or CORRUPT; UNSUPPORTED_FORMAT too
   *     when the reader cannot read rasters
   */
  Raster decodeRaster(byte[] bytes, byte[] original) throws ImageDecodeException {
    return decode(bytes, original, (reader, format) -> {
      if (!reader.canReadRaster()) {
        throw new ImageDecodeException(ErrorClass.UNSUPPORTED_FORMAT, format + " reader cannot read raw samples");
      }
      return read(reader, format, (r, param) -> r.readRaster(0, param));
    });
  }

  private interface ReadCall<T> {
    T read(ImageReader reader, String format) throws IOException, ImageDecodeException;
  }

  private interface ReaderCall<T> {
    T read(ImageReader reader, ImageReadParam param) throws IOException;
  }

  private <T> T decode(byte[] bytes, byte[] original, ReadCall<T> call) throws ImageDecodeException {
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        String known = FormatSignatures.unreadableImageFormat(original);
        if (known != null) {
          throw new ImageDecodeException(ErrorClass.UNSUPPORTED_FORMAT, known + " image: no reader for it is installed");
        }
        throw new ImageDecodeException(ErrorClass.NOT_AN_IMAGE, "no image reader recognises the content");
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toLowerCase(Locale.ROOT);
      try {
        reader.setInput(in, true, true);
        return call.read(reader, format);
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
  }

  /** TOO_LARGE when {@code width × height} exceeds the limit; CORRUPT when a side is not positive. */
  static void checkPixels(String format, long width, long height, long maxPixels) throws ImageDecodeException {
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(ErrorClass.CORRUPT, format + " header declares " + width + "x" + height);
    }
    if (width * height > maxPixels) {
      throw new ImageDecodeException(ErrorClass.TOO_LARGE, format + " header declares " + width + "x" + height
          + " = " + (width * height) + " pixels, over the limit of " + maxPixels + " (--max-pixels)");
    }
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
    if (bytes > 4L * ImageDecoder.MAX_POOLED_PIXELS) {
      return null;
    }
    if (rasterPool == null || rasterPool.length < bytes) {
      rasterPool = new byte[(int) Math.min(4L * ImageDecoder.MAX_POOLED_PIXELS, bytes + bytes / 4)];
    }
    WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferByte(rasterPool, (int) bytes), null);
    return new BufferedImage(cm, raster, false, null);
  }

  private Decoded read(ImageReader reader, String format, boolean reuse) throws IOException, ImageDecodeException {
    BufferedImage img = read(reader, format, (r, param) -> {
      if (reuse) {
        param.setDestination(pooledDestination(r, r.getWidth(0), r.getHeight(0)));
      }
      return r.read(0, param);
    });
    return new Decoded(img, format);
  }

  private <T> T read(ImageReader reader, String format, ReaderCall<T> call) throws IOException, ImageDecodeException {
    long width = reader.getWidth(0);
    long height = reader.getHeight(0);
    checkPixels(format, width, height, maxPixels);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    T img;
    try {
      img = call.read(reader, reader.getDefaultReadParam());
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

  static String message(Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    Throwable cause = e.getCause();
    if (cause != null && cause != e && cause.getMessage() != null && !m.contains(cause.getMessage())) {
      m += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return m;
  }
}
