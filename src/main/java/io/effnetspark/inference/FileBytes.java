package io.effnetspark.inference;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one input file into memory, never more than {@code --max-file-bytes}: the size the file system reports is
 * checked before the file is opened, and the read stops at the limit in case the file grew since. On a local disk
 * only a regular file is opened: a FIFO (opening it blocks until a writer comes), socket or device is refused first.
 */
public final class FileBytes {
  /** Default {@code --max-file-bytes}: 256 MiB, well above a 100-megapixel JPEG (tens of MB). */
  public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
  /** The largest byte array the JVM allocates (HotSpot refuses lengths within a few bytes of 2^31 - 1). */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
  private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*([kmg]i?b?|b)?\\s*");

  private FileBytes() {}

  /** The file is over the limit: a TOO_LARGE row, not a read failure. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  /** @throws TooLarge when {@code length} is over {@code maxBytes} */
  public static void checkSize(long length, long maxBytes) throws TooLarge {
    if (length > maxBytes) {
      throw new TooLarge(String.format(Locale.ROOT, "file is %,d bytes (%s), over the limit of %,d bytes (%s, "
          + "--max-file-bytes); not read", length, human(length), maxBytes, human(maxBytes)));
    }
  }

  /**
   * A local file's bytes: refused unless it is a regular file (links followed), checked against {@code maxBytes}
   * before opening and while reading. Errors keep Hadoop's wording for a missing file.
   */
  public static byte[] readLocal(java.nio.file.Path file, long maxBytes) throws IOException {
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
    checkSize(a.size(), maxBytes);
    // Nothing can be opened without blocking if the name became a FIFO since the check above: that window is
    // microseconds, against a task that would otherwise hang on every FIFO in the input.
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      return readBounded((b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len)), a.size(), maxBytes);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + file + " does not exist");
    }
  }

  /**
   * All of {@code in}, at most {@code maxBytes}.
   *
   * @param expectedLength the length the file system reported (sizes the first buffer); &lt; 0 when unknown
   */
  public static byte[] read(InputStream in, long expectedLength, long maxBytes) throws IOException {
    checkSize(expectedLength, maxBytes);
    return readBounded(in::read, expectedLength, maxBytes);
  }

  private interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Reads to the end into an array sized for {@code expected} bytes, grown only when the file is longer. */
  private static byte[] readBounded(Source in, long expected, long maxBytes) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(expected, 0), maxBytes)];
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
        if (n >= maxBytes) {
          throw tooLargeWhileReading(maxBytes);
        }
        buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, Math.max(8192L, 2L * n)));
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

  private static TooLarge tooLargeWhileReading(long maxBytes) {
    return new TooLarge(String.format(Locale.ROOT, "file grew while being read: more than the limit of %,d bytes "
        + "(%s, --max-file-bytes); not read", maxBytes, human(maxBytes)));
  }

  /**
   * {@code --max-file-bytes}' value: a whole number of bytes, or with a binary suffix {@code k}, {@code m},
   * {@code g} (also {@code kb}, {@code KiB}, …): {@code 268435456}, {@code 256m}, {@code 1g}.
   *
   * @throws IllegalArgumentException naming the option when malformed, 0, or over {@link #MAX_ARRAY_BYTES}
   */
  public static long parseSize(String value) {
    Matcher m = SIZE.matcher(value == null ? "" : value);
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          default -> 0;
        };
        long bytes = n <= (Long.MAX_VALUE >> shift) ? n << shift : Long.MAX_VALUE;
        if (bytes > 0 && bytes <= MAX_ARRAY_BYTES) {
          return bytes;
        }
      } catch (NumberFormatException e) {
        // too many digits: reported below
      }
    }
    throw new IllegalArgumentException("--max-file-bytes must be a size from 1 byte to " + MAX_ARRAY_BYTES
        + " (2 GiB, what one Java array holds), as bytes or with k, m or g (e.g. 256m), got '" + value + "'");
  }

  /** 1.9 GiB, 256.0 MiB, 812 bytes. */
  static String human(long bytes) {
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
