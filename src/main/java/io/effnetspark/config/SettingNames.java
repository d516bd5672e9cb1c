package io.effnetspark.config;

/**
 * How messages name a setting: as the command line's option ({@code --device}) when the job runs from its command
 * line, as the Transformer's Param ({@code device}) when a user's own Spark code runs the Transformer.
 */
public enum SettingNames {
  OPTIONS,
  PARAMS;

  /** {@code --max-file-bytes} or {@code maxFileBytes}; a setting that is no Param keeps its option's name. */
  public String of(Setting<?> setting) {
    return this == PARAMS && setting.param() != null ? setting.param() : setting.option();
  }

  /**
   * {@code message} with the option's name of {@code setting} replaced by this naming's: for messages made by the
   * registry's checks and parsers, which name the option.
   */
  public String rename(Setting<?> setting, String message) {
    return message == null || this == OPTIONS ? message : message.replace(setting.option(), of(setting));
  }
}
