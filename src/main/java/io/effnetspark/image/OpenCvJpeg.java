package io.effnetspark.image;

import org.opencv.core.Core;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding at 1/2, 1/4 or 1/8 scale in the DCT domain, by libjpeg-turbo inside OpenCV's Java bindings
 * ({@code org.openpnp:opencv} 4.9.0: {@code Imgcodecs.imdecode} with {@code IMREAD_REDUCED_COLOR_2/4/8} = 17/33/65
 * and {@code IMREAD_IGNORE_ORIENTATION} = 128, so that orientation stays the caller's rule). Pillow's
 * {@code draft()} asks libjpeg for the same scaled decode.
 *
 * <p>The native library is loaded once per JVM, offline, from the jar ({@code nu.pattern.OpenCV.loadLocally()}
 * copies it into {@code java.io.tmpdir}); a JVM where it cannot load decodes at full size instead, and says why
 * once. OpenCV says nothing when a file is cut short: callers check {@link JpegStructure#complete} first, and the
 * decoded pixels after.
 */
final class OpenCvJpeg {
  private static final Logger LOG = LoggerFactory.getLogger(OpenCvJpeg.class);

  private OpenCvJpeg() {}

  /** Loads the native once (class initialisation is thread-safe and runs once per class loader). */
  private static final class Native {
    static final String PROBLEM = load();

    private static String load() {
      try {
        nu.pattern.OpenCV.loadLocally();
        // imdecode of a JPEG runs on the calling thread; Spark's tasks are the parallelism.
        Core.setNumThreads(1);
        LOG.info("OpenCV {} loaded for reduced-scale JPEG decoding", Core.VERSION);
        return null;
      } catch (Throwable e) { // UnsatisfiedLinkError, an unsupported platform, an unwritable temp dir, ...
        LOG.warn("OpenCV's native library cannot be loaded ({}); JPEGs are decoded at full size",
            ImageIoDecoding.message(e));
        return e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
  }

  /** Whether the native library is loaded in this JVM (loading it on the first call). */
  static boolean available() {
    return Native.PROBLEM == null;
  }

  /** Why the native library could not be loaded, or null. */
  static String problem() {
    return Native.PROBLEM;
  }

  /**
   * Decodes {@code jpeg} at {@code 1/scale}: {@code ceil(w / scale) × ceil(h / scale)} packed RGB pixels, gray
   * replicated, EXIF orientation not applied.
   *
   * @param scale 2, 4 or 8
   * @param pixels where to put the pixels if large enough, else null (a new array)
   * @return the pixels, or null when libjpeg refuses the data: the full decoder then says why, as it would under
   *     {@code decode-scaling off}
   * @throws IllegalStateException when the native library is not loaded ({@link #available} says so first)
   */
  static RgbImage decode(byte[] jpeg, int scale, int[] pixels) {
    if (!available()) {
      throw new IllegalStateException("OpenCV is not loaded: " + problem());
    }
    int flags = switch (scale) {
      case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
      case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
      case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
      default -> throw new IllegalArgumentException("scale " + scale + " is not 2, 4 or 8");
    };
    MatOfByte buf = new MatOfByte(jpeg);
    Mat bgr = null;
    try {
      bgr = Imgcodecs.imdecode(buf, flags | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
      if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
        return null;
      }
      int w = bgr.cols();
      int h = bgr.rows();
      byte[] row = new byte[3 * w];
      int[] out = pixels != null && pixels.length >= w * h ? pixels : new int[w * h];
      for (int y = 0; y < h; y++) {
        bgr.get(y, 0, row);
        int o = y * w;
        for (int x = 0, i = 0; x < w; x++, i += 3) {
          out[o + x] = ((row[i + 2] & 0xFF) << 16) | ((row[i + 1] & 0xFF) << 8) | (row[i] & 0xFF);
        }
      }
      return new RgbImage(w, h, out);
    } catch (CvException e) { // the error libjpeg raised; the full decoder raises its own
      return null;
    } finally {
      buf.release();
      if (bgr != null) {
        bgr.release();
      }
    }
  }
}
