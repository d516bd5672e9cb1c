package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import io.effnetspark.config.Settings;
import io.effnetspark.job.ExitCode;
import io.effnetspark.spark.ExecutorCores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine options: a GPU requested where none can be seen stops the job before Spark work; bad GPU and CPU
 * concurrency values are rejected by name.
 */
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

  @Test
  void badCpuConcurrencyIsRejectedWithItsOptionNameAndAutoIsTheDefault() throws Exception {
    for (String bad : new String[] {"0", "-2", "many"}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = EffnetJob.run(new String[] {"--input", "x", "--output", "y", "--cpu-concurrency", bad},
          new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(ExitCode.BAD_CONFIG, code, message);
      assertTrue(message.contains("--cpu-concurrency must be a number > 0 or auto, got " + bad), message);
    }
    assertEquals(0, JobOptions.parse("--input", "x", "--output", "y").config().get(Settings.CPU_CONCURRENCY),
        "auto");
    assertEquals(2, JobOptions.parse("--input", "x", "--output", "y", "--cpu-concurrency", "2").config()
        .get(Settings.CPU_CONCURRENCY));
  }

  @Test
  void aBadSparkTaskCpusIsAConfigurationErrorNamingTheKey() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ExecutorCores.taskCpus(new org.apache.spark.SparkConf(false).set("spark.task.cpus", "abc")));
    assertTrue(e.getMessage().contains("spark.task.cpus") && e.getMessage().contains("abc"), e.getMessage());
    assertEquals(2, ExecutorCores.taskCpus(new org.apache.spark.SparkConf(false).set("spark.task.cpus", "2")));
    assertEquals(1, ExecutorCores.taskCpus(new org.apache.spark.SparkConf(false)));
  }
}
