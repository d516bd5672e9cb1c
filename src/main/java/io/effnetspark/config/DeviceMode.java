package io.effnetspark.config;

import java.util.Locale;

/** The {@code --device} option: where inference runs. */
public enum DeviceMode {
  /** A GPU when the engine sees one (the task's assigned GPU under Spark), else the CPU. */
  AUTO,
  /** Always the CPU. */
  CPU,
  /** A GPU; fails when none is visible. */
  GPU;

  /** @throws IllegalArgumentException for values other than auto, cpu, gpu */
  public static DeviceMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown device '" + value + "' (expected auto, cpu or gpu)");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
