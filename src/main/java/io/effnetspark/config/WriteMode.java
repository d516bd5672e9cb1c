package io.effnetspark.config;

import java.util.Locale;

/** What happens when the output already exists (Spark's {@code SaveMode} names). */
public enum WriteMode {
  ERRORIFEXISTS, OVERWRITE, APPEND;

  /** @throws IllegalArgumentException for other values */
  public static WriteMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown mode '" + value + "' (expected errorifexists, overwrite or append)");
    }
  }

  /** The string {@code DataFrameWriter.mode(String)} takes. */
  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return sparkName();
  }
}
