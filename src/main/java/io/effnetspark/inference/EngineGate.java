package io.effnetspark.inference;

import ai.djl.Device;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor-wide cap on concurrent forward passes per {@link Device}; decoding and preprocessing stay outside it,
 * so the tasks waiting for a permit are preparing their next batch.
 *
 * <p>On a GPU ({@code --gpu-concurrency}): with a fractional {@code spark.task.resource.gpu.amount} (e.g. 0.25: four
 * tasks share a GPU) every task would otherwise run its batch at once and together exhaust the GPU's memory.
 *
 * <p>On the CPU with ONNX Runtime ({@code --cpu-concurrency}): one forward pass at a time using all the executor's
 * cores (intra-op threads) instead of one single-threaded pass per task, so that ONNX Runtime's memory arena holds
 * one batch of activations instead of one per task. EfficientNet-B0, batch 32, two cores: peak RSS 1.42 GB instead
 * of 2.09 GB, for about a tenth less throughput (docs/benchmarks.md).
 */
public final class EngineGate {
  private static final Logger LOG = LoggerFactory.getLogger(EngineGate.class);
  private static final ConcurrentHashMap<String, EngineGate> GATES = new ConcurrentHashMap<>();

  private final String device;
  private final int permits;
  private final Semaphore semaphore;

  EngineGate(String device, int permits) {
    if (permits <= 0) {
      throw new IllegalArgumentException("engine concurrency must be > 0, got " + permits);
    }
    this.device = device;
    this.permits = permits;
    this.semaphore = new Semaphore(permits, true);
  }

  /** The JVM's gate for a device; the first caller's {@code permits} fixes its size for the JVM's lifetime. */
  public static EngineGate forDevice(Device device, int permits) {
    return GATES.computeIfAbsent(device.toString(), d -> {
      LOG.info("Forward passes on {}: at most {} at once in this JVM", d, permits);
      return new EngineGate(d, permits);
    });
  }

  /** Forgets every gate of this JVM (tests: each starts from none, whatever ran before it in the JVM). */
  static void clear() {
    GATES.clear();
  }

  /** A forward pass under the gate. */
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Runs {@code work} once a permit is free.
   *
   * @throws E whatever {@code work} throws
   * @throws IllegalStateException when interrupted while waiting (the task was killed)
   */
  public <T, E extends Exception> T run(Work<T, E> work) throws E {
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine on " + device, e);
    }
    try {
      return work.run();
    } finally {
      semaphore.release();
    }
  }

  /** The device this gate guards, as DJL prints it ({@code gpu(0)}, {@code cpu()}). */
  public String device() {
    return device;
  }

  public int permits() {
    return permits;
  }

  /** Permits free right now (for tests and logs). */
  public int available() {
    return semaphore.availablePermits();
  }
}
