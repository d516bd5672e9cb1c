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
 */
public record InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels,
    ExifOrientation exifOrientation) implements Serializable {

  /** Settings with the EXIF orientation applied (the default). */
  public InferenceSettings(int batchSize, int topK, DeviceMode device, long maxPixels) {
    this(batchSize, topK, device, maxPixels, ExifOrientation.APPLY);
  }

  public InferenceSettings {
    if (exifOrientation == null) {
      throw new IllegalArgumentException("exif orientation must be apply or ignore, got null");
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

  public static InferenceSettings defaults() {
    return new InferenceSettings(32, 5, DeviceMode.AUTO, ImageDecoder.DEFAULT_MAX_PIXELS);
  }
}
