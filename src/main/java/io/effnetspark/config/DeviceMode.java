package io.effnetspark.config;

/** The {@code --device} option: where inference runs. */
public enum DeviceMode implements OptionValue {
  /** A GPU when the engine sees one (the task's assigned GPU under Spark), else the CPU. */
  AUTO,
  /** Always the CPU. */
  CPU,
  /** A GPU; fails when none is visible. */
  GPU;

  @Override
  public String toString() {
    return optionName();
  }
}
