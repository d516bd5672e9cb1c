package io.effnetspark.cli;

import io.effnetspark.job.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.image.ImageFixtures;
import io.effnetspark.spark.AwkwardInput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the driver refuses before any Spark work about the input's kinds and sizes: a batch that cannot fit
 * (exit 2), a bad --max-file-bytes (exit 2), an input that is a FIFO or holds only FIFOs and broken links (exit 3,
 * without blocking), a dangling link as input (exit 3). No SparkSession starts and no output is created.
 */
class InputSafetyOptionsTest extends BadInputTestBase {
  private Path oneImage() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.write(in.resolve("x.png"), ImageFixtures.png(ImageFixtures.quadrants()));
    return in;
  }

  @Test
  void aMillionImageBatchIsAnOptionErrorNamingTheOptionAndTheLargestThatFits() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(ExitCode.BAD_CONFIG, run("--input", oneImage().toString(), "--output", out.toString(),
        "--batch-size", "1000000"));
    assertTrue(err().contains("--batch-size 1000000") && err().matches("(?s).*use --batch-size \\d+ or less.*"),
        err());
    assertFalse(Files.exists(out), "no output folder after a failed start");
  }

  @Test
  void aBatchOverHalfTheDriversHeapInLocalModeIsAnOptionError() throws Exception {
    // 3x32x32 floats x 4 bytes x 4 copies = 48 KiB per image and task: 100,000 images take 4.7 GiB a task.
    Path out = tmp.resolve("out");
    assertEquals(ExitCode.BAD_CONFIG, run("--input", oneImage().toString(), "--output", out.toString(),
        "--batch-size", "100000"));
    assertTrue(err().contains("--batch-size 100000") && err().contains("driver's heap"), err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aGpuBatchThatCannotFitIsAnOptionErrorToo() throws Exception {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", oneImage().toString(), "--output",
        tmp.resolve("out").toString(), "--gpu-batch-size", "1000000"));
    assertTrue(err().contains("--gpu-batch-size 1000000"), err());
  }

  @Test
  void aBadMaxFileBytesIsAnOptionError() throws Exception {
    Path in = oneImage();
    for (String bad : new String[] {"0", "3g", "lots"}) {
      assertEquals(ExitCode.BAD_CONFIG, run("--input", in.toString(), "--output", tmp.resolve("out").toString(),
          "--max-file-bytes", bad), bad);
    }
    assertTrue(err().contains("--max-file-bytes must be within [1, 2147483639], got 0"), err());
    assertTrue(err().contains("--max-file-bytes must be within [1, 2147483639], got 3221225472"), err());
    assertTrue(err().contains("--max-file-bytes must be a size in bytes, or with k, m or g (e.g. 256m), got 'lots'"),
        err());
  }

  @Test
  void anInputThatIsAFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = AwkwardInput.mkfifo(tmp.resolve("pipe.png"));
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(fifo, 60)) {
      assertEquals(ExitCode.INPUT_MISSING, run("--input", fifo.toString(), "--output", tmp.resolve("o").toString()));
      assertFalse(watchdog.fired(), "the check opened the FIFO");
    }
    assertTrue(err().contains("not_regular_file=1"), err());
  }

  @Test
  void aFolderOfOnlyFifosAndBrokenLinksHoldsNoImages() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("odd"));
    AwkwardInput.mkfifo(in.resolve("a.png"));
    Files.createSymbolicLink(in.resolve("b.png"), Path.of("missing.png"));
    assertEquals(ExitCode.INPUT_MISSING, run("--input", in.toString(), "--output", tmp.resolve("o").toString(),
        "--include-all-files"));
    assertTrue(err().contains("broken_link=1") && err().contains("not_regular_file=1"), err());
  }

  @Test
  void aDanglingLinkAsInputIsNotFound() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("photos"), tmp.resolve("gone"));
    assertEquals(ExitCode.INPUT_MISSING, run("--input", link.toString(), "--output", tmp.resolve("o").toString()));
    assertTrue(err().contains("input not found: " + link), err());
  }
}
