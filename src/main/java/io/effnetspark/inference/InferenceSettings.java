package io.effnetspark.inference;

import io.effnetspark.image.ExifOrientation;
import io.effnetspark.image.ImageDecoder;
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
 * @param gpuConcurrency most forward passes running at once per GPU in one executor ({@link GpuGate})
 */
public record InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels,
    ExifOrientation exifOrientation, int gpuBatchSize, int gpuConcurrency) implements Serializable {
  /** Default GPU concurrency: two tasks' batches in flight per GPU, the rest wait in decode/preprocess. */
  public static final int DEFAULT_GPU_CONCURRENCY = 2;

  /** Settings with the EXIF orientation applied (the default) and default GPU settings. */
  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels) {
    this(batchSize, topK, device, maxPixels, ExifOrientation.APPLY);
  }

  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels,
      ExifOrientation exifOrientation) {
    this(batchSize, topK, device, maxPixels, exifOrientation, 0, DEFAULT_GPU_CONCURRENCY);
  }

  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels, int gpuBatchSize,
      int gpuConcurrency) {
    this(batchSize, topK, device, maxPixels, ExifOrientation.APPLY, gpuBatchSize, gpuConcurrency);
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
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    if (topK <= 0) {
      throw new IllegalArgumentException("top-k must be > 0, got " + topK);
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("max pixels must be > 0, got " + maxPixels);
    }
  }

  /** The batch size for a task on {@code onGpu}. */
  public int batchSizeFor(boolean onGpu) {
    return onGpu && gpuBatchSize > 0 ? gpuBatchSize : batchSize;
  }

  public static InferenceSettings defaults() {
    return new InferenceSettings(32, 5, DeviceMode.AUTO, ImageDecoder.DEFAULT_MAX_PIXELS);
  }
}
