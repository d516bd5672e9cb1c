package io.effnetspark.config;

import java.util.Locale;

/**
 * What the decoder does with an image's EXIF {@code Orientation} tag (TIFF tag 274, values 1–8), read from a
 * JPEG's APP1 {@code Exif} segment or a TIFF's first IFD.
 */
public enum ExifOrientation implements OptionValue {
  /** Rotate/flip the pixels to the orientation a viewer shows (the default: what users expect of phone photos). */
  APPLY,
  /** Use the pixels as stored in the file. */
  IGNORE;

  /** The option value, {@code apply} or {@code ignore}. */
  @Override
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return optionName();
  }
}
