package io.effnetspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.JobHarness;
import io.effnetspark.job.ExitCode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Credentials never travel in file locations: refused up front, masked wherever a location is printed. */
class UriCredentialsTest {
  private static final String SECRET = "wJalrXUtnFEMI+K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Test
  void userInfoInAnyAuthorityIsDetected() {
    assertTrue(UriCredentials.hasUserInfo("s3a://AKIAEXAMPLE:" + SECRET.replace("/", "%2F") + "@bucket/images"));
    assertTrue(UriCredentials.hasUserInfo("hdfs://alice@namenode:8020/data"));
    // An unescaped '/' in the secret ends the authority early; bucket names never hold ':'.
    assertTrue(UriCredentials.hasUserInfo("s3a://AKIAEXAMPLE:" + SECRET + "@bucket/images"));
  }

  @Test
  void ordinaryLocationsAreAccepted() {
    for (String ok : new String[] {"s3a://bucket/images/", "s3a://bucket/photos/me@home.jpg", "hdfs://nn:8020/x",
        "file:/tmp/x", "/tmp/x", "samples/fashion-mnist", "s3a://bucket/images/*/*.png"}) {
      assertFalse(UriCredentials.hasUserInfo(ok), ok);
    }
  }

  @Test
  void redactMasksUserInfoAndKeepsTheRest() {
    assertEquals("read s3a://***@bucket/images and hdfs://***@nn/x, s3a://bucket/me@home.jpg",
        Redaction.redactValue("read s3a://AKIA:" + SECRET.replace("/", "%2F") + "@bucket/images and "
            + "hdfs://alice@nn/x, s3a://bucket/me@home.jpg"));
  }

  @Test
  void jobRefusesCredentialsInTheInputUriWithBadConfigAndNeverPrintsThem() {
    JobHarness.Run run = JobHarness.run("--input", "s3a://AKIAEXAMPLE:" + SECRET + "@bucket/images", "--output",
        "s3a://bucket/out");
    assertEquals(ExitCode.BAD_CONFIG, run.code());
    String printed = run.printed();
    assertTrue(printed.contains("--input: credentials in the location are not accepted"), printed);
    assertFalse(printed.contains(SECRET) || printed.contains("bPxRfiCYEXAMPLEKEY"), printed);
    assertTrue(SparkSession.getActiveSession().isEmpty(), "refused before any Spark work");
  }

  @Test
  void configRefusesCredentialsInOutputAndModelToo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobConfig.defaults()
        .with(Settings.OUTPUT, "s3a://KEY:" + SECRET + "@bucket/out"));
    assertTrue(e.getMessage().startsWith("--output:"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET));
    e = assertThrows(IllegalArgumentException.class, () -> JobConfig.defaults()
        .with(Settings.MODEL, "s3a://KEY:" + SECRET + "@bucket/m.onnx"));
    assertTrue(e.getMessage().startsWith("--model:"), e.getMessage());
  }
}
