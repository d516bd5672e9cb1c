package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.spark.AwkwardInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading one input file into memory: bounded by --max-file-bytes, and only regular files are opened. */
class FileBytesTest {
  @TempDir
  Path tmp;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aSparseMultiGigabyteFileIsRefusedFromItsSizeWithoutReadingIt() throws Exception {
    Path big = tmp.resolve("big.png");
    long size = 3L << 30;
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(size);
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    assertThrows(FileBytes.TooLarge.class, () -> FileBytes.readLocal(big, FileBytes.DEFAULT_MAX_FILE_BYTES));
    long before = threads.getThreadAllocatedBytes(thread);
    FileBytes.TooLarge e = assertThrows(FileBytes.TooLarge.class,
        () -> FileBytes.readLocal(big, FileBytes.DEFAULT_MAX_FILE_BYTES));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "%,d bytes", size)), e.getMessage());
    assertTrue(e.getMessage().contains("--max-file-bytes"), e.getMessage());
    assertTrue(allocated < (1 << 20), "allocated " + allocated + " bytes to refuse a 3 GiB file");
  }

  @Test
  void theLimitIsInclusive() throws Exception {
    byte[] data = random(10_000);
    Path f = Files.write(tmp.resolve("f.png"), data);
    assertArrayEquals(data, FileBytes.readLocal(f, 10_000));
    assertArrayEquals(data, FileBytes.readLocal(f, FileBytes.MAX_ARRAY_BYTES));
    assertThrows(FileBytes.TooLarge.class, () -> FileBytes.readLocal(f, 9_999));
    assertArrayEquals(new byte[0], FileBytes.readLocal(Files.write(tmp.resolve("empty.png"), new byte[0]), 1));
  }

  @Test
  void aStreamLongerThanItsListedLengthStopsAtTheLimit() throws Exception {
    byte[] data = random(5_000);
    FileBytes.TooLarge e = assertThrows(FileBytes.TooLarge.class,
        () -> FileBytes.read(new ByteArrayInputStream(data), 100, 1_000));
    assertTrue(e.getMessage().contains("grew"), e.getMessage());
    assertArrayEquals(data, FileBytes.read(new ByteArrayInputStream(data), 100, 5_000), "grew within the limit");
    assertArrayEquals(data, FileBytes.read(new ByteArrayInputStream(data), 9_000, 10_000), "shrank");
    assertArrayEquals(data, FileBytes.read(new ByteArrayInputStream(data), -1, 10_000), "length unknown");
    assertThrows(FileBytes.TooLarge.class, () -> FileBytes.read(new ByteArrayInputStream(data), 5_000, 4_999));
  }

  @Test
  void aFifoASocketAndAFolderAreRefusedWithoutOpeningThem() throws Exception {
    Path fifo = AwkwardInput.mkfifo(tmp.resolve("pipe.png"));
    Path socket = AwkwardInput.socket(tmp.resolve("s.png"));
    Path link = Files.createSymbolicLink(tmp.resolve("link.png"), fifo);
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(fifo, 60)) {
      for (Path p : new Path[] {fifo, socket, link}) {
        IOException e = assertThrows(IOException.class, () -> FileBytes.readLocal(p, 1 << 20));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
      }
      assertFalse(watchdog.fired(), "a read blocked on the FIFO");
    }
    IOException e = assertThrows(IOException.class, () -> FileBytes.readLocal(tmp, 1 << 20));
    assertTrue(e.getMessage().contains("a folder"), e.getMessage());
    assertTrue(Files.isDirectory(tmp));
  }

  @Test
  void sizesParseAsBytesOrWithBinarySuffixes() {
    assertEquals(268_435_456L, FileBytes.parseSize("256m"));
    assertEquals(268_435_456L, FileBytes.parseSize("268435456"));
    assertEquals(1L << 30, FileBytes.parseSize("1G"));
    assertEquals(512L << 10, FileBytes.parseSize("512KiB"));
    assertEquals(FileBytes.MAX_ARRAY_BYTES, FileBytes.parseSize(String.valueOf(FileBytes.MAX_ARRAY_BYTES)));
    for (String bad : new String[] {"0", "2g", "3g", "-1", "abc", "", "1.5g", "99999999999999999999",
        String.valueOf(FileBytes.MAX_ARRAY_BYTES + 1)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileBytes.parseSize(bad), bad);
      assertTrue(e.getMessage().contains("--max-file-bytes") && e.getMessage().contains("'" + bad + "'"),
          e.getMessage());
    }
  }
}
