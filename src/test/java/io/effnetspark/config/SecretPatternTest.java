package io.effnetspark.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Redaction by pattern, per family of credential, through Spark's spark.redaction.regex. */
class SecretPatternTest {
  private static final String R = Redaction.REDACTED;
  private static final SecretPattern P = SecretPattern.DEFAULT;

  @Test
  void everyKeySparksOwnDefaultPatternHidesTheJobsPatternHidesToo() {
    // Spark's default, read from Spark itself (not copied): the job's pattern only adds to it.
    String sparkDefault = org.apache.spark.internal.config.package$.MODULE$.SECRET_REDACTION_PATTERN()
        .defaultValueString();
    Pattern spark = Pattern.compile(sparkDefault);
    for (String key : List.of("spark.authenticate.secret", "spark.ssl.keyStorePassword", "spark.ssl.keyPassword",
        "spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key", "spark.hadoop.fs.s3a.session.token",
        "spark.executorEnv.AWS_SECRET_ACCESS_KEY", "spark.executorEnv.GITHUB_TOKEN", "hive.metastore.accesskey",
        "spark.yarn.appMasterEnv.DB_PASSWORD", "fs.s3a.bucket.b.secret.key")) {
      assertTrue(spark.matcher(key).find(), "Spark hides " + key);
      assertTrue(P.isSecretKey(key), key);
    }
  }

  @Test
  void azureSasAndAccountKeysAreHiddenByKey() {
    for (String key : List.of("spark.hadoop.fs.azure.sas.images.myaccount.blob.core.windows.net",
        "spark.hadoop.fs.azure.sas.fixed.token.myaccount.dfs.core.windows.net",
        "spark.hadoop.fs.azure.account.key.myaccount.dfs.core.windows.net",
        "spark.hadoop.fs.azure.account.oauth2.client.secret", "spark.executorEnv.AZURE_STORAGE_SAS")) {
      assertTrue(P.isSecretKey(key), key);
      assertEquals(R, P.redactConf(key, "sv=2022-11-02&ss=b&sig=AbC%2Bd"), key);
    }
  }

  @Test
  void apiKeysTokensCredentialsAndSignaturesInExecutorEnvAreHiddenByKey() {
    for (String key : List.of("spark.executorEnv.OPENAI_APIKEY", "spark.executorEnv.API_KEY",
        "spark.executorEnv.HF_TOKEN", "spark.executorEnv.GOOGLE_APPLICATION_CREDENTIALS_JSON",
        "spark.executorEnv.REQUEST_SIGNATURE", "spark.executorEnv.MLFLOW_TRACKING_PASSWORD",
        "spark.kubernetes.driverEnv.SERVICE_APIKEY", "my.service.apikey", "spark.hadoop.fs.gs.auth.service.account"
            + ".private.key.id", "fs.s3a.server-side-encryption.key")) {
      assertTrue(P.isSecretKey(key), key);
    }
  }

  @Test
  void ordinarySettingsStayVisible() {
    for (String key : List.of("spark.master", "spark.app.name", "spark.ssl.keyStore", "spark.io.encryption.keySizeBits",
        "spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions", "spark.executorEnv.OMP_NUM_THREADS",
        "spark.authenticate.enableSaslEncryption", "spark.yarn.keytab", "spark.sql.shuffle.partitions",
        "spark.hadoop.fs.s3a.endpoint", "spark.hadoop.fs.s3a.committer.name", "run-id", "top-k", "input")) {
      assertFalse(P.isSecretKey(key), key);
    }
    assertEquals("local[2]", P.redactConf("spark.master", "local[2]"));
    assertEquals("1", P.redactConf("spark.executorEnv.OMP_NUM_THREADS", "1"));
  }

  @Test
  void secretsInsideExtraJavaOptionsAndEnvironmentValuesAreHiddenTheRestKept() {
    assertEquals("-Xmx2g -Dfoo.token=" + R + " -Dai.djl.offline=true -Djavax.net.ssl.trustStorePassword=" + R,
        P.redactConf("spark.executor.extraJavaOptions",
            "-Xmx2g -Dfoo.token=abc123 -Dai.djl.offline=true -Djavax.net.ssl.trustStorePassword=changeit"));
    assertEquals("-Dservice.apikey=" + R + " -XX:+UseG1GC", P.redactConf("spark.driver.extraJavaOptions",
        "-Dservice.apikey=k-987 -XX:+UseG1GC"));
    assertEquals("-Dclient.secret=" + R, P.redactConf("spark.executorEnv.JAVA_TOOL_OPTIONS", "-Dclient.secret=s3cr3t"));
    // A value that matches outside any name=value pair: hidden whole, as Spark does.
    assertEquals(R, P.redactConf("spark.executor.extraJavaOptions", "-Dconfig=/etc/app/secret.properties"));
    assertEquals(R, P.redactConf("spark.executorEnv.ARGS", "--password hunter2"));
    assertEquals(R, P.redactConf("spark.executorEnv.X", "token-abc123"));
  }

  @Test
  void uriUserInfoAndCredentialQueryParametersAreHidden() {
    assertEquals("s3a://***@bucket/images/", P.redactText("s3a://AKIAEXAMPLE:wJalrXUtn@bucket/images/"));
    assertEquals("jdbc:postgresql://***@db:5432/x", P.redactText("jdbc:postgresql://me:pw@db:5432/x"));
    assertEquals("https://acct.blob.core.windows.net/models/m.onnx?sv=2022-11-02&se=2026-12-31&sig=" + R,
        P.redactText("https://acct.blob.core.windows.net/models/m.onnx?sv=2022-11-02&se=2026-12-31&sig=AbC%2Bd%3D"));
    String presigned = P.redactText("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAXYZ%2F20261201&X-Amz-Security-Token=FQoG&X-Amz-Signature=deadbeef");
    assertEquals("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + R
        + "&X-Amz-Security-Token=" + R + "&X-Amz-Signature=" + R, presigned);
    assertEquals("abfss://images@acct.dfs.core.windows.net/x", P.redactText("abfss://images@acct.dfs.core.windows.net/x"),
        "an Azure container name is not a credential");
    assertEquals("hdfs://namenode:8020/data/a@b.png", P.redactText("hdfs://namenode:8020/data/a@b.png"),
        "an @ after the authority is part of the path");
    assertEquals("s3a://bucket/tokens/key-images/sig", P.redactText("s3a://bucket/tokens/key-images/sig"),
        "a path is text: only credential parts are hidden");
    assertEquals(R, P.redactConf("spark.history.fs.logDirectory", "s3a://bucket/tokens/logs"),
        "a Spark setting whose value matches is hidden whole, as Spark does");
  }

  private static SecretPattern of(SparkConf conf) {
    return SecretPattern.of(k -> conf.get(k, null));
  }

  @Test
  void aUsersSparkRedactionRegexExtendsTheJobsPatternAndTheCombinationIsWhatSparkIsGiven() {
    SparkConf conf = new SparkConf(false).set(SecretPattern.SPARK_REDACTION_REGEX, "(?i)internal[.]id");
    SecretPattern p = of(conf);
    assertTrue(p.isSecretKey("spark.mycompany.internal.id"));
    assertTrue(p.isSecretKey("spark.hadoop.fs.azure.sas.c.a.blob.core.windows.net"), "the job's pattern still counts");
    assertFalse(SecretPattern.DEFAULT.isSecretKey("spark.mycompany.internal.id"));

    String set = p.regex();
    assertTrue(Pattern.compile(set).matcher("spark.mycompany.internal.id").find());
    assertTrue(Pattern.compile(set).matcher("spark.executorEnv.MY_APIKEY").find(), "case-insensitive throughout");
    assertEquals(set, of(conf.clone().set(SecretPattern.SPARK_REDACTION_REGEX, set)).regex(),
        "a conf that already holds the combination is not combined again");
    assertEquals(SecretPattern.JOB_DEFAULT_REGEX, of(new SparkConf(false)).regex());
    assertThrows(IllegalArgumentException.class, () -> of(new SparkConf(false)
        .set(SecretPattern.SPARK_REDACTION_REGEX, "(unclosed")));
  }

  @Test
  void sparksStringRegexAppliesToValuesAndText() {
    SecretPattern p = of(new SparkConf(false).set(SecretPattern.SPARK_REDACTION_STRING_REGEX, "ACCT-[0-9]{6}"));
    assertEquals("file for " + R + " failed", p.redactText("file for ACCT-123456 failed"));
    assertEquals("s3a://b/" + R + "/x", p.redactConf("spark.some.path", "s3a://b/ACCT-654321/x"));
  }

  @Test
  void optionsKeepPathsAndHideOnlyCredentialParts() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("input", "s3a://bucket/keys/images");
    in.put("model", "https://acct.blob.core.windows.net/m/model.onnx?sv=1&sig=XYZ");
    in.put("batch-size", 32);
    in.put("service.token", "abc");
    Map<String, Object> out = P.redactOptions(in);
    assertEquals("s3a://bucket/keys/images", out.get("input"));
    assertEquals("https://acct.blob.core.windows.net/m/model.onnx?sv=1&sig=" + R, out.get("model"));
    assertEquals(32, out.get("batch-size"));
    assertEquals(R, out.get("service.token"));
  }

  @Test
  void aFailureIsLoggedWithItsCredentialPartsHiddenAndItsStackTraceKept() {
    IOException cause = new IOException("GET https://acct.blob.core.windows.net/c/x?sv=1&sig=SIGSECRET failed");
    RuntimeException e = new RuntimeException("reading model with -Dapi.token=TOKSECRET", cause);
    Throwable shown = P.redact(e);
    StringWriter w = new StringWriter();
    shown.printStackTrace(new PrintWriter(w));
    String trace = w.toString();
    assertFalse(trace.contains("SIGSECRET") || trace.contains("TOKSECRET"), trace);
    assertTrue(trace.contains("java.lang.RuntimeException: reading model with -Dapi.token=" + R), trace);
    assertTrue(trace.contains("java.io.IOException: GET https://acct.blob.core.windows.net/c/x?sv=1&sig=" + R), trace);
    assertArrayEquals(e.getStackTrace(), shown.getStackTrace());
  }
}
