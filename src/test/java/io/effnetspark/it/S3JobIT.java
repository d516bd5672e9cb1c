package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job through {@code jobs/submit.sh} (Spark local mode) against a real S3 API on loopback (s3proxy): images,
 * model and predictions all on {@code s3a://}, settings from {@code conf/spark-s3.conf}, credentials from the AWS
 * default chain (environment variables), Parquet committed by the S3A magic committer.
 */
class S3JobIT {
  private static final String BUCKET = "effnet-it";
  private static final String IMAGES = "s3a://" + BUCKET + "/images";
  private static final String MODEL = "s3a://" + BUCKET + "/models/fashion-effnet/model.onnx";
  private static final String OUTPUT = "s3a://" + BUCKET + "/predictions";
  /** Shaped like an AWS secret ('/' and '+' included) and distinctive enough to grep for. */
  private static final String SECRET = "effnetS3IT+Secret/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private static final String ACCESS_KEY = "EFFNETS3ITACCESS" + ThreadLocalRandom.current().nextInt(1000, 9999);

  @TempDir
  static Path tmp;
  private static S3Proxy s3;
  private static Scripts.Result run;
  private static Path downloaded;

  @BeforeAll
  static void runTheJobOnS3() throws Exception {
    s3 = S3Proxy.start(tmp.resolve("s3proxy"), ACCESS_KEY, SECRET, BUCKET);
    s3.upload(Fixtures.images(), IMAGES);
    for (String f : Fixtures.modelFiles()) {
      s3.upload(TestPaths.MODEL_DIR.resolve(f), "s3a://" + BUCKET + "/models/fashion-effnet/" + f);
    }
    run = submit(SECRET, OUTPUT);
    downloaded = tmp.resolve("downloaded");
    if (run.exitCode() == 0) {
      s3.download(OUTPUT, downloaded);
    }
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static Scripts.Result submit(String secret, String output) throws Exception {
    List<String> args = new ArrayList<>(List.of("--master", "local[2]",
        "--properties-file", TestPaths.ROOT.resolve("conf/spark-s3.conf").toString()));
    for (String kv : s3.sparkConf()) {
      args.addAll(List.of("--conf", kv));
    }
    args.addAll(List.of("--", "--input", IMAGES, "--model", MODEL, "--output", output, "--labels-from-dirs",
        "--partitions", "4", "--run-id", "s3-it"));
    return Scripts.run(tmp.resolve("runs"), "submit.sh", args,
        Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", secret), Duration.ofMinutes(6));
  }

  @Test
  void jobOnS3WritesTheSameRowsAsTheSameJobOnLocalFiles() throws Exception {
    assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    assertEquals(Fixtures.imageCount(), Fixtures.rowCount(downloaded), "one row per image, no duplicates");
    Map<String, Fixtures.Row> s3Rows = Fixtures.rows(downloaded);
    Map<String, Fixtures.Row> local = Fixtures.reference();
    assertEquals(local.keySet(), s3Rows.keySet());
    for (String key : local.keySet()) {
      Fixtures.Row a = local.get(key);
      Fixtures.Row b = s3Rows.get(key);
      assertEquals(a.label(), b.label(), key);
      assertEquals(a.labelIndex(), b.labelIndex(), key);
      assertEquals(a.probability(), b.probability(), 1e-5, key);
      assertEquals(null, b.errorClass(), key);
      assertEquals(a.trueLabel(), b.trueLabel(), key);
    }
    JsonObject summary = JobHarness.runJson(downloaded);
    assertEquals(Fixtures.imageCount(), summary.get("rows_written").getAsLong());
    assertEquals(MODEL, summary.get("model").getAsString(), "the model was read from s3a");
    assertEquals(IMAGES, summary.getAsJsonObject("options").get("input").getAsString());
    assertTrue(s3Rows.keySet().stream().allMatch(k -> k.endsWith(".png")));
  }

  @Test
  void parquetIsCommittedByTheS3aMagicCommitterWithNothingLeftBehind() throws Exception {
    assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    JsonObject success = JsonParser.parseString(Files.readString(downloaded.resolve("_SUCCESS"))).getAsJsonObject();
    assertEquals("magic", success.get("committer").getAsString(), "the S3A committer's manifest, not an empty marker");
    List<String> committed = new ArrayList<>();
    success.getAsJsonArray("filenames").forEach(e -> committed.add(e.getAsString().replaceFirst(".*/", "")));
    List<String> parts = new ArrayList<>();
    try (Stream<Path> files = Files.list(downloaded)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).forEach(parts::add);
    }
    assertEquals(committed.stream().sorted().toList(), parts.stream().sorted().toList());
    List<String> keys = s3.list(OUTPUT);
    assertFalse(keys.stream().anyMatch(k -> k.contains("__magic") || k.contains("_temporary")), keys.toString());
    // The output's lock was taken on S3 (saying what S3A guarantees there) and released.
    assertTrue(run.all().contains("Locked " + OUTPUT + "/_effnet.lock for run s3-it; create-if-absent is "),
        run.toString());
    assertFalse(keys.stream().anyMatch(k -> k.contains("_effnet.lock")), keys.toString());
  }

  @Test
  void secretKeyAppearsInNoLogNoRunSummaryAndNoOutputFile() throws Exception {
    assertEquals(ExitCode.OK, run.exitCode(), "the secret was used: s3proxy accepted the signed requests\n" + run);
    assertTrue(run.stdout().contains("files seen"), "output was captured: " + run);
    assertFalse(run.all().contains(SECRET), "secret in the job's stdout/stderr");
    assertFalse(run.all().contains(SECRET.substring(SECRET.indexOf('/') + 1)), "part of the secret in the output");
    try (Stream<Path> files = Files.walk(downloaded)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(SECRET), "secret in " + f.getFileName());
      }
    }
  }

  @Test
  void wrongSecretStopsBeforeAnySparkWorkAndDoesNotPrintIt() throws Exception {
    String wrong = "effnetS3IT+Wrong/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Scripts.Result r = submit(wrong, OUTPUT + "-wrong-secret");
    assertEquals(ExitCode.INPUT_MISSING, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("cannot list input " + IMAGES), r.toString());
    assertFalse(r.all().contains(wrong), "the rejected secret was printed");
    assertFalse(r.all().contains(SECRET), "the server's secret was printed");
    assertTrue(s3.list("s3a://" + BUCKET + "/").stream().noneMatch(k -> k.startsWith("predictions-wrong-secret")));
  }
}
