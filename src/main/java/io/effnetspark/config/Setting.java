package io.effnetspark.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One job setting, declared once in {@link Settings}: its key (the option {@code --key}, the config file's
 * {@code key}), the Transformer Param it is, its type, default, validation and documentation, and where a value may
 * come from. Everything else (the command line, the Params, {@code conf/effnet-job.properties}, the README's options
 * table, {@code _run.json}'s {@code options}) is derived from it or checked against it.
 *
 * @param <T> the value's type; null is a value only where the default is null
 */
public final class Setting<T> {
  /** Where a value may come from, in the order of precedence ({@link JobConfig#resolve}). */
  public enum Source { COMMAND_LINE, PARAM, CONFIG_FILE, MODEL_CARD }

  /** Validates a value: null when it is fine, else the one-line problem naming the option. */
  public interface Check<T> {
    String problem(String option, T value);
  }

  private final String key;
  private final String param;
  private final String label;
  private final T defaultValue;
  private final Supplier<T> defaultSupplier;
  private final String defaultDoc;
  private final String doc;
  private final Set<Source> sources;
  private final Function<String, T> parser;
  private final Function<T, String> text;
  private final Function<T, Object> shown;
  private final Check<T> check;
  private final boolean flag;

  Setting(SettingBuilder<T> b) {
    this.key = b.key;
    this.param = b.param;
    this.label = b.label;
    this.defaultValue = b.defaultValue;
    this.defaultSupplier = b.defaultSupplier;
    this.defaultDoc = b.defaultDoc != null ? b.defaultDoc : b.defaultValue == null ? "none"
        : b.text.apply(b.defaultValue);
    this.doc = b.doc;
    this.sources = b.sources;
    this.parser = b.parser;
    this.text = b.text;
    this.shown = b.shown;
    this.check = b.check;
    this.flag = b.flag;
  }

  /** {@code batch-size}: the config file's key; the option is {@code --batch-size}. */
  public String key() {
    return key;
  }

  public String option() {
    return "--" + key;
  }

  /** The Transformer Param's name ({@code batchSize}); null when the setting is no Param. */
  public String param() {
    return param;
  }

  /** The value's name in the options table and {@code --help} ({@code N}); empty for a flag. */
  public String label() {
    return label;
  }

  /** A flag: {@code --name} alone means true. */
  public boolean isFlag() {
    return flag;
  }

  public boolean from(Source source) {
    return sources.contains(source);
  }

  /** The default, made anew for defaults that depend on the moment (the run id) or the environment. */
  public T defaultValue() {
    return defaultSupplier != null ? defaultSupplier.get() : defaultValue;
  }

  /** The default when it is one fixed value (a Param default), else null. */
  public T fixedDefault() {
    return defaultSupplier != null ? null : defaultValue;
  }

  /** The default as the options table states it. */
  public String defaultDoc() {
    return defaultDoc;
  }

  /** What the setting does (Markdown, as in the README's options table). */
  public String doc() {
    return doc;
  }

  /**
   * Parses and checks a value as written on the command line, in the config file or the model card.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public T parse(String raw) {
    T value;
    try {
      value = parser.apply(raw == null ? "" : raw.trim());
    } catch (NumberFormatException e) {
      // Integer.valueOf("2147483648") fails like "abc" does: say which it was.
      boolean digits = raw != null && raw.trim().matches("[-+]?\\d+");
      throw new IllegalArgumentException(option() + (digits ? " is too large a number, got '"
          : " must be a number, got '") + raw + "'");
    }
    return checked(value);
  }

  /**
   * {@code value} once checked.
   *
   * @throws IllegalArgumentException naming the option when the check fails
   */
  public T checked(T value) {
    String problem = check == null ? null : check.problem(option(), value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  /** The value as the command line and the config file write it. */
  public String text(T value) {
    return text.apply(value);
  }

  /** The value as {@code _run.json}'s {@code options} shows it. */
  public Object shown(T value) {
    return shown.apply(value);
  }

  /** {@code value} as this setting's type; for values that come untyped (Spark Params). */
  @SuppressWarnings("unchecked")
  public T cast(Object value) {
    return (T) value;
  }

  @Override
  public String toString() {
    return option();
  }

  // --- Declaring settings (how each type's values are written: ValueSyntax) ---

  public static SettingBuilder<Integer> integer(String key, int defaultValue) {
    return new SettingBuilder<Integer>(key, Integer::valueOf).byDefault(defaultValue);
  }

  public static SettingBuilder<Long> whole(String key, long defaultValue) {
    return new SettingBuilder<Long>(key, Long::valueOf).byDefault(defaultValue);
  }

  /**
   * A size in bytes: a whole number, or with a binary suffix {@code k}, {@code m} or {@code g} (also {@code kb},
   * {@code KiB}, ...): {@code 268435456}, {@code 256m}, {@code 1g}.
   */
  public static SettingBuilder<Long> bytes(String key, long defaultValue) {
    return new SettingBuilder<Long>(key, ValueSyntax.bytes(key)).text(ValueSyntax::bytesText).byDefault(defaultValue)
        .label("SIZE");
  }

  public static SettingBuilder<Double> decimal(String key, double defaultValue) {
    return new SettingBuilder<Double>(key, ValueSyntax::decimal).byDefault(defaultValue);
  }

  /** A flag: off by default; {@code --key} alone, or {@code key=true}, turns it on. */
  public static SettingBuilder<Boolean> flag(String key) {
    SettingBuilder<Boolean> b = new SettingBuilder<Boolean>(key, ValueSyntax.bool(key)).byDefault(false)
        .defaultDoc("off").label("");
    b.flag = true;
    return b;
  }

  /** A string; blank means none (null). */
  public static SettingBuilder<String> string(String key) {
    return new SettingBuilder<String>(key, s -> s.isEmpty() ? null : s).defaultDoc("none");
  }

  /** One of an enum's values, by {@link OptionValue#optionName()}. */
  public static <E extends Enum<E> & OptionValue> SettingBuilder<E> choice(String key, Class<E> type, E defaultValue) {
    return new SettingBuilder<E>(key, s -> OptionValue.parse(type, key, s)).text(OptionValue::optionName)
        .shown(OptionValue::optionName).byDefault(defaultValue).defaultDoc("`" + defaultValue.optionName() + "`").label("");
  }

  /** One of an enum's values, or {@code auto} (null: decided later, e.g. from the model file's name). */
  public static <E extends Enum<E> & OptionValue> SettingBuilder<E> choiceOrAuto(String key, Class<E> type) {
    Function<E, String> name = v -> v == null ? "auto" : v.optionName();
    return new SettingBuilder<E>(key, s -> "auto".equalsIgnoreCase(s) ? null : OptionValue.parse(type, key, s)).text(name)
        .shown(name::apply).defaultDoc("`auto`").label("");
  }

  /** A whole number &gt; 0, or {@code auto} (0). */
  public static SettingBuilder<Integer> autoOrPositive(String key) {
    return new SettingBuilder<Integer>(key, ValueSyntax.autoOrPositive(key)).text(n -> n == 0 ? "auto" : n.toString())
        .shown(n -> n == 0 ? "auto" : n).byDefault(0).check(atLeast(0)).defaultDoc("`auto`").label("N|auto");
  }

  /** A date as {@code YYYY-MM-DD}; blank means none. */
  public static SettingBuilder<LocalDate> date(String key) {
    return new SettingBuilder<LocalDate>(key, ValueSyntax.date(key)).shown(d -> d == null ? null : d.toString())
        .defaultDoc("none").label("YYYY-MM-DD");
  }

  /** A duration written in seconds ({@code 2.5}). */
  public static SettingBuilder<Duration> seconds(String key, Duration defaultValue) {
    return new SettingBuilder<Duration>(key, ValueSyntax.seconds(key)).text(ValueSyntax::secondsText)
        .shown(ValueSyntax::secondsShown).byDefault(defaultValue).label("S");
  }

  /** Checks: a number at least / above a bound, or within a closed range. */
  public static <N extends Number> Check<N> atLeast(long min) {
    return (option, v) -> v.doubleValue() >= min ? null : option + " must be >= " + min + ", got " + v;
  }

  public static <N extends Number> Check<N> above(long min) {
    return (option, v) -> v.doubleValue() > min ? null : option + " must be > " + min + ", got " + v;
  }

  public static <N extends Number> Check<N> within(Number min, Number max) {
    return (option, v) -> v.doubleValue() >= min.doubleValue() && v.doubleValue() <= max.doubleValue() ? null
        : option + " must be within [" + min + ", " + max + "], got " + v;
  }
}
