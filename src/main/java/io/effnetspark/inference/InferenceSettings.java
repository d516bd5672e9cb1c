package io.effnetspark.inference;

import io.effnetspark.image.ExifOrientation;
import io.effnetspark.image.ImageDecoder;
import io.effnetspark.model.Engine;
import io.effnetspark.model.ModelArtifact;
import java.io.Serializable;

/**
 * Executor-side settings of one job, shipped with each task.
 *
 * @param batchSize images per forward pass (N of the NCHW batch), &gt; 0
 * @param topK entries in each row's top-k list, &gt; 0
 * @param device where to run
 * @param maxPixels decompression-bomb guard: the most pixels (width × height) an image may declare
 * @param exifOrientation whether decoding applies the EXIF orientation tag
 * @param gpuBatchSize batch size when the task runs on a GPU; 0 = {@code batchSize}
 * @param gpuConcurrency most forward passes running at once per GPU in one executor ({@link EngineGate})
 * @param cpuConcurrency most ONNX Runtime forward passes running at once on the CPU in one executor, each with
 *     {@code executorCores / cpuConcurrency} intra-op threads ({@link EngineGate}); 0 = auto, see
 *     {@link #cpuConcurrencyFor}
 * @param executorCores cores of each executor as Spark's configuration states them ({@code local[N]}: N,
 *     {@code spark.executor.cores}); 0 = not stated: every task then runs its own forward passes with its
 *     {@code spark.task.cpus} threads, ungated
 * @param maxFileBytes the largest file read into memory ({@code --max-file-bytes}); a larger one becomes a TOO_LARGE
 *     row without being read ({@link FileBytes})
 */
public record InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels,
    ExifOrientation exifOrientation, int gpuBatchSize, int gpuConcurrency, int cpuConcurrency, int executorCores,
    long maxFileBytes) implements Serializable {
  /** Default GPU concurrency: two tasks' batches in flight per GPU, the rest wait in decode/preprocess. */
  public static final int DEFAULT_GPU_CONCURRENCY = 2;
  /** CPU concurrency "auto" (the default): decided per model by {@link #cpuConcurrencyFor}. */
  public static final int AUTO_CPU_CONCURRENCY = 0;
  public static final int DEFAULT_CPU_CONCURRENCY = AUTO_CPU_CONCURRENCY;
  /**
   * Models whose input is at least this many pixels wide get one forward pass at a time under auto. Measured
   * (docs/benchmarks.md): EfficientNet-B0 at 224 px, batch 32, holds about 0.5 GB of activations per concurrent pass
   * and scales well over intra-op threads; the shipped 32 px model holds a few MB and runs 1.6 times faster as one
   * single-threaded pass per task than as one two-threaded pass.
   */
  public static final int AUTO_GATE_MIN_INPUT_SIZE = 128;

  /** Settings with the EXIF orientation applied (the default) and default GPU settings. */
  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels) {
    this(batchSize, topK, device, maxPixels, ExifOrientation.APPLY);
  }

  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels,
      ExifOrientation exifOrientation) {
    this(batchSize, topK, device, maxPixels, exifOrientation, 0, DEFAULT_GPU_CONCURRENCY, DEFAULT_CPU_CONCURRENCY,
        0);
  }

  /** Settings with the default {@code --max-file-bytes}. */
  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels,
      ExifOrientation exifOrientation, int gpuBatchSize, int gpuConcurrency, int cpuConcurrency, int executorCores) {
    this(batchSize, topK, device, maxPixels, exifOrientation, gpuBatchSize, gpuConcurrency, cpuConcurrency,
        executorCores, FileBytes.DEFAULT_MAX_FILE_BYTES);
  }

  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels, int gpuBatchSize,
      int gpuConcurrency) {
    this(batchSize, topK, device, maxPixels, ExifOrientation.APPLY, gpuBatchSize, gpuConcurrency,
        DEFAULT_CPU_CONCURRENCY, 0);
  }

  public InferenceSettings {
    if (exifOrientation == null) {
      throw new IllegalArgumentException("exif orientation must be apply or ignore, got null");
    }
    if (gpuBatchSize < 0) {
      throw new IllegalArgumentException("GPU batch size must be >= 0 (0 = batch size), got " + gpuBatchSize);
    }
    if (gpuConcurrency <= 0) {
      throw new IllegalArgumentException("GPU concurrency must be > 0, got " + gpuConcurrency);
    }
    if (cpuConcurrency < 0) {
      throw new IllegalArgumentException("CPU concurrency must be > 0 (or 0 = auto), got " + cpuConcurrency);
    }
    if (executorCores < 0) {
      throw new IllegalArgumentException("executor cores must be >= 0 (0 = not stated), got " + executorCores);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    if (topK <= 0) {
      throw new IllegalArgumentException("top-k must be > 0, got " + topK);
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("max pixels must be > 0, got " + maxPixels);
    }
    if (maxFileBytes <= 0 || maxFileBytes > FileBytes.MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("max file bytes must be within [1, " + FileBytes.MAX_ARRAY_BYTES + "], got "
          + maxFileBytes);
    }
  }

  /** The batch size for a task on {@code onGpu}. */
  public int batchSizeFor(boolean onGpu) {
    return onGpu && gpuBatchSize > 0 ? gpuBatchSize : batchSize;
  }

  /** These settings for executors with {@code cores} cores (0 = not stated). */
  public InferenceSettings withExecutorCores(int cores) {
    return new InferenceSettings(batchSize, topK, device, maxPixels, exifOrientation, gpuBatchSize, gpuConcurrency,
        cpuConcurrency, cores, maxFileBytes);
  }

  /**
   * The CPU concurrency for a model with {@code inputSize}×{@code inputSize} inputs: the stated one, or under auto 1
   * for inputs of at least {@link #AUTO_GATE_MIN_INPUT_SIZE} pixels (one batch's activations in memory at a time,
   * all cores on it) and the executor's cores below that (every task its own single-threaded pass).
   */
  public int cpuConcurrencyFor(int inputSize) {
    if (cpuConcurrency > 0) {
      return cpuConcurrency;
    }
    return inputSize >= AUTO_GATE_MIN_INPUT_SIZE ? 1 : Math.max(1, executorCores);
  }

  /**
   * {@code --cpu-concurrency}'s value: {@code auto} (any case) or a whole number &gt; 0.
   *
   * @throws IllegalArgumentException naming the option and the value otherwise
   */
  public static int parseCpuConcurrency(String value) {
    String v = value == null ? "" : value.trim();
    if ("auto".equalsIgnoreCase(v)) {
      return AUTO_CPU_CONCURRENCY;
    }
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--cpu-concurrency must be a number > 0 or auto, got " + value);
  }

  /**
   * Whether {@code model}'s forward passes on the CPU go through the executor's {@link EngineGate}: ONNX Runtime
   * only (PyTorch's CPU threads are process-wide, one per task by conf/spark-defaults.conf: gating would idle
   * cores), and {@link #cpuGated(int)} for its input size.
   */
  public boolean cpuGated(ModelArtifact model) {
    return model.engine() == Engine.ONNXRUNTIME && cpuGated(model.card().inputSize());
  }

  /**
   * Whether ONNX Runtime forward passes on the CPU go through the executor's {@link EngineGate}: the executor's
   * cores are known and fewer passes than cores may run at once.
   */
  public boolean cpuGated(int inputSize) {
    return executorCores > 0 && cpuConcurrencyFor(inputSize) < executorCores;
  }

  /**
   * ONNX Runtime intra-op threads for a task with {@code taskCpus} cores: {@code executorCores / concurrency} when
   * gated (never fewer than the task's own cores), else the task's own cores.
   */
  public int intraOpThreads(int taskCpus, int inputSize) {
    int task = Math.max(1, taskCpus);
    return cpuGated(inputSize) ? Math.max(task, executorCores / cpuConcurrencyFor(inputSize)) : task;
  }

  public static InferenceSettings defaults() {
    return new InferenceSettings(32, 5, DeviceMode.AUTO, ImageDecoder.DEFAULT_MAX_PIXELS);
  }
}
