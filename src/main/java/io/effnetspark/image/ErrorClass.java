package io.effnetspark.image;

/**
 * Why an input file has no prediction. A small fixed vocabulary, written to the {@code error_class} column and
 * counted per class in {@code _run.json}.
 */
public enum ErrorClass {
  /** The file has zero bytes. */
  EMPTY,
  /** No image reader recognises the content (text, archives, …), whatever the file name says. */
  NOT_AN_IMAGE,
  /** Recognised as an image format that no installed reader can decode. */
  UNSUPPORTED_FORMAT,
  /** An image reader accepted the header but the data is damaged or truncated. */
  CORRUPT,
  /** The header declares more pixels than the configured maximum (decompression-bomb guard). */
  TOO_LARGE,
  /** The file could not be read from its file system. */
  READ_FAILED,
  /** The engine failed on this image even when run alone. */
  INFERENCE_FAILED
}
