package io.effnetspark.config;

/** How {@code preprocessing.resize} is applied ({@code --resize-mode}, model card {@code preprocessing.resize_mode}). */
public enum ResizeMode implements OptionValue {
  /**
   * The shorter side becomes {@code resize} (an int), the longer {@code int(resize × long / short)}, then the
   * center crop: torchvision's {@code Resize(int)} + {@code CenterCrop}.
   */
  SHORTER_SIDE,
  /**
   * Squashed to exactly {@code resize} ({@code [H, W]}, or an int for a square), the aspect ratio not kept, then the
   * center crop if one is smaller: Keras' {@code image_dataset_from_directory} and {@code tf.image.resize}.
   */
  EXACT;

  @Override
  public String toString() {
    return optionName();
  }
}
