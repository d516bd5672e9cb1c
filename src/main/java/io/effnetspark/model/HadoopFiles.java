package io.effnetspark.model;

import io.effnetspark.config.Settings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a whole file into memory with a size cap: the model's files, images ({@code --max-file-bytes}),
 * thumbnails. The size the file system reports is checked before the file is opened, and the read stops at the cap
 * in case the file grew since. Only a file is opened: on a local disk a FIFO (opening one blocks until a writer
 * comes), socket or device is refused first.
 */
public final class HadoopFiles {
  /** The most bytes one Java array holds ({@link Settings#MAX_ARRAY_BYTES}, the bound of {@code --max-file-bytes}). */
  public static final long MAX_ARRAY_BYTES = Settings.MAX_ARRAY_BYTES;

  private HadoopFiles() {}

  /** The file is over the cap: for an image a TOO_LARGE row, not a read failure. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  /**
   * The bytes of {@code path}.
   *
   * @throws IOException when the file is over {@code limit} bytes (checked from its status before reading, a
   *     {@link TooLarge}), is not a file, or cannot be read
   */
  public static byte[] readAll(FileSystem fs, Path path, long limit) throws IOException {
    FileStatus status = fs.getFileStatus(path);
    long cap = Math.min(limit, MAX_ARRAY_BYTES);
    if (status.isDirectory()) {
      throw new IOException(path + " is a folder, not a file");
    }
    if (status.getLen() > cap) {
      throw new TooLarge(path + " is " + status.getLen() + " bytes, over the limit of " + cap);
    }
    try (InputStream in = fs.open(path)) {
      return read(in, status.getLen(), cap, "the limit for this file");
    }
  }

  /**
   * @param limitName what sets {@code limit}, for the message ({@code --max-file-bytes})
   * @throws TooLarge when {@code length} is over {@code limit}
   */
  public static void checkSize(long length, long limit, String limitName) throws TooLarge {
    if (length > limit) {
      throw new TooLarge(String.format(Locale.ROOT, "file is %,d bytes (%s), over the limit of %,d bytes (%s, %s); "
          + "not read", length, human(length), limit, human(limit), limitName));
    }
  }

  /**
   * A local file's bytes through java.nio: refused unless it is a regular file (links followed), checked against
   * {@code limit} before opening and while reading. A missing file keeps Hadoop's wording.
   *
   * @param limitName what sets {@code limit}, for the message
   */
  public static byte[] readLocal(java.nio.file.Path file, long limit, String limitName) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + file + " does not exist");
    }
    if (!a.isRegularFile()) {
      throw new IOException(file + " is " + (a.isDirectory() ? "a folder" : "not a regular file (a FIFO, socket or "
          + "device)") + ": not read");
    }
    checkSize(a.size(), limit, limitName);
    // Only a name that became a FIFO within the microseconds since the check above could still block the open.
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      return readBounded((b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len)), a.size(), limit, limitName);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + file + " does not exist");
    }
  }

  /**
   * All of {@code in}, at most {@code limit} bytes.
   *
   * @param expectedLength the length the file system reported (sizes the first buffer); &lt; 0 when unknown
   * @param limitName what sets {@code limit}, for the message
   */
  public static byte[] read(InputStream in, long expectedLength, long limit, String limitName) throws IOException {
    checkSize(expectedLength, limit, limitName);
    return readBounded(in::read, expectedLength, limit, limitName);
  }

  private interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Reads to the end into an array sized for {@code expected} bytes, grown only when the file is longer. */
  private static byte[] readBounded(Source in, long expected, long limit, String limitName) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(expected, 0), limit)];
    byte[] one = new byte[1];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        // Full: one more byte tells the end of the file from a file longer than expected.
        int r;
        do {
          r = in.read(one, 0, 1);
        } while (r == 0);
        if (r < 0) {
          return buf;
        }
        if (n >= limit) {
          throw new TooLarge(String.format(Locale.ROOT, "file grew while being read: more than the limit of %,d "
              + "bytes (%s, %s); not read", limit, human(limit), limitName));
        }
        buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(8192L, 2L * n)));
        buf[n++] = one[0];
        continue;
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return Arrays.copyOf(buf, n);
      }
      n += r;
    }
  }

  /** 1.8 GiB, 256.0 MiB, 812 bytes. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
