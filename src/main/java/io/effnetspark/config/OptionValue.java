package io.effnetspark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** An enum that is a setting's value: its name on the command line, and the one parser of all such enums. */
public interface OptionValue {
  /** The value as written in options, the config file and {@code _run.json}: the constant's name in lower case. */
  default String optionName() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code text} names this value (case-insensitive). */
  default boolean matches(String text) {
    return optionName().equalsIgnoreCase(text);
  }

  /**
   * The constant of {@code type} that {@code text} names.
   *
   * @throws IllegalArgumentException naming {@code what}, the value and the accepted ones
   */
  static <E extends Enum<E> & OptionValue> E parse(Class<E> type, String what, String text) {
    return parse(type, what, text, OptionValue::optionName, OptionValue::matches);
  }

  /**
   * The constant of any enum {@code type} whose {@code name} (case-insensitive, trimmed) is {@code text}: the one
   * parser of enum values, also for the model card's enums, which are no setting's values.
   *
   * @param name a constant's name as accepted and as listed in the message
   * @throws IllegalArgumentException naming {@code what}, the value and the accepted ones
   */
  static <E extends Enum<E>> E parse(Class<E> type, String what, String text, Function<E, String> name) {
    return parse(type, what, text, name, (e, v) -> name.apply(e).equalsIgnoreCase(v));
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String what, String text, Function<E, String> name,
      BiPredicate<E, String> matches) {
    String v = text == null ? "" : text.trim();
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (matches.test(e, v)) {
        return e;
      }
      names.add(name.apply(e));
    }
    String last = names.remove(names.size() - 1);
    throw new IllegalArgumentException("unknown " + what + " '" + text + "' (expected " + String.join(", ", names)
        + " or " + last + ")");
  }
}
