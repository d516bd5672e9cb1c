package io.effnetspark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    String v = text == null ? "" : text.trim();
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.matches(v)) {
        return e;
      }
      names.add(e.optionName());
    }
    String last = names.remove(names.size() - 1);
    throw new IllegalArgumentException("unknown " + what + " '" + text + "' (expected " + String.join(", ", names)
        + " or " + last + ")");
  }
}
