package io.effnetspark.model;

import java.io.Serializable;

/**
 * The model's input tensor as the card describes it ({@code input.shape}, {@code input.layout}): float32, a batch
 * axis, and {@code channels × height × width} per image in {@code layout} order.
 */
public record InputSpec(TensorLayout layout, int channels, int height, int width) implements Serializable {

  public InputSpec {
    if (layout == null || (channels != 1 && channels != 3) || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("input: need a layout, 1 or 3 channels and a positive size, got " + layout
          + " " + channels + "x" + height + "x" + width);
    }
  }

  /** A square 3-channel NCHW input: what every card described before {@code input.layout} was read. */
  public static InputSpec nchw(int size) {
    return new InputSpec(TensorLayout.NCHW, 3, size, size);
  }

  /** Floats one image occupies. */
  public int floatsPerImage() {
    return channels * height * width;
  }

  /** The tensor shape of a batch of {@code n} images, in the layout's order. */
  public long[] shape(int n) {
    return layout == TensorLayout.NCHW ? new long[] {n, channels, height, width}
        : new long[] {n, height, width, channels};
  }

  /** The larger side, pixels: what the CPU threading rules size the model by. */
  public int size() {
    return Math.max(height, width);
  }

  @Override
  public String toString() {
    return layout == TensorLayout.NCHW ? "[N, " + channels + ", " + height + ", " + width + "] (NCHW)"
        : "[N, " + height + ", " + width + ", " + channels + "] (NHWC)";
  }
}
