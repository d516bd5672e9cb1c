package io.effnetspark.config;

import java.util.Locale;

/** What happens when the output already exists (Spark's {@code SaveMode} names). */
public enum WriteMode implements OptionValue {
  ERRORIFEXISTS, OVERWRITE, APPEND;

  /** The string {@code DataFrameWriter.mode(String)} takes. */
  @Override
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return optionName();
  }
}
