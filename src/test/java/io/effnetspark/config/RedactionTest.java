package io.effnetspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What _run.json and the report may not show: secret values by key, URI user-info, secret pairs in values. */
class RedactionTest {
  @Test
  void valuesOfKeysThatNameSecretsAreHidden() {
    for (String key : List.of("spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key",
        "spark.hadoop.fs.s3a.session.token", "spark.ssl.keyStorePassword", "spark.authenticate.secret",
        "fs.azure.account.key.acct.blob.core.windows.net", "aws-key-id", "db.password", "oauth.credentials",
        "gcs.private.key")) {
      assertTrue(Redaction.isSecretKey(key), key);
    }
    for (String key : List.of("input", "output", "top-k", "batch-size", "spark.app.name", "spark.master",
        "spark.ssl.keyStore", "spark.executor.extraJavaOptions", "run-id", "spark.io.encryption.keySizeBits")) {
      assertFalse(Redaction.isSecretKey(key), key);
    }
  }

  @Test
  void userInfoInUrisAndSecretPairsInsideValuesAreHidden() {
    assertEquals("s3a://***@bucket/images/", Redaction.redactValue("s3a://AKIAEXAMPLE:wJalrXUtn@bucket/images/"));
    assertEquals("jdbc:postgresql://***@db:5432/x", Redaction.redactValue("jdbc:postgresql://me:pw@db:5432/x"));
    assertEquals("-Dx=1 -Dstore.password=" + Redaction.REDACTED + " -Dy=2",
        Redaction.redactValue("-Dx=1 -Dstore.password=hunter2 -Dy=2"));
    assertEquals("hdfs://namenode:8020/data/a@b.png", Redaction.redactValue("hdfs://namenode:8020/data/a@b.png"),
        "an @ after the authority is part of the path");
  }

  @Test
  void redactKeepsOrderAndOtherValues() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("input", "s3a://key:secret@b/in");
    in.put("batch-size", 32);
    in.put("fs.s3a.secret.key", "abc");
    in.put("unset.password", null);
    Map<String, Object> out = Redaction.redact(in);
    assertEquals(List.of("input", "batch-size", "fs.s3a.secret.key", "unset.password"), List.copyOf(out.keySet()));
    assertEquals("s3a://***@b/in", out.get("input"));
    assertEquals(32, out.get("batch-size"));
    assertEquals(Redaction.REDACTED, out.get("fs.s3a.secret.key"));
    assertEquals(null, out.get("unset.password"));
  }
}
