package io.effnetspark.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The placeholders of a card template ({@code jobs/inspect-model.sh} writes them): a value that starts with
 * {@value #PREFIX} is one the user has still to fill in. A card that holds one is refused, naming every such key,
 * so that a template can never run with a guessed value (a placeholder in a free-text key, {@code color} for one,
 * might otherwise be read as a description).
 */
public final class CardPlaceholders {
  /** Start of every value the user must replace. */
  public static final String PREFIX = "FILL_IN";

  private CardPlaceholders() {}

  /**
   * @throws IllegalArgumentException naming the keys (dotted paths, e.g. {@code preprocessing.mean}) whose values
   *     are placeholders; a card that is not JSON is left to the parser
   */
  public static void rejectUnfilled(String json, String source) {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      return;
    }
    List<String> keys = unfilledKeys(root);
    if (!keys.isEmpty()) {
      throw new IllegalArgumentException(source + ": an unfilled card template: replace the " + PREFIX
          + " value" + (keys.size() == 1 ? "" : "s") + " of " + String.join(", ", keys)
          + " (README \"Bring your own EfficientNet\")");
    }
  }

  /** The dotted keys (array items as {@code key[i]}) whose values are placeholders, in card order. */
  public static List<String> unfilledKeys(JsonElement card) {
    List<String> keys = new ArrayList<>();
    collect(card, "", keys);
    return keys;
  }

  private static void collect(JsonElement e, String path, List<String> out) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().startsWith(PREFIX)) {
      out.add(path.isEmpty() ? "(the whole card)" : path);
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
        collect(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), out);
      }
    } else if (e.isJsonArray()) {
      for (int i = 0; i < e.getAsJsonArray().size(); i++) {
        collect(e.getAsJsonArray().get(i), path + "[" + i + "]", out);
      }
    }
  }
}
