package io.effnetspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.Setting;
import io.effnetspark.config.Settings;
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

/** Reading one file into memory: bounded (--max-file-bytes for images), and only regular files are opened. */
class HadoopFilesTest {
  private static final String LIMIT = "--max-file-bytes";
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
    assertThrows(HadoopFiles.TooLarge.class, () -> HadoopFiles.readLocal(big, Settings.MAX_FILE_BYTES.defaultValue(), LIMIT));
    long before = threads.getThreadAllocatedBytes(thread);
    HadoopFiles.TooLarge e = assertThrows(HadoopFiles.TooLarge.class,
        () -> HadoopFiles.readLocal(big, Settings.MAX_FILE_BYTES.defaultValue(), LIMIT));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "%,d bytes", size)), e.getMessage());
    assertTrue(e.getMessage().contains("--max-file-bytes"), e.getMessage());
    assertTrue(allocated < (1 << 20), "allocated " + allocated + " bytes to refuse a 3 GiB file");
  }

  @Test
  void theLimitIsInclusive() throws Exception {
    byte[] data = random(10_000);
    Path f = Files.write(tmp.resolve("f.png"), data);
    assertArrayEquals(data, HadoopFiles.readLocal(f, 10_000, LIMIT));
    assertArrayEquals(data, HadoopFiles.readLocal(f, HadoopFiles.MAX_ARRAY_BYTES, LIMIT));
    assertThrows(HadoopFiles.TooLarge.class, () -> HadoopFiles.readLocal(f, 9_999, LIMIT));
    assertArrayEquals(new byte[0], HadoopFiles.readLocal(Files.write(tmp.resolve("empty.png"), new byte[0]), 1, LIMIT));
  }

  @Test
  void aStreamLongerThanItsListedLengthStopsAtTheLimit() throws Exception {
    byte[] data = random(5_000);
    HadoopFiles.TooLarge e = assertThrows(HadoopFiles.TooLarge.class,
        () -> HadoopFiles.read(new ByteArrayInputStream(data), 100, 1_000, LIMIT));
    assertTrue(e.getMessage().contains("grew"), e.getMessage());
    assertArrayEquals(data, HadoopFiles.read(new ByteArrayInputStream(data), 100, 5_000, LIMIT), "grew within the limit");
    assertArrayEquals(data, HadoopFiles.read(new ByteArrayInputStream(data), 9_000, 10_000, LIMIT), "shrank");
    assertArrayEquals(data, HadoopFiles.read(new ByteArrayInputStream(data), -1, 10_000, LIMIT), "length unknown");
    assertThrows(HadoopFiles.TooLarge.class, () -> HadoopFiles.read(new ByteArrayInputStream(data), 5_000, 4_999, LIMIT));
  }

  @Test
  void aFifoASocketAndAFolderAreRefusedWithoutOpeningThem() throws Exception {
    Path fifo = AwkwardInput.mkfifo(tmp.resolve("pipe.png"));
    Path socket = AwkwardInput.socket(tmp.resolve("s.png"));
    Path link = Files.createSymbolicLink(tmp.resolve("link.png"), fifo);
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(fifo, 60)) {
      for (Path p : new Path[] {fifo, socket, link}) {
        IOException e = assertThrows(IOException.class, () -> HadoopFiles.readLocal(p, 1 << 20, LIMIT));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
      }
      assertFalse(watchdog.fired(), "a read blocked on the FIFO");
    }
    IOException e = assertThrows(IOException.class, () -> HadoopFiles.readLocal(tmp, 1 << 20, LIMIT));
    assertTrue(e.getMessage().contains("a folder"), e.getMessage());
    assertTrue(Files.isDirectory(tmp));
  }

  @Test
  void maxFileBytesParsesAsBytesOrWithBinarySuffixesUpToOneJavaArray() {
    Setting<Long> max = Settings.MAX_FILE_BYTES;
    assertEquals(268_435_456L, max.defaultValue());
    assertEquals(268_435_456L, max.parse("256m"));
    assertEquals(268_435_456L, max.parse("268435456"));
    assertEquals(1L << 30, max.parse("1G"));
    assertEquals(512L << 10, max.parse("512KiB"));
    assertEquals(HadoopFiles.MAX_ARRAY_BYTES, max.parse(String.valueOf(HadoopFiles.MAX_ARRAY_BYTES)));
    for (String bad : new String[] {"-1", "abc", "", "1.5g", "99999999999999999999", "9999999999999g"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> max.parse(bad), bad);
      assertTrue(e.getMessage().contains("--max-file-bytes") && e.getMessage().contains("'" + bad + "'"),
          e.getMessage());
    }
    for (String tooMuch : new String[] {"0", "2g", "3g", String.valueOf(HadoopFiles.MAX_ARRAY_BYTES + 1)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> max.parse(tooMuch), tooMuch);
      assertTrue(e.getMessage().startsWith("--max-file-bytes must be within [1, " + HadoopFiles.MAX_ARRAY_BYTES),
          e.getMessage());
    }
    assertEquals(HadoopFiles.MAX_ARRAY_BYTES, Settings.MAX_ARRAY_BYTES);
  }
}
