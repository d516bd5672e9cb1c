package io.effnetspark.config;

import java.util.Locale;

/** Inference engines the job can run, with DJL's engine name and the model file format each reads. */
public enum Engine implements OptionValue {
  /** ONNX Runtime (DJL engine "OnnxRuntime"), {@code .onnx} files. The default. */
  ONNXRUNTIME("onnxruntime", "OnnxRuntime"),
  /** PyTorch/libtorch (DJL engine "PyTorch"), TorchScript {@code .pt}/{@code .pth} files. */
  PYTORCH("pytorch", "PyTorch");

  private final String optionName;
  private final String djlName;

  Engine(String optionName, String djlName) {
    this.optionName = optionName;
    this.djlName = djlName;
  }

  @Override
  public String optionName() {
    return optionName;
  }

  /** The name DJL's {@code Criteria.optEngine} expects. */
  public String djlName() {
    return djlName;
  }

  /** Either name, the option's or DJL's (case-insensitive). */
  @Override
  public boolean matches(String text) {
    return optionName.equalsIgnoreCase(text) || djlName.equalsIgnoreCase(text);
  }

  /**
   * The engine a model file implies by its extension.
   *
   * @throws IllegalArgumentException when the extension names no supported format
   */
  public static Engine fromFileName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".onnx")) {
      return ONNXRUNTIME;
    }
    if (lower.endsWith(".pt") || lower.endsWith(".pth") || lower.endsWith(".torchscript")) {
      return PYTORCH;
    }
    throw new IllegalArgumentException("cannot tell the engine from model file name '" + fileName
        + "': use .onnx (ONNX Runtime) or .pt (TorchScript), or pass --engine");
  }

  @Override
  public String toString() {
    return optionName;
  }
}
