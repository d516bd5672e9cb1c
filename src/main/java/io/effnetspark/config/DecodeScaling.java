package io.effnetspark.config;

/**
 * Whether JPEGs much larger than the model needs are decoded at reduced scale ({@code --decode-scaling}, model card
 * {@code preprocessing.decode_scaling}).
 */
public enum DecodeScaling implements OptionValue {
  /** Every image at full size: the pixels the card's parity promise is about. */
  OFF,
  /**
   * A JPEG at least twice the size the preprocessing resizes to is decoded at the largest libjpeg scale 1/s (1/2,
   * 1/4, 1/8) for which it is at least s times that size, as Pillow's {@code draft()} does; then resized as the card
   * says. Changes pixels (docs/benchmarks.md measures by how much).
   */
  AUTO;

  @Override
  public String toString() {
    return optionName();
  }
}
