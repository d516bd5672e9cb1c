package io.effnetspark.model;

import static io.effnetspark.model.CardJson.choice;
import static io.effnetspark.model.CardJson.floats;
import static io.effnetspark.model.CardJson.integer;
import static io.effnetspark.model.CardJson.knownKeys;
import static io.effnetspark.model.CardJson.number;
import static io.effnetspark.model.CardJson.object;
import static io.effnetspark.model.CardJson.size;
import static io.effnetspark.model.CardJson.string;
import static io.effnetspark.model.CardJson.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.Interpolation;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.OptionValue;
import io.effnetspark.config.ResizeMode;
import io.effnetspark.config.Settings;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code model-card.json} the job needs: the model's input ({@code input}), what its output means
 * ({@code output}), how images become its input ({@code preprocessing}), and the job settings the card states.
 *
 * <p>Settings come from two places, both below the command line and the config file: the optional
 * {@code "settings"} object (setting keys, e.g. {@code {"exif-orientation": "ignore"}}, only those {@code
 * config.Settings} marks as model-card settings) and the preprocessing choices that are also job settings:
 * {@code preprocessing.decode} → {@code decode}, {@code preprocessing.interpolation} → {@code interpolation},
 * {@code preprocessing.resize_mode} → {@code resize-mode} (an {@code [H, W]} resize without a mode means
 * {@code exact}). The card is strict inside {@code input}, {@code output} and {@code preprocessing}: an unknown key,
 * an unknown value or a contradiction is an error naming the key; keys elsewhere are free description. README
 * "Bring your own EfficientNet" documents every key.
 *
 * @param outputClasses the class count {@code output.shape} states, 0 when it states none
 */
public record ModelCard(String name, InputSpec input, OutputKind outputKind, int outputClasses,
    PreprocessingSpec preprocessing, Map<String, String> settings) implements Serializable {

  public static final String FILE_NAME = "model-card.json";

  /** Keys the job reads inside {@code input}, {@code output} and {@code preprocessing}; nothing else is allowed. */
  static final Set<String> INPUT_KEYS = Set.of("name", "shape", "layout", "dtype");
  static final Set<String> OUTPUT_KEYS = Set.of("name", "shape", "kind");
  static final Set<String> PREPROCESSING_KEYS = Set.of("color", "decode", "resize", "resize_mode", "interpolation",
      "crop", "scale", "mean", "std", "alpha");
  /** A value followed by a description in parentheses, e.g. {@code "RGB (gray replicated to three channels)"}. */
  private static final Pattern DESCRIBED = Pattern.compile("\\s*([A-Za-z_]+)\\s*(\\(.*\\))?\\s*");

  public ModelCard {
    if (input == null || outputKind == null || preprocessing == null) {
      throw new IllegalArgumentException("a model card needs input, output kind and preprocessing");
    }
    settings = Map.copyOf(settings);
  }

  /** The larger side of the model's input, pixels (the CPU threading rules size models by it). */
  public int inputSize() {
    return input.size();
  }

  /**
   * Parses a model card.
   *
   * @throws IllegalArgumentException starting with {@code source} and naming the missing, unknown or malformed key,
   *     or every placeholder of an unfilled card template ({@link CardPlaceholders})
   */
  public static ModelCard parse(String json, String source) {
    CardPlaceholders.rejectUnfilled(json, source);
    try {
      return parseUnchecked(json, source);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source)) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": malformed model card: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Gson's getAs* on the wrong JSON type: ClassCastException, IllegalStateException, UnsupportedOperation…
      throw new IllegalArgumentException(source + ": malformed model card (" + e + "); expected "
          + "{\"input\": {\"shape\": [-1, 3, H, W]}, \"preprocessing\": {\"resize\", \"crop\", \"scale\", "
          + "\"mean\", \"std\"}}", e);
    }
  }

  private static ModelCard parseUnchecked(String json, String source) {
    JsonObject root;
    try {
      root = JsonParser.parseString(json).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException(source + ": not a JSON object (" + e.getMessage() + ")");
    }
    JsonObject in = object(root, "input", true);
    JsonObject out = object(root, "output", false);
    JsonObject pre = object(root, "preprocessing", true);
    knownKeys(in, "input", INPUT_KEYS);
    knownKeys(out, "output", OUTPUT_KEYS);
    knownKeys(pre, "preprocessing", PREPROCESSING_KEYS);

    InputSpec input = input(in);
    OutputKind kind = out.has("kind") ? choice(out, "output.kind", OutputKind.class) : OutputKind.LOGITS;
    int classes = outputClasses(out);

    Map<String, String> settings = new TreeMap<>();
    if (root.has("settings")) {
      object(root, "settings", true).entrySet().forEach(e -> settings.put(e.getKey(), e.getValue().getAsString()));
    }
    ColorMode color = pre.has("color") ? color(pre) : ColorMode.RGB;
    if (color.channels() != input.channels()) {
      throw new IllegalArgumentException("preprocessing.color " + color + " gives " + color.channels()
          + " channel" + (color.channels() == 1 ? "" : "s") + ", but input.shape has " + input.channels()
          + (input.channels() == 1 ? " (state \"color\": \"GRAY\")" : ""));
    }
    cardSetting(pre, "decode", Settings.DECODE.key(), DecodeMode.class, settings);
    cardSetting(pre, "interpolation", Settings.INTERPOLATION.key(), Interpolation.class, settings);
    int[] resize = size(pre, "resize", true);
    boolean pair = pre.get("resize").isJsonArray();
    cardSetting(pre, "resize_mode", Settings.RESIZE_MODE.key(), ResizeMode.class, settings);
    if (pair && !pre.has("resize_mode")) {
      addSetting(settings, Settings.RESIZE_MODE.key(), ResizeMode.EXACT.optionName(), "preprocessing.resize");
    }
    if (pair && ResizeMode.SHORTER_SIDE.optionName().equals(settings.get(Settings.RESIZE_MODE.key()))) {
      throw new IllegalArgumentException("preprocessing.resize_mode shorter_side needs an int preprocessing.resize "
          + "(the shorter side); [H, W] is an exact size (resize_mode exact)");
    }
    int[] crop = pre.has("crop") ? size(pre, "crop", true) : new int[] {input.height(), input.width()};
    if (crop[0] != input.height() || crop[1] != input.width()) {
      throw new IllegalArgumentException("preprocessing.crop " + text(crop) + " does not match the model input "
          + input.height() + "x" + input.width() + " (input.shape)");
    }
    float scale = number(pre, "preprocessing.scale", pre.get("scale")).floatValue();
    float[] mean = floats(pre, "mean");
    float[] std = floats(pre, "std");
    AlphaMode alpha = pre.has("alpha") ? choice(pre, "preprocessing.alpha", AlphaMode.class) : null;
    PreprocessingSpec spec = new PreprocessingSpec(resize[0], resize[1], pair, crop[0], crop[1], scale, mean, std,
        color, alpha);

    String name = root.has("name") && root.get("name").isJsonPrimitive() ? root.get("name").getAsString() : "model";
    try {
      JobConfig.defaults().withModelCard(settings); // checks the keys and values now, while the card is read
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("settings: " + e.getMessage());
    }
    return new ModelCard(name, input, kind, classes, spec, settings);
  }

  private static InputSpec input(JsonObject in) {
    JsonElement s = in.get("shape");
    if (s == null || !s.isJsonArray() || s.getAsJsonArray().size() != 4) {
      throw new IllegalArgumentException("input.shape must be [-1, C, H, W] (NCHW) or [-1, H, W, C] (NHWC), got "
          + s);
    }
    JsonArray shape = s.getAsJsonArray();
    int[] dims = new int[4];
    for (int i = 0; i < 4; i++) {
      dims[i] = integer("input.shape", shape.get(i));
    }
    if (in.has("dtype")) {
      String dtype = string(in, "input.dtype");
      if (!dtype.equalsIgnoreCase("float32") && !dtype.equalsIgnoreCase("float")) {
        throw new IllegalArgumentException("input.dtype '" + dtype + "' is not supported: the job feeds float32");
      }
    }
    TensorLayout layout = in.has("layout") ? choice(in, "input.layout", TensorLayout.class) : TensorLayout.NCHW;
    int c = layout == TensorLayout.NCHW ? dims[1] : dims[3];
    int h = layout == TensorLayout.NCHW ? dims[2] : dims[1];
    int w = layout == TensorLayout.NCHW ? dims[3] : dims[2];
    if (c != 1 && c != 3) {
      int other = layout == TensorLayout.NCHW ? dims[3] : dims[1];
      String hint = other == 1 || other == 3 ? "; input.shape " + text(dims) + " looks " + (layout
          == TensorLayout.NCHW ? "channels-last: state \"layout\": \"NHWC\"" : "channels-first: state \"layout\": "
          + "\"NCHW\"") : "";
      throw new IllegalArgumentException("input.layout " + layout + (in.has("layout") ? "" : " (the default)")
          + " puts the channels at axis " + (layout == TensorLayout.NCHW ? 1 : 3) + " of input.shape "
          + text(dims) + ", which is " + c + ": need 1 or 3" + hint);
    }
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException("input.shape " + text(dims) + ": height and width must be positive");
    }
    if (dims[0] == 0 || dims[0] < -1) {
      throw new IllegalArgumentException("input.shape " + text(dims) + ": the batch axis must be -1 (dynamic) or "
          + "positive");
    }
    return new InputSpec(layout, c, h, w);
  }

  private static int outputClasses(JsonObject out) {
    if (!out.has("shape")) {
      return 0;
    }
    JsonElement s = out.get("shape");
    if (!s.isJsonArray() || s.getAsJsonArray().size() != 2) {
      throw new IllegalArgumentException("output.shape must be [-1, classes], got " + s);
    }
    int classes = integer("output.shape", s.getAsJsonArray().get(1));
    if (classes <= 0) {
      throw new IllegalArgumentException("output.shape " + s + ": the class count must be positive");
    }
    return classes;
  }

  private static ColorMode color(JsonObject pre) {
    String raw = string(pre, "preprocessing.color");
    Matcher m = DESCRIBED.matcher(raw);
    String v = m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : raw;
    return switch (v) {
      case "RGB" -> ColorMode.RGB;
      case "BGR" -> ColorMode.BGR;
      case "GRAY", "GREY", "L" -> ColorMode.GRAY;
      default -> throw new IllegalArgumentException("unknown preprocessing.color '" + raw + "' (expected RGB, BGR "
          + "or GRAY, optionally followed by a description in parentheses)");
    };
  }

  /** A preprocessing value that is also a job setting: checked here, handed to the settings map. */
  private static <E extends Enum<E> & OptionValue> void cardSetting(JsonObject pre, String key, String setting,
      Class<E> type, Map<String, String> settings) {
    if (!pre.has(key)) {
      return;
    }
    String raw = string(pre, "preprocessing." + key);
    E value;
    try {
      value = OptionValue.parse(type, "preprocessing." + key, raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    addSetting(settings, setting, value.optionName(), "preprocessing." + key);
  }

  private static void addSetting(Map<String, String> settings, String setting, String value, String key) {
    String stated = settings.get(setting);
    if (stated != null && !stated.equalsIgnoreCase(value)) {
      throw new IllegalArgumentException(key + " '" + value + "' contradicts settings." + setting + " '" + stated
          + "'");
    }
    settings.put(setting, value);
  }
}
