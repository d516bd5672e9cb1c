package io.effnetspark.image;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.ExifOrientation;
import io.effnetspark.model.AlphaMode;
import java.awt.color.ICC_Profile;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * Decodes image file bytes to {@link RgbImage} with Java ImageIO plus the TwelveMonkeys plugins on the classpath
 * (JPEG incl. CMYK/YCCK/ICC, TIFF, WebP); the JDK supplies PNG, GIF, BMP and WBMP ({@link ImageIoDecoding}).
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
 * orientation is whatever the caller passes (the job passes {@code ignore} under {@code pil} unless stated). A CMYK
 * or YCCK JPEG is read as PIL reads it, Adobe-inverted and converted by Pillow's {@code cmyk2rgb} without a profile
 * ({@link PilCmyk}); the default rules take TwelveMonkeys' conversion to sRGB (through the embedded CMYK profile,
 * else its own formula).
 *
 * <p><b>Reduced-scale JPEG decoding</b> ({@link #reducedTo}, {@code decode-scaling auto}): a JPEG at least twice
 * the {@link DecodeTarget} is decoded at the largest libjpeg scale 1/s (1/2, 1/4, 1/8) for which it is at least s
 * times that large ({@link DecodeTarget#scale}, {@link OpenCvJpeg}), then oriented here. Every rule above still
 * holds: the header's pixel count is checked first; a file that may be cut short (its scans do not reach an EOI or
 * do not finish every coefficient, {@link JpegStructure#complete}; its last pixel is libjpeg's gray for missing
 * data) or that OpenCV refuses goes to the full-size decoder, which judges it; and so does what the fast path
 * cannot honour: CMYK/YCCK, RGB-stored and 12/16-bit or lossless or arithmetic-coded JPEGs, and under
 * {@code default} an embedded ICC profile other than sRGB ({@link SrgbProfile}).
 */
public final class ImageDecoder {
  /** Background that transparent pixels are composited onto: white, 0xFFFFFF. */
  public static final int BACKGROUND = 0xFFFFFF;
  /** Default decompression-bomb guard: 100 megapixels (a 10,000 × 10,000 image). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

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
  /** Null: every image at full size. */
  private final DecodeTarget target;
  private final ImageIoDecoding imageIo;
  private int[] pixelPool;
  private byte[] lastIcc;
  private boolean lastIccIsSrgb;
  private int sourceWidth;
  private int sourceHeight;
  private int lastScale = 1;

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
    this(maxPixels, exifOrientation, mode, backgroundFor(mode, alpha), null);
  }

  private ImageDecoder(long maxPixels, ExifOrientation exifOrientation, DecodeMode mode, int background,
      DecodeTarget target) {
    this.maxPixels = maxPixels;
    this.exifOrientation = exifOrientation;
    this.mode = mode;
    this.background = background;
    this.target = target;
    this.imageIo = new ImageIoDecoding(maxPixels);
  }

  private static int backgroundFor(DecodeMode mode, AlphaMode alpha) {
    AlphaMode a = alpha != null ? alpha : mode == DecodeMode.PIL ? AlphaMode.DROP : AlphaMode.WHITE;
    return switch (a) {
      case DROP -> RgbConverter.DROP_ALPHA;
      case WHITE -> BACKGROUND;
      case BLACK -> 0;
    };
  }

  /**
   * This decoder's rules, decoding JPEGs at reduced scale where they are at least twice {@code target}; null: full
   * size always.
   */
  public ImageDecoder reducedTo(DecodeTarget target) {
    return new ImageDecoder(maxPixels, exifOrientation, mode, background, target);
  }

  /** Width of the last decoded image at full size, after EXIF orientation (the row's {@code width}). */
  public int sourceWidth() {
    return sourceWidth;
  }

  /** Height of the last decoded image at full size, after EXIF orientation (the row's {@code height}). */
  public int sourceHeight() {
    return sourceHeight;
  }

  /** The scale denominator of the last decode: 1 full size, or 2, 4, 8. */
  public int lastScale() {
    return lastScale;
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
    lastScale = 1;
    // Under off and default rules no marker is parsed here: ImageIO reads the file on its own.
    JpegStructure jpeg = (target != null || mode == DecodeMode.PIL) && JpegStructure.isJpeg(content)
        ? JpegStructure.parse(content) : null;
    if (target != null && jpeg != null) {
      RgbImage reduced = reduced(jpeg, content, reuse);
      if (reduced != null) {
        return reduced;
      }
    }
    byte[] pixels = mode == DecodeMode.PIL ? JpegStructure.withoutIccProfile(content) : content;
    RgbImage rgb;
    String format;
    JpegStructure inks = mode == DecodeMode.PIL ? pilCmyk(jpeg) : null;
    try {
      if (inks != null) {
        Raster raw = imageIo.decodeRaster(pixels, content);
        rgb = PilCmyk.toRgb(raw, inks.adobeTransform() > 0,
            reuse ? pooledPixels(raw.getWidth(), raw.getHeight()) : null);
        format = "jpeg";
      } else {
        ImageIoDecoding.Decoded d = imageIo.decode(pixels, content, reuse);
        int w = d.image().getWidth();
        int h = d.image().getHeight();
        rgb = RgbConverter.toRgb(d.image(), reuse ? pooledPixels(w, h) : null, background, mode == DecodeMode.PIL);
        format = d.format();
      }
    } catch (ImageDecodeException e) {
      throw explained(content, e);
    }
    if (exifOrientation == ExifOrientation.APPLY) {
      rgb = Orientation.apply(rgb, Orientation.read(content, format));
    }
    sourceWidth = rgb.width();
    sourceHeight = rgb.height();
    return rgb;
  }

  /**
   * {@code e}, or for a DCT JPEG whose samples are not 8 bits (12 in an SOF1 frame) an UNSUPPORTED_FORMAT error
   * that says so: only TwelveMonkeys' lossless decoder reads other precisions, and
   * ImageIO's error for such a file ("Invalid JPEG file structure: missing SOS marker") does not say why. Judged
   * only once ImageIO has failed, after its header check, so a bomb stays TOO_LARGE.
   */
  private static ImageDecodeException explained(byte[] content, ImageDecodeException e) {
    if (e.errorClass() == ErrorClass.TOO_LARGE || !JpegStructure.isJpeg(content)) {
      return e;
    }
    JpegStructure jpeg = JpegStructure.parse(content);
    if (jpeg == null || jpeg.precision() == 8 || (jpeg.sof() & 0x03) == 0x03) { // SOF3, 7, 11, 15: lossless
      return e;
    }
    return new ImageDecodeException(ErrorClass.UNSUPPORTED_FORMAT, "jpeg with " + jpeg.precision()
        + "-bit samples: not supported (only 8-bit DCT JPEGs are decoded)", e);
  }

  /**
   * The structure of a CMYK or YCCK JPEG that {@link PilCmyk} converts as PIL does (4 components of 8 bits, a
   * Huffman-coded baseline, extended or progressive frame: what the JDK's libjpeg reads), else null: other files,
   * and 12-bit, lossless or arithmetic-coded CMYK, take the default conversion.
   */
  private static JpegStructure pilCmyk(JpegStructure jpeg) {
    if (jpeg == null || jpeg.componentIds().length != 4 || jpeg.precision() != 8) {
      return null;
    }
    int sof = jpeg.sof();
    return sof == 0xC0 || sof == 0xC1 || sof == 0xC2 ? jpeg : null;
  }

  /**
   * The JPEG decoded at reduced scale and oriented, or null when it is to be decoded at full size: it is not twice
   * the target, the fast path cannot honour a rule for it, its structure is unusual or may be cut short, or
   * OpenCV is not loaded in this JVM. The full decoder is the judge of every file this path is unsure of, so that
   * both settings give the same error rows: libjpeg inside OpenCV warns where ImageIO's would, but {@code imdecode}
   * drops the warnings.
   *
   * <p>Left undetected: a progressive file cut inside its last scan with an EOI appended. Every coefficient has had
   * an earlier pass, so nothing is gray and the scan headers are complete; the full decoder's "premature end"
   * warning makes it CORRUPT, this path decodes it (at the last scan's reduced precision, typically the last bit
   * of the luma's AC coefficients). That scan can be most of the file (61 % of a 3200×2400 Pillow photo). Telling
   * would take entropy-decoding every scan, since a refinement scan cannot be parsed without its predecessors: the
   * cost the reduced decode saves.
   */
  private RgbImage reduced(JpegStructure jpeg, byte[] content, boolean reuse) throws ImageDecodeException {
    ImageIoDecoding.checkPixels("jpeg", jpeg.width(), jpeg.height(), maxPixels);
    int orientation = exifOrientation == ExifOrientation.APPLY ? Orientation.read(content, "jpeg")
        : Orientation.NORMAL;
    int scale = target.scale(jpeg.width(), jpeg.height(), orientation >= 5);
    if (scale == 1 || !honoursRules(jpeg)) {
      return null;
    }
    if (!jpeg.complete(content) || !OpenCvJpeg.available()) {
      return null;
    }
    int w = (jpeg.width() + scale - 1) / scale;
    int h = (jpeg.height() + scale - 1) / scale;
    RgbImage img = OpenCvJpeg.decode(content, scale, reuse ? pooledPixels(w, h) : null);
    // libjpeg leaves the blocks of MCUs it never got at zero, which decode to exactly 0x808080: a sequential file
    // cut in its scan with an EOI appended ends in such MCUs, and its scan headers look whole. A photo whose corner
    // is that gray only costs a full decode.
    if (img == null || (img.pixels()[img.width() * img.height() - 1] & 0xFFFFFF) == 0x808080) {
      return null;
    }
    img = Orientation.apply(img, orientation);
    boolean swapped = orientation >= 5;
    sourceWidth = swapped ? jpeg.height() : jpeg.width();
    sourceHeight = swapped ? jpeg.width() : jpeg.height();
    lastScale = scale;
    return img;
  }

  /**
   * Whether libjpeg's scaled decode gives what the full decoder's rules promise: 8-bit Huffman-coded baseline,
   * extended or progressive frames of gray or YCbCr (CMYK/YCCK go through TwelveMonkeys' Adobe-aware conversion;
   * an RGB-stored file's colour transform is read differently by decoders), and an embedded ICC profile only where
   * it is not applied ({@code pil}) or is sRGB: Java's own (TwelveMonkeys' {@link ColorSpaces#isCS_sRGB} test,
   * with which its JPEG reader skips the conversion) or another profile of sRGB ({@link SrgbProfile}: the full
   * decoder converts through it, changing a sample by at most a level).
   */
  private boolean honoursRules(JpegStructure jpeg) {
    int sof = jpeg.sof();
    int n = jpeg.componentIds().length;
    if ((sof != 0xC0 && sof != 0xC1 && sof != 0xC2) || jpeg.precision() != 8 || (n != 1 && n != 3)
        || jpeg.storesRgb()) {
      return false;
    }
    return jpeg.icc() == null || mode == DecodeMode.PIL || isSrgb(jpeg.icc());
  }

  /** Camera photos repeat one profile: the last answer is kept. */
  private boolean isSrgb(byte[] icc) {
    if (!Arrays.equals(icc, lastIcc)) {
      boolean srgb;
      try {
        ICC_Profile profile = ICC_Profile.getInstance(icc);
        srgb = ColorSpaces.isCS_sRGB(profile) || SrgbProfile.matches(profile);
      } catch (RuntimeException e) { // a damaged profile: the full decoder decides what it means
        srgb = false;
      }
      lastIcc = icc;
      lastIccIsSrgb = srgb;
    }
    return lastIccIsSrgb;
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
}
