package io.effnetspark.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated, immutable configuration of one job run: a value for every {@link Settings setting}. The one place
 * that resolves where a value comes from ({@link #resolve} and {@link #withModelCard}), in this order:
 * <ol>
 *   <li>the command line (or, for the Transformer, a Param that is set),</li>
 *   <li>the config file ({@code --config}),</li>
 *   <li>the model card ({@code model-card.json}, for the settings that may live there),</li>
 *   <li>the default.</li>
 * </ol>
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Partition column written when {@link Settings#RUN_DATE} is set. */
  public static final String RUN_DATE_COLUMN = "run_date";

  /** Key → value for every setting; a null value is kept. */
  private final Map<String, Object> values;
  /** Keys whose value came from the command line, a Param or the config file: a model card does not change them. */
  private final Set<String> explicit;
  /** Keys whose value came from the model card (and from nothing above it). */
  private final Set<String> fromCard;

  private JobConfig(Map<String, Object> values, Set<String> explicit) {
    this(values, explicit, Set.of());
  }

  private JobConfig(Map<String, Object> values, Set<String> explicit, Set<String> fromCard) {
    this.values = Collections.unmodifiableMap(values);
    this.explicit = Collections.unmodifiableSet(explicit);
    this.fromCard = Collections.unmodifiableSet(fromCard);
  }

  /** Every setting at its default (no input or output). */
  public static JobConfig defaults() {
    Map<String, Object> m = new HashMap<>();
    Settings.ALL.forEach(s -> m.put(s.key(), s.defaultValue()));
    return new JobConfig(m, new HashSet<>());
  }

  /**
   * The configuration of a job run from the command line's values over the config file's (each keyed by setting
   * key, as written), over the defaults; checks every value and the rules between them.
   *
   * @throws IllegalArgumentException listing every problem, each naming its option
   */
  public static JobConfig resolve(Map<String, String> commandLine, Map<String, String> configFile) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> m = new HashMap<>();
    Set<String> explicit = new HashSet<>();
    for (Setting<?> s : Settings.ALL) {
      String raw = commandLine.containsKey(s.key()) ? commandLine.get(s.key()) : configFile.get(s.key());
      if (raw == null) {
        m.put(s.key(), s.defaultValue());
        continue;
      }
      explicit.add(s.key());
      try {
        m.put(s.key(), s.parse(raw));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    boolean input = m.get(Settings.INPUT.key()) != null;
    boolean list = m.get(Settings.INPUT_LIST.key()) != null;
    if (input && list) {
      problems.add("--input and --input-list are mutually exclusive: give the images as a folder, file or glob "
          + "(--input) or as a list of paths (--input-list), not both");
    } else if (!input && !list && m.containsKey(Settings.INPUT.key())) {
      problems.add("--input (or --input-list) is required (or 'input' in the config file)");
    }
    if (m.containsKey(Settings.OUTPUT.key()) && m.get(Settings.OUTPUT.key()) == null) {
      problems.add("--output is required (or 'output' in the config file)");
    }
    if (problems.isEmpty()) {
      JobConfig config = new JobConfig(m, explicit);
      config.rules(problems);
      if (problems.isEmpty()) {
        return config;
      }
    }
    throw new IllegalArgumentException(String.join("; ", problems));
  }

  /** Rules between settings. */
  private void rules(List<String> problems) {
    if (get(Settings.INCREMENTAL) && get(Settings.RUN_DATE) == null && get(Settings.MODE) != WriteMode.APPEND) {
      problems.add("--incremental adds rows to the existing output: use --mode append, or --run-date DATE "
          + "(with --mode overwrite to make re-running a date idempotent); got --mode " + get(Settings.MODE));
    }
  }

  /**
   * This configuration with {@code card}'s values (setting key → value as written) for the settings a model card
   * may state and that no command line, Param or config file set.
   *
   * @throws IllegalArgumentException for a key that is no model-card setting, or a bad value
   */
  public JobConfig withModelCard(Map<String, String> card) {
    if (card.isEmpty()) {
      return this;
    }
    Map<String, Object> m = new HashMap<>(values);
    Set<String> card2 = new HashSet<>(fromCard);
    card.forEach((key, raw) -> {
      Setting<?> s = Settings.byKey(key).filter(x -> x.from(Setting.Source.MODEL_CARD)).orElseThrow(() ->
          new IllegalArgumentException("model card: '" + key + "' is not a setting a model card may state"));
      Object value = s.parse(raw);
      if (!explicit.contains(key)) {
        m.put(key, value);
        card2.add(key);
      }
    });
    return new JobConfig(m, explicit, card2);
  }

  /**
   * This configuration with {@code setting} set to {@code value} (as if given on the command line).
   *
   * @throws IllegalArgumentException when the value fails the setting's check
   */
  public <T> JobConfig with(Setting<T> setting, T value) {
    Map<String, Object> m = new HashMap<>(values);
    m.put(setting.key(), setting.checked(value));
    Set<String> e = new HashSet<>(explicit);
    e.add(setting.key());
    Set<String> c = new HashSet<>(fromCard);
    c.remove(setting.key());
    return new JobConfig(m, e, c);
  }

  /** The value of {@code setting}. */
  public <T> T get(Setting<T> setting) {
    return setting.cast(values.get(setting.key()));
  }

  /** Whether the command line, a Param or the config file gave {@code setting}'s value. */
  public boolean isExplicit(Setting<?> setting) {
    return explicit.contains(setting.key());
  }

  /** Whether {@code setting}'s value was stated anywhere: command line, Param, config file or model card. */
  public boolean isStated(Setting<?> setting) {
    return explicit.contains(setting.key()) || fromCard.contains(setting.key());
  }

  /** The effective options for {@code _run.json} and the log; redact before showing (locations may hold secrets). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      if (s.from(Setting.Source.CONFIG_FILE)) {
        m.put(s.key(), shown(s));
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked") // T is ExifOrientation for that setting
  private <T> Object shown(Setting<T> s) {
    return s.shown(s == Settings.EXIF_ORIENTATION ? (T) exifOrientation() : get(s));
  }

  /**
   * The EXIF rule in effect: the stated {@code exif-orientation}, else {@code ignore} under {@code decode pil} (PIL's
   * {@code Image.open} does not rotate) and the default {@code apply} otherwise.
   */
  public ExifOrientation exifOrientation() {
    if (get(Settings.DECODE) == DecodeMode.PIL && !isStated(Settings.EXIF_ORIENTATION)) {
      return ExifOrientation.IGNORE;
    }
    return get(Settings.EXIF_ORIENTATION);
  }

  // --- The settings read in many places, and what follows from them ---

  /** {@code --input}; null when the run reads {@link #inputList()}. */
  public String input() {
    return get(Settings.INPUT);
  }

  /** {@code --input-list}; null when the run reads {@link #input()}. */
  public String inputList() {
    return get(Settings.INPUT_LIST);
  }

  /** What the run reads, for messages: the input path, or "the list FILE". */
  public String inputDescription() {
    return inputList() != null ? "the files listed in " + inputList() : input();
  }

  public String output() {
    return get(Settings.OUTPUT);
  }

  public String model() {
    return get(Settings.MODEL);
  }

  /** Null: from the model file's extension. */
  public Engine engine() {
    return get(Settings.ENGINE);
  }

  public WriteMode mode() {
    return get(Settings.MODE);
  }

  public String runId() {
    return get(Settings.RUN_ID);
  }

  public boolean labelsFromDirs() {
    return get(Settings.LABELS_FROM_DIRS);
  }

  /** The output is partitioned by {@link #RUN_DATE_COLUMN} ({@code --run-date}). */
  public boolean partitioned() {
    return get(Settings.RUN_DATE) != null;
  }

  /** The folder of {@code --run-date}'s partition under the output, as Spark names it. */
  public String partitionDir() {
    return RUN_DATE_COLUMN + "=" + get(Settings.RUN_DATE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobConfig c && c.values.equals(values) && c.explicit.equals(explicit)
        && c.fromCard.equals(fromCard);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return describe().toString();
  }
}
