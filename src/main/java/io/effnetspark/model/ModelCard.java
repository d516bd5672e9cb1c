package io.effnetspark.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.effnetspark.config.JobConfig;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of {@code model-card.json} the job needs: input size, preprocessing, and the job settings the card
 * states (an optional {@code "settings"} object, e.g. {@code {"exif-orientation": "ignore"}}: only the settings
 * that {@code config.Settings} marks as model-card settings; the command line and the config file win over it).
 * The card sits beside the model file; see README "Bring your own EfficientNet" for the format.
 */
public record ModelCard(String name, int inputSize, PreprocessingSpec preprocessing, Map<String, String> settings)
    implements Serializable {

  public static final String FILE_NAME = "model-card.json";

  /**
   * Parses a model card.
   *
   * @throws IllegalArgumentException naming the missing or malformed key, or the placeholders of an unfilled
   *     template ({@link CardPlaceholders})
   */
  public static ModelCard parse(String json, String source) {
    CardPlaceholders.rejectUnfilled(json, source);
    try {
      return parseUnchecked(json, source);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source)) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": malformed value (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      // Gson's getAs* on the wrong JSON type: ClassCastException, IllegalStateException, UnsupportedOperation…
      throw new IllegalArgumentException(source + ": malformed model card (" + e + "); expected "
          + "{\"input\": {\"shape\": [N, 3, S, S]}, \"preprocessing\": {\"resize\", \"crop\", \"scale\", "
          + "\"mean\": [3], \"std\": [3]}}", e);
    }
  }

  private static ModelCard parseUnchecked(String json, String source) {
    JsonObject root;
    try {
      root = JsonParser.parseString(json).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException(source + ": not a JSON object (" + e.getMessage() + ")");
    }
    JsonObject pre = object(root, "preprocessing", source);
    JsonObject input = object(root, "input", source);
    JsonArray shape = input.has("shape") ? input.getAsJsonArray("shape") : null;
    if (shape == null || shape.size() != 4 || shape.get(1).getAsInt() != 3
        || shape.get(2).getAsInt() != shape.get(3).getAsInt()) {
      throw new IllegalArgumentException(source + ": input.shape must be [N, 3, S, S] (NCHW, square)");
    }
    int inputSize = shape.get(2).getAsInt();
    PreprocessingSpec spec;
    try {
      spec = new PreprocessingSpec(number(pre, "resize", source).intValue(), number(pre, "crop", source).intValue(),
          number(pre, "scale", source).floatValue(), floats(pre, "mean", source), floats(pre, "std", source));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
    if (spec.crop() != inputSize) {
      throw new IllegalArgumentException(source + ": preprocessing.crop=" + spec.crop()
          + " does not match the model input size " + inputSize + " (input.shape)");
    }
    String name = root.has("name") ? root.get("name").getAsString() : "model";
    Map<String, String> settings = new TreeMap<>();
    if (root.has("settings")) {
      object(root, "settings", source).entrySet().forEach(e -> settings.put(e.getKey(), e.getValue().getAsString()));
      try {
        JobConfig.defaults().withModelCard(settings); // checks the keys and values now, while the card is read
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": settings: " + e.getMessage());
      }
    }
    return new ModelCard(name, inputSize, spec, Map.copyOf(settings));
  }

  private static JsonObject object(JsonObject o, String key, String source) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonObject()) {
      throw new IllegalArgumentException(source + ": missing object '" + key + "'");
    }
    return e.getAsJsonObject();
  }

  private static Number number(JsonObject o, String key, String source) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(source + ": preprocessing." + key + " must be a number");
    }
    return e.getAsNumber();
  }

  private static float[] floats(JsonObject o, String key, String source) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonArray()) {
      throw new IllegalArgumentException(source + ": preprocessing." + key + " must be an array of 3 numbers");
    }
    JsonArray a = e.getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }
}
