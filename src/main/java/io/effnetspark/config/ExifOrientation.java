package io.effnetspark.config;

/**
 * What the decoder does with an image's EXIF {@code Orientation} tag (TIFF tag 274, values 1–8), read from a
 * JPEG's APP1 {@code Exif} segment or a TIFF's first IFD.
 */
public enum ExifOrientation implements OptionValue {
  /** Rotate/flip the pixels to the orientation a viewer shows (the default: what users expect of phone photos). */
  APPLY,
  /** Use the pixels as stored in the file. */
  IGNORE;

  @Override
  public String toString() {
    return optionName();
  }
}
