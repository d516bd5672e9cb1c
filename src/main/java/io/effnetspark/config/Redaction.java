package io.effnetspark.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets before configuration is written to {@code _run.json} or the report.
 *
 * <ul>
 *   <li>By key: a value whose key names a secret (secret, password, token, credential, private key, signature,
 *       access key, account key, key id, or a key ending in {@code .key}, e.g. {@code fs.s3a.secret.key},
 *       {@code spark.hadoop.fs.s3a.session.token}, {@code fs.azure.account.key.x}) becomes {@link #REDACTED}.</li>
 *   <li>In any value: the user-info of a URI ({@code s3a://AKIA...:secret@bucket/} becomes
 *       {@code s3a://***@bucket/}) and {@code password=...}-style pairs inside longer strings (JVM options).</li>
 * </ul>
 */
public final class Redaction {
  public static final String REDACTED = "*********(redacted)";

  private static final Pattern SECRET_KEY = Pattern.compile("(?i)(secret|passw(or)?d|pwd|token|credential|private"
      + "|signature|access[._-]?key|account[._-]?key|key[._-]?id|[._-]key$|^key$)");
  private static final Pattern SECRET_PAIR = Pattern.compile(
      "(?i)([\\w.-]*(?:secret|passw(?:or)?d|token|credential|access[._-]?key)[\\w.-]*\\s*[=:]\\s*)[^\\s&;,]+");

  private Redaction() {}

  /** Whether {@code key}'s value is hidden whatever it is. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).find();
  }

  /** {@code value} with URI user-info and {@code secret=...} pairs hidden. */
  public static String redactValue(String value) {
    if (value == null) {
      return null;
    }
    String v = UriCredentials.redact(value);
    return SECRET_PAIR.matcher(v).replaceAll("$1***");
  }

  /** A copy of {@code settings}, order kept, with secret keys' values and secrets inside values hidden. */
  public static Map<String, Object> redact(Map<String, ?> settings) {
    Map<String, Object> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      if (v != null && isSecretKey(k)) {
        out.put(k, REDACTED);
      } else if (v instanceof String s) {
        out.put(k, redactValue(s));
      } else {
        out.put(k, v);
      }
    });
    return out;
  }
}
