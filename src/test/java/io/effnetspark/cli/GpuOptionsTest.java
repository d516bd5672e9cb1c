package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPU options: a GPU requested where none can be seen stops the job before Spark work. */
class GpuOptionsTest {
  @TempDir
  Path tmp;

  @Test
  void deviceGpuInLocalModeWithoutAGpuStopsBeforeSparkWork() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EffnetJob.run(new String[] {"--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("out").toString(), "--device", "gpu"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.BAD_CONFIG, code, message);
    assertTrue(message.contains("--device gpu") && message.contains("sees no GPU"), message);
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void badGpuValuesAreRejectedWithTheirOptionNames() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EffnetJob.run(new String[] {"--input", "x", "--output", "y", "--gpu-concurrency", "0",
        "--gpu-batch-size", "-1"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.BAD_CONFIG, code);
    assertTrue(message.contains("--gpu-concurrency") && message.contains("--gpu-batch-size"), message);
  }
}
