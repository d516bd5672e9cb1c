package io.effnetspark.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the typed values of {@link Setting}'s factories are written on the command line, in the config file and in
 * the model card: each parser takes the trimmed text and throws {@link IllegalArgumentException} naming
 * {@code --key} and the value (a {@link NumberFormatException} becomes "must be a number" in {@link Setting#parse}).
 */
final class ValueSyntax {
  /** A whole number with an optional binary unit: {@code 256m}, {@code 1g}, {@code 64KiB}, {@code 1000}. */
  private static final Pattern BYTES = Pattern.compile("(?i)(\\d+)\\s*([kmg]i?b?|b)?");

  private ValueSyntax() {}

  /** A size in bytes: a whole number, or with a binary suffix {@code k}, {@code m} or {@code g}. */
  static Function<String, Long> bytes(String key) {
    return s -> {
      Matcher m = BYTES.matcher(s);
      if (m.matches()) {
        int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
        try {
          long n = Long.parseLong(m.group(1));
          if (n <= (Long.MAX_VALUE >> shift)) {
            return n << shift;
          }
        } catch (NumberFormatException e) {
          // too many digits: reported below
        }
      }
      throw new IllegalArgumentException("--" + key + " must be a size in bytes, or with k, m or g (e.g. 256m), got '"
          + s + "'");
    };
  }

  /** {@code 256m}, {@code 1g}, {@code 1000}: the largest binary unit that divides the value. */
  static String bytesText(Long v) {
    if (v == null) {
      return "";
    }
    for (String unit : new String[] {"g", "m", "k"}) {
      int shift = unit.equals("g") ? 30 : unit.equals("m") ? 20 : 10;
      if (v != 0 && v % (1L << shift) == 0) {
        return (v >> shift) + unit;
      }
    }
    return String.valueOf(v);
  }

  /** A finite decimal number. */
  static Double decimal(String s) {
    double d = Double.parseDouble(s);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new NumberFormatException("not a finite number");
    }
    return d;
  }

  /** {@code true} or {@code false}, any case. */
  static Function<String, Boolean> bool(String key) {
    return s -> {
      if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
        return Boolean.valueOf(s);
      }
      throw new IllegalArgumentException("--" + key + " must be true or false, got '" + s + "'");
    };
  }

  /** A whole number &gt; 0, or {@code auto} (0). */
  static Function<String, Integer> autoOrPositive(String key) {
    return s -> {
      if ("auto".equalsIgnoreCase(s)) {
        return 0;
      }
      try {
        int n = Integer.parseInt(s);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("--" + key + " must be a number > 0 or auto, got " + s);
    };
  }

  /** A date as {@code YYYY-MM-DD}; blank means none (null). */
  static Function<String, LocalDate> date(String key) {
    return s -> {
      if (s.isEmpty()) {
        return null;
      }
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--" + key + " must be a date as YYYY-MM-DD, got '" + s + "'");
      }
    };
  }

  /** A duration written in seconds, {@code >= 0}, to the millisecond ({@code 2.5}). */
  static Function<String, Duration> seconds(String key) {
    return s -> {
      double d = Double.parseDouble(s);
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("--" + key + " must be >= 0 seconds, got " + s);
      }
      return Duration.ofMillis(Math.round(d * 1000));
    };
  }

  /** A duration in seconds as {@code _run.json} shows it: a decimal number. */
  static Object secondsShown(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /** A duration in seconds as the config file writes it: whole seconds without a fraction. */
  static String secondsText(Duration d) {
    return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : secondsShown(d).toString();
  }
}
