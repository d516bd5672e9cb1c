package io.effnetspark.inference;

import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Engine;
import io.effnetspark.config.ExifOrientation;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Setting;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import io.effnetspark.model.ModelArtifact;
import java.io.Serializable;

/**
 * What the executors need of a job's settings, shipped with each task: the job's {@link JobConfig} and the cores
 * of each executor, with the rules that follow from them (batch size on a GPU, CPU gating, intra-op threads).
 *
 * @param config the job's settings ({@link Settings}); executors read the inference ones
 * @param executorCores cores of each executor as Spark's configuration states them ({@code local[N]}: N,
 *     {@code spark.executor.cores}); 0 = not stated: every task then runs its own forward passes with its
 *     {@code spark.task.cpus} threads, ungated
 * @param names how executors' messages name settings: {@code --device} (the job's command line) or {@code device}
 *     (the Transformer's Param)
 */
public record InferenceSettings(JobConfig config, int executorCores, SettingNames names) implements Serializable {
  /**
   * Models whose input is at least this many pixels wide get one forward pass at a time under auto. Measured
   * (docs/benchmarks.md): EfficientNet-B0 at 224 px, batch 32, holds about 0.5 GB of activations per concurrent pass
   * and scales well over intra-op threads; the shipped 32 px model holds a few MB and runs 1.6 times faster as one
   * single-threaded pass per task than as one two-threaded pass.
   */
  public static final int AUTO_GATE_MIN_INPUT_SIZE = 128;

  public InferenceSettings {
    if (executorCores < 0) {
      throw new IllegalArgumentException("executor cores must be >= 0 (0 = not stated), got " + executorCores);
    }
    if (names == null) {
      throw new IllegalArgumentException("names must not be null");
    }
  }

  /** Settings whose messages name the command line's options. */
  public InferenceSettings(JobConfig config, int executorCores) {
    this(config, executorCores, SettingNames.OPTIONS);
  }

  /** The defaults, executor cores not stated. */
  public static InferenceSettings defaults() {
    return new InferenceSettings(JobConfig.defaults(), 0);
  }

  /** These settings with {@code setting} set to {@code value}. */
  public <T> InferenceSettings with(Setting<T> setting, T value) {
    return new InferenceSettings(config.with(setting, value), executorCores, names);
  }

  /** These settings for executors with {@code cores} cores (0 = not stated). */
  public InferenceSettings withExecutorCores(int cores) {
    return new InferenceSettings(config, cores, names);
  }

  /** These settings, messages naming settings as {@code value} does. */
  public InferenceSettings withNames(SettingNames value) {
    return new InferenceSettings(config, executorCores, value);
  }

  public int batchSize() {
    return config.get(Settings.BATCH_SIZE);
  }

  public int topK() {
    return config.get(Settings.TOP_K);
  }

  public DeviceMode device() {
    return config.get(Settings.DEVICE);
  }

  public long maxPixels() {
    return config.get(Settings.MAX_PIXELS);
  }

  /** The largest file read into memory ({@code --max-file-bytes}); a larger one becomes a TOO_LARGE row, unread. */
  public long maxFileBytes() {
    return config.get(Settings.MAX_FILE_BYTES);
  }

  /** {@code --gpu-batch-size}: 0 = {@code --batch-size}. */
  public int gpuBatchSize() {
    return config.get(Settings.GPU_BATCH_SIZE);
  }

  /** The EXIF rule in effect: {@link JobConfig#exifOrientation()}. */
  public ExifOrientation exifOrientation() {
    return config.exifOrientation();
  }

  public int gpuConcurrency() {
    return config.get(Settings.GPU_CONCURRENCY);
  }

  /** The batch size for a task on {@code onGpu}: {@code --gpu-batch-size} there when set. */
  public int batchSizeFor(boolean onGpu) {
    int gpu = config.get(Settings.GPU_BATCH_SIZE);
    return onGpu && gpu > 0 ? gpu : batchSize();
  }

  /**
   * The CPU concurrency for a model with {@code inputSize}×{@code inputSize} inputs: the stated one, or under auto 1
   * for inputs of at least {@link #AUTO_GATE_MIN_INPUT_SIZE} pixels (one batch's activations in memory at a time,
   * all cores on it) and the executor's cores below that (every task its own single-threaded pass).
   */
  public int cpuConcurrencyFor(int inputSize) {
    int stated = config.get(Settings.CPU_CONCURRENCY);
    if (stated > 0) {
      return stated;
    }
    return inputSize >= AUTO_GATE_MIN_INPUT_SIZE ? 1 : Math.max(1, executorCores);
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
}
