package io.effnetspark.image;

/** A per-file decoding problem: becomes an error row, never a failed task. */
public final class ImageDecodeException extends Exception {
  private final ErrorClass errorClass;

  public ImageDecodeException(ErrorClass errorClass, String message) {
    super(message);
    this.errorClass = errorClass;
  }

  public ImageDecodeException(ErrorClass errorClass, String message, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }
}
