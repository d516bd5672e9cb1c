package io.effnetspark.config;

/** What happens when the output already exists (Spark's {@code SaveMode} names). */
public enum WriteMode implements OptionValue {
  ERRORIFEXISTS, OVERWRITE, APPEND;

  @Override
  public String toString() {
    return optionName();
  }
}
