package io.effnetspark.model;

/** The order of a model input's axes ({@code input.layout}). */
public enum TensorLayout {
  /** {@code [N, C, H, W]}: channel planes (PyTorch, torchvision, ONNX exports of them). */
  NCHW,
  /** {@code [N, H, W, C]}: channels interleaved per pixel (Keras, TensorFlow). */
  NHWC
}
