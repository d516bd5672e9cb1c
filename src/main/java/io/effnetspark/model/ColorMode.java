package io.effnetspark.model;

/** The channels a model takes ({@code preprocessing.color}). */
public enum ColorMode {
  /** Three channels, red first. */
  RGB,
  /** Three channels, blue first (OpenCV-trained and Caffe-style models). */
  BGR,
  /** One channel: luma as PIL's {@code convert("L")} computes it ({@code io.effnetspark.image.PilConvert}). */
  GRAY;

  /** Number of channels the model takes. */
  public int channels() {
    return this == GRAY ? 1 : 3;
  }
}
