package io.effnetspark.config;

import java.util.Map;

/**
 * Hides secrets before configuration is written to {@code _run.json} or the report, with the job's default
 * {@link SecretPattern} (where the Spark configuration is at hand, {@link SecretPattern#of} also counts a
 * {@code spark.redaction.regex} of the user's).
 *
 * <ul>
 *   <li>By key: a value whose key matches the pattern (secret, password, token, credential, signature, SAS,
 *       access key, account key, key id, a word ending in {@code key}, e.g. {@code fs.s3a.secret.key},
 *       {@code spark.hadoop.fs.azure.sas.c.a.blob.core.windows.net}, {@code fs.azure.account.key.x}) becomes
 *       {@link #REDACTED}.</li>
 *   <li>In any value: the user-info of a URI ({@code s3a://AKIA...:secret@bucket/} becomes
 *       {@code s3a://***@bucket/}) and the values of {@code name=value} pairs whose name matches
 *       ({@code -Dstore.password=...} in JVM options, {@code sig=...} in a query string).</li>
 * </ul>
 */
public final class Redaction {
  /** Spark's replacement text ({@code Utils.REDACTION_REPLACEMENT_TEXT}). */
  public static final String REDACTED = "*********(redacted)";

  private Redaction() {}

  /** Whether {@code key}'s value is hidden whatever it is. */
  public static boolean isSecretKey(String key) {
    return SecretPattern.DEFAULT.isSecretKey(key);
  }

  /** {@code value} with URI user-info and secret {@code name=value} pairs hidden. */
  public static String redactValue(String value) {
    return SecretPattern.DEFAULT.redactText(value);
  }

  /** A copy of {@code settings}, order kept, with secret keys' values and secrets inside values hidden. */
  public static Map<String, Object> redact(Map<String, ?> settings) {
    return SecretPattern.DEFAULT.redactOptions(settings);
  }
}
