package io.effnetspark.image;

/**
 * Where torchvision's {@code CenterCrop} cuts, per axis (torchvision 0.14 {@code transforms/functional.py}
 * {@code center_crop}).
 *
 * <p>When the image is at least as large as the crop: offset {@code int(round((size - crop) / 2.0))} with Python's
 * {@code round}, which rounds halves to even: a difference of 157 gives 78 (not 79 as {@link Math#round} would),
 * 159 gives 80. When the image is smaller than the crop, torchvision first pads it with zeros, {@code (crop - size)
 * // 2} before and the rest after, and the crop then covers the padded image exactly: the offset is
 * {@code -((crop - size) / 2)}, negative, and pixels outside the image are 0.
 */
public final class CenterCrop {
  private CenterCrop() {}

  /**
   * The first source index of the crop along one axis: a source coordinate, negative when the crop starts in the
   * zero padding.
   *
   * @param size the image's size along the axis, pixels
   * @param crop the crop's size along the axis, pixels
   * @throws IllegalArgumentException if a size is not positive
   */
  public static int offset(int size, int crop) {
    if (size <= 0 || crop <= 0) {
      throw new IllegalArgumentException("center crop needs positive sizes, got size " + size + ", crop " + crop);
    }
    if (crop > size) {
      return -((crop - size) / 2);
    }
    // (size - crop) / 2.0 is exact; Math.rint rounds a half to the even neighbour, as Python 3's round does.
    return (int) Math.rint((size - crop) / 2.0);
  }
}
