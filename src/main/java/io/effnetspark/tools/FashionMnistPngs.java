package io.effnetspark.tools;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Writes Fashion-MNIST test images as 28×28 8-bit gray PNG files into class-named folders
 * ({@code OUT/<label>/test-NNNNN.png}), the layout {@code --labels-from-dirs} expects.
 *
 * <p>Reads the gzipped IDX files of Debian's {@code dataset-fashion-mnist}
 * (format: http://yann.lecun.com/exdb/mnist/, big-endian magic 0x0803 images / 0x0801 labels).
 *
 * <p>Usage: {@code FashionMnistPngs OUT [PER_CLASS|all] [DATA_DIR]}; {@code all} writes all 10,000.
 */
public final class FashionMnistPngs {
  /** Folder-safe class names, in label-index order; identical to the shipped model's labels.txt. */
  public static final List<String> LABELS = List.of("t-shirt_top", "trouser", "pullover", "dress", "coat",
      "sandal", "shirt", "sneaker", "bag", "ankle_boot");
  public static final String DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist";

  private FashionMnistPngs() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: FashionMnistPngs OUT [PER_CLASS|all] [DATA_DIR]");
      System.exit(2);
    }
    int perClass = args.length > 1 && !args[1].equals("all") ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    Path dataDir = Path.of(args.length > 2 ? args[2] : DEFAULT_DATA_DIR);
    int written = write(Path.of(args[0]), perClass, dataDir);
    System.out.println("wrote " + written + " PNG files under " + args[0]);
  }

  /** Writes the first {@code perClass} test images of each class; returns the number of files written. */
  public static int write(Path out, int perClass, Path dataDir) throws IOException {
    byte[][] images = readImages(dataDir.resolve("t10k-images-idx3-ubyte.gz"));
    byte[] labels = readLabels(dataDir.resolve("t10k-labels-idx1-ubyte.gz"));
    int[] perLabel = new int[LABELS.size()];
    int written = 0;
    for (int i = 0; i < images.length; i++) {
      int label = labels[i];
      if (perLabel[label] >= perClass) {
        continue;
      }
      perLabel[label]++;
      Path dir = out.resolve(LABELS.get(label));
      Files.createDirectories(dir);
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setDataElements(0, 0, 28, 28, images[i]);
      ImageIO.write(img, "png", dir.resolve(String.format("test-%05d.png", i)).toFile());
      written++;
    }
    return written;
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("Fashion-MNIST file not found: " + file
          + " (install Debian's dataset-fashion-mnist or pass DATA_DIR)");
    }
    InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
    return new DataInputStream(in);
  }

  static byte[][] readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      if (in.readInt() != 0x0803) {
        throw new IOException("not an IDX image file: " + file);
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      byte[][] images = new byte[n][rows * cols];
      for (byte[] image : images) {
        in.readFully(image);
      }
      return images;
    }
  }

  static byte[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      if (in.readInt() != 0x0801) {
        throw new IOException("not an IDX label file: " + file);
      }
      byte[] labels = new byte[in.readInt()];
      in.readFully(labels);
      return labels;
    }
  }
}
