package io.effnetspark.report;

import io.effnetspark.image.ImageDecodeException;
import io.effnetspark.image.ImageDecoder;
import io.effnetspark.image.RgbImage;
import io.effnetspark.model.HadoopFiles;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small PNG thumbnails as {@code data:} URIs, made on the driver from the source images (read through Hadoop's
 * FileSystem, any scheme; decoded by the job's own {@link ImageDecoder}, so gray and alpha look as the model saw
 * them). The report embeds them, so it needs nothing beside itself.
 */
final class Thumbnails {
  /** Largest side, in CSS pixels, a thumbnail is shown at. */
  static final int BOX = 96;
  /** Files larger than this are not read for a thumbnail. */
  static final long MAX_FILE_BYTES = 64L << 20;

  private final Configuration conf;
  private final ImageDecoder decoder;

  Thumbnails(Configuration conf, long maxPixels) {
    this.conf = conf;
    this.decoder = new ImageDecoder(maxPixels);
  }

  /**
   * A thumbnail, or why there is none.
   *
   * @param dataUri {@code data:image/png;base64,...}, null when the image could not be shown
   * @param width display width in CSS pixels
   * @param height display height in CSS pixels
   * @param pixelated the image is enlarged (small inputs such as 28×28): show its pixels, do not blur them
   * @param problem why there is no thumbnail, else null
   */
  record Thumbnail(String dataUri, int width, int height, boolean pixelated, String problem) {}

  Thumbnail of(String location) {
    byte[] bytes;
    try {
      bytes = read(location);
    } catch (IOException e) {
      return new Thumbnail(null, 0, 0, false, "cannot read: " + e.getMessage());
    }
    RgbImage rgb;
    try {
      rgb = decoder.decode(bytes);
    } catch (ImageDecodeException e) {
      return new Thumbnail(null, 0, 0, false, e.errorClass() + ": " + e.getMessage());
    }
    BufferedImage img = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, rgb.width(), rgb.height(), rgb.pixels(), 0, rgb.width());
    int side = Math.max(rgb.width(), rgb.height());
    int w;
    int h;
    boolean pixelated = false;
    if (side <= BOX / 2) {
      // Small images (Fashion-MNIST is 28x28) are embedded as they are and enlarged by an integer factor on screen.
      int factor = BOX / side;
      w = rgb.width() * factor;
      h = rgb.height() * factor;
      pixelated = true;
    } else if (side > BOX) {
      w = Math.max(1, Math.round(rgb.width() * (float) BOX / side));
      h = Math.max(1, Math.round(rgb.height() * (float) BOX / side));
      img = scaled(img, w, h);
    } else {
      w = rgb.width();
      h = rgb.height();
    }
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      return new Thumbnail("data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()), w, h,
          pixelated, null);
    } catch (IOException e) {
      return new Thumbnail(null, 0, 0, false, "cannot encode thumbnail: " + e.getMessage());
    }
  }

  /** Area-averaging downscale: no aliasing on large photos. */
  private static BufferedImage scaled(BufferedImage src, int w, int h) {
    Image smooth = src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(smooth, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * At most {@link #MAX_FILE_BYTES}; a local file through java.nio, which refuses a name that is no longer a regular
   * file (a FIFO would block the driver) and opens names with {@code :} that Hadoop's checksummed local file system
   * cannot.
   */
  private byte[] read(String location) throws IOException {
    Path path = new Path(location);
    if ("file".equals(path.toUri().getScheme())) {
      return HadoopFiles.readLocal(java.nio.file.Paths.get(path.toUri()), MAX_FILE_BYTES, "read for thumbnails");
    }
    FileSystem fs = path.getFileSystem(conf);
    return HadoopFiles.readAll(fs, path, MAX_FILE_BYTES);
  }
}
