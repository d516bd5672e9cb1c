package io.effnetspark.config;

import java.net.URI;
import java.util.Locale;

/**
 * Keeps credentials out of file locations. A URI such as {@code s3a://KEY:SECRET@bucket/images} would carry the
 * secret into every place a location is shown: messages, logs, {@code _run.json} and the {@code path} column of
 * every output row. hadoop-aws ignores user-info in URIs anyway (it strips it and authenticates from
 * {@code fs.s3a.*} or the AWS provider chain), so the job refuses such locations outright; where a location is
 * printed anyway, {@link SecretPattern#redactText} masks its user-info.
 */
public final class UriCredentials {
  private UriCredentials() {}

  /**
   * True when {@code location} carries user-info (anything before an {@code @} in the authority). For object
   * stores ({@code s3a}, {@code s3}, {@code s3n}, {@code gs}) a {@code :} in the authority also counts: bucket
   * names never hold one, and an unescaped {@code /} in a secret key moves the {@code @} out of the authority.
   */
  public static boolean hasUserInfo(String location) {
    if (location == null) {
      return false;
    }
    int schemeEnd = location.indexOf("://");
    if (schemeEnd <= 0) {
      return false;
    }
    String rest = location.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    if (authority.contains("@")) {
      return true;
    }
    String scheme = location.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    boolean objectStore = scheme.equals("s3a") || scheme.equals("s3") || scheme.equals("s3n") || scheme.equals("gs");
    if (objectStore && authority.contains(":")) {
      return true;
    }
    try {
      return URI.create(location).getRawUserInfo() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The problem with {@code location} as the value of {@code option}, or null: a {@link Setting.Check}. */
  public static String problem(String option, String location) {
    if (hasUserInfo(location)) {
      return option + ": credentials in the location are not accepted (the "
          + "location is not repeated here); give them as spark.hadoop.fs.s3a.access.key / secret.key, in "
          + "core-site.xml or through the AWS default credential chain (AWS_ACCESS_KEY_ID, ~/.aws, instance role)";
    }
    return null;
  }
}
