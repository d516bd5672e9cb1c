package io.effnetspark.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of {@code model-card.json} values for {@link ModelCard#parse}: each throws
 * {@link IllegalArgumentException} naming the dotted key (e.g. {@code preprocessing.mean}) and what it holds, so a
 * malformed card is reported by key rather than by a Gson cast error.
 */
final class CardJson {
  private CardJson() {}

  static <E extends Enum<E>> E choice(JsonObject o, String key, Class<E> type) {
    String raw = string(o, key);
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      String n = e.name().toLowerCase(Locale.ROOT);
      if (n.equalsIgnoreCase(raw.trim())) {
        return e;
      }
      names.add(type == TensorLayout.class ? e.name() : n);
    }
    throw new IllegalArgumentException("unknown " + key + " '" + raw + "' (expected one of " + String.join(", ", names)
        + ")");
  }

  static void knownKeys(JsonObject o, String section, Set<String> known) {
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException(section + "." + k + ": unknown key (known in " + section + ": "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  static JsonObject object(JsonObject o, String key, boolean required) {
    JsonElement e = o.get(key);
    if (e == null && !required) {
      return new JsonObject();
    }
    if (e == null || !e.isJsonObject()) {
      throw new IllegalArgumentException("missing object '" + key + "'");
    }
    return e.getAsJsonObject();
  }

  static String string(JsonObject o, String key) {
    JsonElement e = o.get(key.substring(key.lastIndexOf('.') + 1));
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(key + " must be a string, got " + e);
    }
    return e.getAsString();
  }

  static Number number(JsonObject o, String key, JsonElement e) {
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(key + " must be a number, got " + e);
    }
    return e.getAsNumber();
  }

  static int integer(String key, JsonElement e) {
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(key + " must hold whole numbers, got " + e);
    }
    BigDecimal d = ((JsonPrimitive) e).getAsBigDecimal();
    try {
      return d.intValueExact();
    } catch (ArithmeticException ex) {
      throw new IllegalArgumentException(key + " must hold whole numbers, got " + e);
    }
  }

  /** An int (a square) or {@code [H, W]}, as {@code {H, W}}. */
  static int[] size(JsonObject pre, String key, boolean required) {
    JsonElement e = pre.get(key);
    String name = "preprocessing." + key;
    if (e == null) {
      throw new IllegalArgumentException(name + " is required: an int or [H, W]");
    }
    if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      if (a.size() != 2) {
        throw new IllegalArgumentException(name + " must be an int or [H, W], got " + e);
      }
      return positive(name, new int[] {integer(name, a.get(0)), integer(name, a.get(1))});
    }
    int v = integer(name, e);
    return positive(name, new int[] {v, v});
  }

  static int[] positive(String key, int[] hw) {
    if (hw[0] <= 0 || hw[1] <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + text(hw));
    }
    return hw;
  }

  static float[] floats(JsonObject o, String key) {
    JsonElement e = o.get(key);
    String name = "preprocessing." + key;
    if (e == null || !e.isJsonArray()) {
      throw new IllegalArgumentException(name + " must be an array of numbers, one per channel, got " + e);
    }
    JsonArray a = e.getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(o, name, a.get(i)).floatValue();
    }
    return out;
  }

  static String text(int[] v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ", ").append(v[i]);
    }
    return b.append(']').toString();
  }
}
