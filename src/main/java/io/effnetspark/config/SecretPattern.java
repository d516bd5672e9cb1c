package io.effnetspark.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What counts as a credential, by pattern: Spark's own {@code spark.redaction.regex} (Spark's default
 * {@code (?i)secret|password|token|access[.]?key}) extended by the job's {@link #JOB_DEFAULT_REGEX}. One pattern
 * serves {@code _run.json}, the HTML report, the job's log lines and (set into the SparkConf the job starts Spark
 * with: {@link #regex()}) Spark's own UI, event log and environment listings. Plain Java: callers pass the Spark
 * configuration as a lookup ({@code key -> sparkConf.get(key, null)}).
 *
 * <ul>
 *   <li><b>Spark settings</b> ({@link #redactConf}): Spark's rule — the value of a key that matches is replaced
 *       whole by {@link Redaction#REDACTED}. Where only the value matches, the job first hides the parts that carry
 *       credentials: {@code name=value} pairs whose name matches ({@code -Dfoo.token=abc} inside
 *       {@code extraJavaOptions}, {@code sig=...} in a query string), and URI user-info; if the pattern still
 *       matches what is left (outside those names), the whole value is replaced, as Spark does.</li>
 *   <li><b>Locations and text</b> ({@link #redactText}: job options, the model location, error messages, log
 *       lines): only those parts are hidden, so that paths stay readable.</li>
 * </ul>
 */
public final class SecretPattern {
  /** Spark's setting, read by Spark's {@code Utils.redact} for its UI, event log and {@code --verbose} output. */
  public static final String SPARK_REDACTION_REGEX = "spark.redaction.regex";
  /** Spark's free-text pattern (no default): applied to values and text on top of the rest when set. */
  public static final String SPARK_REDACTION_STRING_REGEX = "spark.redaction.string.regex";

  /**
   * The job's default: Spark's default terms plus other credential names — passwords, tokens, credentials,
   * signatures ({@code sig}, {@code X-Amz-Signature}), Azure SAS ({@code fs.azure.sas.*}), API keys, any name with
   * a word ending in {@code key} ({@code fs.azure.account.key.*}, {@code apikey}; not {@code keyStore} or
   * {@code keySizeBits}) and key ids.
   */
  public static final String JOB_DEFAULT_REGEX = "(?i)secret|passw(or)?d|pwd|token|credential|signature"
      + "|authorization|private|access[._-]?key|key[._-]?id|key(?![a-z])|(?<![a-z])sas(?![a-z])"
      + "|(?<![a-z])sig(?![a-z])";

  /** The job's default pattern (with Spark's default when no {@code spark.redaction.regex} is set). */
  public static final SecretPattern DEFAULT = new SecretPattern(JOB_DEFAULT_REGEX, null);

  private static final Pattern URI_USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*)://([^/@\\s?#]+)@");
  /** {@code name=value} or {@code name: value}, the form of JVM options, query strings and properties. */
  private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_.\\-]+)(\\s*=\\s*|:(?!//)\\s*)([^\\s&;,'\"]+)");
  /** Schemes whose user-info is a container name, not a credential ({@code abfss://container@account...}). */
  private static final List<String> CONTAINER_SCHEMES = List.of("wasb", "wasbs", "abfs", "abfss");

  private final String regex;
  private final Pattern pattern;
  private final Pattern stringPattern;

  private SecretPattern(String regex, String stringRegex) {
    this.regex = regex;
    this.pattern = Pattern.compile(regex);
    this.stringPattern = stringRegex == null || stringRegex.isBlank() ? null : Pattern.compile(stringRegex);
  }

  /**
   * The regex in effect when the user has set {@code spark.redaction.regex} to {@code userRegex} (null: not set):
   * the job's default alone, or both combined — the user's pattern extends the job's, never narrows it.
   */
  public static String effectiveRegex(String userRegex) {
    if (userRegex == null || userRegex.isBlank()) {
      return JOB_DEFAULT_REGEX;
    }
    if (userRegex.equals(JOB_DEFAULT_REGEX) || userRegex.startsWith("(?:" + JOB_DEFAULT_REGEX + ")|(?:")) {
      return userRegex; // already combined (set by the job into the conf it started Spark with)
    }
    return "(?:" + JOB_DEFAULT_REGEX + ")|(?:" + userRegex + ")";
  }

  /**
   * The pattern of a Spark configuration: its {@code spark.redaction.regex} combined with the job's default, and its
   * {@code spark.redaction.string.regex}.
   *
   * @param conf a Spark setting's value by key, null when not set
   * @throws java.util.regex.PatternSyntaxException when the user's regex is malformed
   */
  public static SecretPattern of(UnaryOperator<String> conf) {
    String user = conf.apply(SPARK_REDACTION_REGEX);
    String string = conf.apply(SPARK_REDACTION_STRING_REGEX);
    String effective = effectiveRegex(user);
    return effective.equals(JOB_DEFAULT_REGEX) && string == null ? DEFAULT : new SecretPattern(effective, string);
  }

  /**
   * The effective regex: what the job sets as {@code spark.redaction.regex} into the SparkConf it starts Spark with,
   * so that Spark's own listings of the configuration (UI, event log, environment) hide what the job hides.
   */
  public String regex() {
    return regex;
  }

  /** Whether {@code key}'s value is hidden whatever it is. */
  public boolean isSecretKey(String key) {
    return key != null && pattern.matcher(key).find();
  }

  /**
   * A Spark setting's value as {@code _run.json} shows it: {@link Redaction#REDACTED} when the key matches or
   * when the pattern matches the value outside the names of its {@code name=value} pairs; else the value with
   * credential pairs and URI user-info hidden.
   */
  public String redactConf(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecretKey(key)) {
      return Redaction.REDACTED;
    }
    if (!pattern.matcher(value).find()) {
      return redactString(redactUserInfo(value));
    }
    List<int[]> names = new ArrayList<>();
    String redacted = redactPairs(redactUserInfo(value), names);
    StringBuilder rest = new StringBuilder(redacted);
    for (int i = names.size() - 1; i >= 0; i--) {
      rest.replace(names.get(i)[0], names.get(i)[1], " ");
    }
    String outsideNames = rest.toString().replace(Redaction.REDACTED, " ");
    return pattern.matcher(outsideNames).find() ? Redaction.REDACTED : redactString(redacted);
  }

  /** A copy of {@code conf} (order kept) with {@link #redactConf} applied to every string value. */
  public Map<String, Object> redactConf(Map<String, ?> conf) {
    Map<String, Object> out = new LinkedHashMap<>();
    conf.forEach((k, v) -> out.put(k, v instanceof String s ? redactConf(k, s) : v != null && isSecretKey(k)
        ? Redaction.REDACTED : v));
    return out;
  }

  /**
   * Job options: the value of a key that matches is hidden; other values (paths, numbers) keep everything but
   * their credential parts ({@link #redactText}).
   */
  public Map<String, Object> redactOptions(Map<String, ?> options) {
    Map<String, Object> out = new LinkedHashMap<>();
    options.forEach((k, v) -> out.put(k, v != null && isSecretKey(k) ? Redaction.REDACTED
        : v instanceof String s ? redactText(s) : v));
    return out;
  }

  /**
   * Free text (a location, a message, a log line) with its credential parts hidden: URI user-info
   * ({@code s3a://***@bucket}), {@code name=value} pairs whose name matches ({@code password=***}, {@code sig=***}
   * in a query string, {@code -Dx.token=***}), and whatever {@code spark.redaction.string.regex} matches.
   */
  public String redactText(String text) {
    return text == null ? null : redactString(redactPairs(redactUserInfo(text), null));
  }

  /**
   * A copy of {@code t} whose messages (and its causes' and suppressed exceptions') went through
   * {@link #redactText}, with the same class names and stack traces — for logging a failure whose message may
   * quote a URL or a setting.
   */
  public Throwable redact(Throwable t) {
    return redact(t, 0);
  }

  private Throwable redact(Throwable t, int depth) {
    if (t == null || depth > 8) {
      return null;
    }
    String message = t.getMessage() == null ? t.getClass().getName()
        : t.getClass().getName() + ": " + redactText(t.getMessage());
    RedactedException copy = new RedactedException(message, redact(t.getCause(), depth + 1));
    copy.setStackTrace(t.getStackTrace());
    for (Throwable s : t.getSuppressed()) {
      copy.addSuppressed(redact(s, depth + 1));
    }
    return copy;
  }

  /** A failure shown with its credential parts hidden; its message starts with the original class name. */
  static final class RedactedException extends Exception {
    RedactedException(String message, Throwable cause) {
      super(message, cause, true, true);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }

  private static String redactUserInfo(String value) {
    Matcher m = URI_USER_INFO.matcher(value);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      boolean container = CONTAINER_SCHEMES.contains(scheme) && !m.group(2).contains(":");
      m.appendReplacement(b, Matcher.quoteReplacement(container ? m.group() : m.group(1) + "://***@"));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** Hides the values of pairs whose name matches; records each pair name's span in {@code names} if given. */
  private String redactPairs(String value, List<int[]> names) {
    Matcher m = PAIR.matcher(value);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      boolean secret = pattern.matcher(m.group(1)).find();
      String replacement = secret ? m.group(1) + m.group(2) + Redaction.REDACTED : m.group();
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
      if (names != null) {
        int end = b.length() - replacement.length() + m.group(1).length();
        names.add(new int[] {end - m.group(1).length(), end});
      }
    }
    m.appendTail(b);
    return b.toString();
  }

  private String redactString(String value) {
    return stringPattern == null ? value : stringPattern.matcher(value).replaceAll(
        Matcher.quoteReplacement(Redaction.REDACTED));
  }
}
