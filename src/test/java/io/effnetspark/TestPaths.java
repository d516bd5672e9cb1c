package io.effnetspark;

import java.nio.file.Path;

/** Locations of the committed fixtures; surefire runs tests from the project root. */
public final class TestPaths {
  public static final Path ROOT = Path.of("").toAbsolutePath();
  public static final Path MODEL_DIR = ROOT.resolve("models/fashion-effnet");
  public static final Path ONNX_MODEL = MODEL_DIR.resolve("model.onnx");
  public static final Path TORCHSCRIPT_MODEL = MODEL_DIR.resolve("model.pt");
  public static final Path REFERENCE_DIR = MODEL_DIR.resolve("reference");
  public static final Path SAMPLES = ROOT.resolve("samples/fashion-mnist");

  private TestPaths() {}
}
