package io.effnetspark.inference;

import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Settings;

/** Inference settings for tests: the defaults with a batch size and top-k, on the CPU. */
public final class TestSettings {
  private TestSettings() {}

  public static InferenceSettings cpu(int batchSize, int topK) {
    return InferenceSettings.defaults().with(Settings.BATCH_SIZE, batchSize).with(Settings.TOP_K, topK)
        .with(Settings.DEVICE, DeviceMode.CPU);
  }
}
