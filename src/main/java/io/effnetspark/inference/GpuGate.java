package io.effnetspark.inference;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Executor-wide cap on concurrent forward passes per GPU. With a fractional
 * {@code spark.task.resource.gpu.amount} (e.g. 0.25: four tasks share a GPU) every task would otherwise run its
 * batch at once and together exhaust the GPU's memory; the gate lets at most {@code permits} of them in.
 * Decoding and preprocessing stay outside the gate, so tasks still overlap CPU work with the GPU's.
 */
public final class GpuGate {
  private static final ConcurrentHashMap<Integer, GpuGate> GATES = new ConcurrentHashMap<>();

  private final int deviceId;
  private final int permits;
  private final Semaphore semaphore;

  GpuGate(int deviceId, int permits) {
    if (permits <= 0) {
      throw new IllegalArgumentException("GPU concurrency must be > 0, got " + permits);
    }
    this.deviceId = deviceId;
    this.permits = permits;
    this.semaphore = new Semaphore(permits, true);
  }

  /** The JVM's gate for a GPU; the first caller's {@code permits} fixes its size for the JVM's lifetime. */
  public static GpuGate forDevice(int deviceId, int permits) {
    return GATES.computeIfAbsent(deviceId, id -> new GpuGate(id, permits));
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
      throw new IllegalStateException("interrupted while waiting for GPU " + deviceId, e);
    }
    try {
      return work.run();
    } finally {
      semaphore.release();
    }
  }

  public int deviceId() {
    return deviceId;
  }

  public int permits() {
    return permits;
  }

  /** Permits free right now (for tests and logs). */
  public int available() {
    return semaphore.availablePermits();
  }
}
