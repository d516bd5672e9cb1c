package io.effnetspark.job;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which listed files get a row. By default a file is skipped when it is <b>hidden</b> — its name, or the name of a
 * folder between the input root and it, starts with {@code .} (dot files, macOS AppleDouble {@code ._name} files,
 * {@code .DS_Store}, {@code .thumbnails/}) — or when its name has <b>no image extension</b>. With
 * {@code includeAll} every file gets a row, and the decoder's content check decides (a non-image becomes a
 * NOT_AN_IMAGE row).
 *
 * <p>Unlike Spark's file index, names starting with {@code _} are not hidden: cameras write {@code _DSC0001.JPG}.
 * Spark's {@code _SUCCESS} and {@code _temporary/…parquet} have no image extension and are skipped as such.
 */
public final class InputFiles {
  /**
   * Extensions that get a row, matched case-insensitively: everything the decoder reads plus image formats it
   * reports as UNSUPPORTED_FORMAT (HEIC/HEIF/AVIF, JPEG 2000, JPEG XL, PSD), so they are counted, not skipped.
   */
  public static final String IMAGE_NAME_REGEX =
      "(?i)^.*\\.(jpe?g|jpe|jfif|png|gif|bmp|dib|wbmp|tiff?|webp|heic|heif|avif|jp2|j2k|jxl|psd)$";
  private static final Pattern IMAGE_NAME = Pattern.compile(IMAGE_NAME_REGEX);

  /** Why a file was skipped; {@link #key()} is its name in {@code _run.json}'s {@code files_skipped_by_reason}. */
  public enum Skip {
    HIDDEN, NOT_IMAGE_EXTENSION;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private InputFiles() {}

  /**
   * @param relativePath the file's path below the input root, {@code /}-separated (just the name for a file given
   *     directly)
   * @return null when the file gets a row, else why it is skipped
   */
  public static Skip classify(String relativePath, boolean includeAll) {
    if (includeAll) {
      return null;
    }
    for (String part : relativePath.split("/")) {
      if (part.startsWith(".")) {
        return Skip.HIDDEN;
      }
    }
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    return IMAGE_NAME.matcher(name).matches() ? null : Skip.NOT_IMAGE_EXTENSION;
  }
}
