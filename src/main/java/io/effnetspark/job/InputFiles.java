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
   * Dot-all ({@code s}): a name with a newline or another control character before the extension is an image name.
   */
  public static final String IMAGE_NAME_REGEX =
      "(?is)^.*\\.(jpe?g|jpe|jfif|png|gif|bmp|dib|wbmp|tiff?|webp|heic|heif|avif|jp2|j2k|jxl|psd)$";
  private static final Pattern IMAGE_NAME = Pattern.compile(IMAGE_NAME_REGEX);

  /**
   * Why a listed name was skipped; {@link #key()} is its name in {@code _run.json}'s {@code files_skipped_by_reason}.
   * The first two are decided from the name ({@link #classify}); the others from what the name is, by the listing
   * ({@link InputWalk}), in every mode, {@code --include-all-files} too.
   */
  public enum Skip {
    HIDDEN, NOT_IMAGE_EXTENSION,
    /** A FIFO (named pipe), socket or device, or a link to one: opening a FIFO would block the task forever. */
    NOT_REGULAR_FILE,
    /** A symbolic link whose target does not exist, or a chain of links that loops. */
    BROKEN_LINK,
    /**
     * A folder link, or a folder reached through one, whose real folder the listing has already walked: a link loop
     * ({@code photos/again -> ..}) or a second way into one folder. Each real folder is listed once.
     */
    FOLDER_ALREADY_LISTED,
    /** A name the JVM cannot represent in its file-name encoding ({@code sun.jnu.encoding}), so cannot open. */
    UNREADABLE_NAME,
    /**
     * {@code --input-list}: a path the list names again (compared as qualified paths), or a file both listed and
     * found in a listed folder. The first keeps its row.
     */
    DUPLICATE;

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
