package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Settings;
import io.effnetspark.job.ExitCode;
import io.effnetspark.spark.ExecutorCores;
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
    JobHarness.Run run = JobHarness.run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("out").toString(), "--device", "gpu");
    String message = run.err();
    assertEquals(ExitCode.BAD_CONFIG, run.code(), message);
    assertTrue(message.contains("--device gpu") && message.contains("sees no GPU"), message);
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void badGpuValuesAreRejectedWithTheirOptionNames() {
    JobHarness.Run run = JobHarness.run("--input", "x", "--output", "y", "--gpu-concurrency", "0",
        "--gpu-batch-size", "-1");
    String message = run.err();
    assertEquals(ExitCode.BAD_CONFIG, run.code());
    assertTrue(message.contains("--gpu-concurrency") && message.contains("--gpu-batch-size"), message);
  }

  @Test
  void badCpuConcurrencyIsRejectedWithItsOptionNameAndAutoIsTheDefault() throws Exception {
    for (String bad : new String[] {"0", "-2", "many"}) {
      JobHarness.Run run = JobHarness.run("--input", "x", "--output", "y", "--cpu-concurrency", bad);
      String message = run.err();
      assertEquals(ExitCode.BAD_CONFIG, run.code(), message);
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
