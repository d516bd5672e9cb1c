package io.effnetspark.config;

/**
 * How the image is resized to the model's input ({@code --interpolation}, model card
 * {@code preprocessing.interpolation}).
 */
public enum Interpolation implements OptionValue {
  /**
   * Bilinear with half-pixel centres and no antialias: PyTorch's {@code F.interpolate(mode="bilinear",
   * align_corners=False)} and TensorFlow's {@code tf.image.resize} (the default). Also written
   * {@code bilinear_half_pixel}.
   */
  BILINEAR("bilinear_half_pixel"),
  /** PyTorch's bicubic ({@code F.interpolate(mode="bicubic", align_corners=False)}, a = -0.75, no antialias). */
  BICUBIC,
  /** PyTorch's nearest ({@code F.interpolate(mode="nearest")}: source index {@code floor(dst × in / out)}). */
  NEAREST,
  /** Pillow's {@code Image.resize(size, BILINEAR)}, antialiased when shrinking, 8-bit (torchvision on PIL images). */
  PIL_BILINEAR,
  /** Pillow's {@code Image.resize(size, BICUBIC)} (a = -0.5), antialiased when shrinking, 8-bit. */
  PIL_BICUBIC,
  /** Pillow's {@code Image.resize(size, LANCZOS)}, antialiased when shrinking, 8-bit. */
  PIL_LANCZOS;

  private final String alias;

  Interpolation() {
    this(null);
  }

  Interpolation(String alias) {
    this.alias = alias;
  }

  @Override
  public boolean matches(String text) {
    return OptionValue.super.matches(text) || (alias != null && alias.equalsIgnoreCase(text));
  }

  /** Pillow's resize, on 8-bit pixels before the float conversion. */
  public boolean isPil() {
    return this == PIL_BILINEAR || this == PIL_BICUBIC || this == PIL_LANCZOS;
  }

  @Override
  public String toString() {
    return optionName();
  }
}
