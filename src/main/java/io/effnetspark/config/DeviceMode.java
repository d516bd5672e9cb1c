package io.effnetspark.config;

import java.util.Locale;

/** The {@code --device} option: where inference runs. */
public enum DeviceMode implements OptionValue {
  /** A GPU when the engine sees one (the task's assigned GPU under Spark), else the CPU. */
  AUTO,
  /** Always the CPU. */
  CPU,
  /** A GPU; fails when none is visible. */
  GPU;

  @Override
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return optionName();
  }
}
