package io.effnetspark.tools;

import java.util.Arrays;

/**
 * What forward passes on random input showed of a model's first output: its shape, and whether every row (the
 * last axis) already holds probabilities that sum to 1, as a softmax head gives them (Keras' usual
 * {@code Dense(n, activation="softmax")}). Logits summing to 1 on every row of inputs that differ this much do not
 * happen by chance; values within [0, 1] that do not sum to 1 point to a sigmoid head.
 *
 * @param shape the output shape of the last pass, batch axis included
 * @param rowsSumToOne every row of every pass has values in [0, 1] summing to 1 within {@link #SUM_TOLERANCE}
 * @param withinZeroOne every value of every pass lies in [0, 1]
 */
public record OutputProbe(long[] shape, boolean rowsSumToOne, boolean withinZeroOne) {
  /** The passes' inputs: uniform random values in [0, max) for each max (normalised, then raw pixel ranges). */
  static final float[] INPUT_RANGES = {1f, 255f};
  static final double SUM_TOLERANCE = 1e-3;

  /** Number of classes: the last axis of a [N, classes] output, else -1. */
  public long classes() {
    return shape.length == 2 ? shape[1] : -1;
  }

  @Override
  public String toString() {
    String rows = rowsSumToOne ? "every row sums to 1 (a softmax head)"
        : withinZeroOne ? "values within [0, 1], rows not summing to 1 (a sigmoid head?)"
        : "values outside [0, 1] (logits)";
    return "output " + Arrays.toString(shape) + " on random input: " + rows;
  }

  /** Collects the passes. */
  static final class Builder {
    private long[] shape;
    private boolean sumToOne = true;
    private boolean zeroOne = true;

    void add(long[] outputShape, float[] values) {
      shape = outputShape.clone();
      int row = shape.length == 0 ? 1 : (int) Math.max(1, shape[shape.length - 1]);
      for (int start = 0; start < values.length; start += row) {
        double sum = 0;
        for (int i = start; i < Math.min(values.length, start + row); i++) {
          float v = values[i];
          zeroOne &= v >= 0f && v <= 1f;
          sum += v;
        }
        sumToOne &= Math.abs(sum - 1) <= SUM_TOLERANCE;
      }
    }

    OutputProbe build() {
      return new OutputProbe(shape, sumToOne && zeroOne, zeroOne);
    }
  }
}
