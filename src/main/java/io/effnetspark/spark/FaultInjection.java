package io.effnetspark.spark;

import org.apache.spark.TaskContext;

/**
 * TEST HOOK, off unless set: makes the first attempt of one chosen partition fail after it has emitted one row,
 * so tests can show that a retried task leaves every file exactly once in the committed output.
 *
 * <p>Set on the executors, either as the system property {@value #PROPERTY} (e.g. through
 * {@code spark.executor.extraJavaOptions}) or as the environment variable {@value #ENV} (e.g.
 * {@code spark.executorEnv.EFFNET_TESTHOOK_FAIL_FIRST_ATTEMPT_OF_PARTITION=3}); the value is the partition id.
 * Only attempt 0 of the first stage attempt fails, so Spark's task retry succeeds.
 */
final class FaultInjection {
  static final String PROPERTY = "effnet.testhook.failFirstAttemptOfPartition";
  static final String ENV = "EFFNET_TESTHOOK_FAIL_FIRST_ATTEMPT_OF_PARTITION";

  static final String DELAY_PROPERTY = "effnet.testhook.partitionDelayMs";
  static final String DELAY_ENV = "EFFNET_TESTHOOK_PARTITION_DELAY_MS";

  private FaultInjection() {}

  /**
   * TEST HOOK, 0 unless set ({@value #DELAY_PROPERTY} or {@value #DELAY_ENV}): milliseconds each task sleeps after
   * its partition's first row, so that a test can kill an executor while its tasks are mid-partition.
   */
  static long partitionDelayMs() {
    String value = System.getProperty(DELAY_PROPERTY, System.getenv(DELAY_ENV));
    return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
  }

  static void delay(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // a killed task: Spark interrupts it, it ends on its next step
    }
  }

  /** True when the hook is set and {@code task} is the first attempt of the chosen partition. */
  static boolean failsThisAttempt(TaskContext task) {
    if (task == null || task.attemptNumber() != 0 || task.stageAttemptNumber() != 0) {
      return false;
    }
    String value = System.getProperty(PROPERTY, System.getenv(ENV));
    if (value == null || value.isBlank()) {
      return false;
    }
    return Integer.parseInt(value.strip()) == task.partitionId();
  }

  static RuntimeException failure(TaskContext task) {
    return new IllegalStateException("test hook " + PROPERTY + ": failing attempt " + task.attemptNumber()
        + " of partition " + task.partitionId() + " after its first row");
  }
}
