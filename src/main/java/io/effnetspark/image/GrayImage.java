package io.effnetspark.image;

/**
 * An 8-bit single-channel image, PIL's mode {@code "L"}: {@code pixels[y * width + x]} is the sample, read unsigned
 * ({@code pixels[i] & 0xFF}, 0..255).
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels row-major samples, length at least width × height
 */
public record GrayImage(int width, int height, byte[] pixels) {
  public GrayImage {
    if (width < 0 || height < 0 || pixels.length < (long) width * height) {
      throw new IllegalArgumentException("pixels too short for " + width + "x" + height);
    }
  }

  /** The sample at (x, y), 0..255. */
  public int get(int x, int y) {
    return pixels[y * width + x] & 0xFF;
  }
}
