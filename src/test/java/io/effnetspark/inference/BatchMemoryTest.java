package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.Settings;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Batch sizes that cannot fit are refused with the largest one that does. */
class BatchMemoryTest {
  private static final int SMALL = 3 * 32 * 32;
  private static final int B0 = 3 * 224 * 224;
  private static final Pattern SUGGESTED = Pattern.compile("use (--[a-z-]+) (\\d+) or less");

  private static InferenceSettings batch(int batchSize, int gpuBatchSize) {
    return InferenceSettings.defaults().with(Settings.BATCH_SIZE, batchSize)
        .with(Settings.GPU_BATCH_SIZE, gpuBatchSize);
  }

  private static int suggested(String message, String option) {
    Matcher m = SUGGESTED.matcher(message);
    assertTrue(m.find(), message);
    assertEquals(option, m.group(1), message);
    return Integer.parseInt(m.group(2));
  }

  @Test
  void aMillionImagesOverflowOneBufferAndTheSuggestedSizeIsTheLargestThatFits() {
    BatchMemory.Budget plenty = new BatchMemory.Budget(Long.MAX_VALUE / 4, "test", 1);
    List<String> problems = BatchMemory.check(batch(1_000_000, 0), SMALL, plenty);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("--batch-size 1000000") && problems.get(0).contains("3x32x32"),
        problems.get(0));
    int max = suggested(problems.get(0), "--batch-size");
    assertTrue(BatchMemory.check(batch(max, 0), SMALL, plenty).isEmpty());
    assertEquals(1, BatchMemory.check(batch(max + 1, 0), SMALL, plenty).size());
    assertEquals(max * SMALL, BatchMemory.batchFloats("--batch-size", max, SMALL));
    assertThrows(IllegalArgumentException.class, () -> BatchMemory.batchFloats("--batch-size", max + 1, SMALL));
  }

  @Test
  void batchesOfAllTasksOfAnExecutorMustFitInHalfItsMemory() {
    BatchMemory.Budget oneGig = new BatchMemory.Budget(1L << 30, "spark.executor.memory", 1);
    assertTrue(BatchMemory.check(batch(32, 0), B0, oneGig).isEmpty(), "the default batch fits a 1g executor");
    List<String> problems = BatchMemory.check(batch(1_000, 0), B0, oneGig);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("spark.executor.memory"), problems.get(0));
    int max = suggested(problems.get(0), "--batch-size");
    assertTrue(BatchMemory.check(batch(max, 0), B0, oneGig).isEmpty());
    assertEquals(1, BatchMemory.check(batch(max + 1, 0), B0, oneGig).size());
    assertTrue(max * (long) B0 * Float.BYTES * BatchMemory.COPIES_PER_TASK <= (1L << 29));

    BatchMemory.Budget eightTasks = new BatchMemory.Budget(1L << 30, "spark.executor.memory", 8);
    assertEquals(1, BatchMemory.check(batch(max, 0), B0, eightTasks).size(), "eight tasks share the memory");
    BatchMemory.Budget tiny = new BatchMemory.Budget(1L << 20, "spark.executor.memory", 1);
    String none = BatchMemory.check(batch(1, 0), B0, tiny).get(0);
    assertTrue(none.contains("give executors more memory") && !none.contains("or less"), none);
  }

  @Test
  void theGpuBatchSizeIsCheckedToo() {
    BatchMemory.Budget oneGig = new BatchMemory.Budget(1L << 30, "spark.executor.memory", 1);
    List<String> problems = BatchMemory.check(batch(32, 100_000), B0, oneGig);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("--gpu-batch-size 100000"), problems.get(0));
    suggested(problems.get(0), "--gpu-batch-size");
  }
}
