package io.effnetspark.image;

/**
 * A decoded image as packed 8-bit RGB: {@code pixels[y * width + x] = 0xRRGGBB}.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels row-major packed RGB, length width × height
 */
public record RgbImage(int width, int height, int[] pixels) {
  public RgbImage {
    if (pixels.length < width * height) {
      throw new IllegalArgumentException("pixels too short for " + width + "x" + height);
    }
  }
}
