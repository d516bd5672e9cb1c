package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-JVM Spark standalone cluster (master + two workers on 127.0.0.1, started by
 * {@code jobs/local-cluster.sh}), submitted with {@code jobs/submit.sh --master spark://...}; images, model and
 * output on s3proxy through s3a with the magic committer; S3 keys in the Spark configuration
 * ({@code spark.hadoop.fs.s3a.*}). The first attempt of one task fails (the test hook of
 * {@code spark.FaultInjection}); a second run (local mode) overwrites the output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final String BUCKET = "effnet-cluster-it";
  private static final String IMAGES = "s3a://" + BUCKET + "/images";
  private static final String MODEL = "s3a://" + BUCKET + "/models/fashion-effnet/model.onnx";
  private static final String OUTPUT = "s3a://" + BUCKET + "/predictions";
  private static final int PARTITIONS = 12;
  private static final int FAILING_PARTITION = 5;
  private static final String SECRET = "effnetClusterIT+Secret/"
      + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private static final String ACCESS_KEY = "EFFNETCLUSTERIT" + ThreadLocalRandom.current().nextInt(1000, 9999);

  private static final Pattern LOADED = Pattern.compile("Loaded model model\\.onnx .*model loads in this JVM: (\\d+)");
  private static final Pattern RECEIVED = Pattern.compile("Model model\\.onnx .* received as broadcast (\\d+)");
  private static final Pattern PARTITION_DONE =
      Pattern.compile("Partition (\\d+) \\(task attempt (\\d+)\\): (\\d+) rows");

  @TempDir
  static Path tmp;
  private static S3Proxy s3;
  private static LocalCluster cluster;
  private static Path properties;
  private static Map<String, Fixtures.Row> firstRun;

  @BeforeAll
  static void startS3AndCluster() throws Exception {
    s3 = S3Proxy.start(tmp.resolve("s3proxy"), ACCESS_KEY, SECRET, BUCKET);
    s3.upload(Fixtures.images(), IMAGES);
    for (String f : Fixtures.modelFiles()) {
      s3.upload(TestPaths.MODEL_DIR.resolve(f), "s3a://" + BUCKET + "/models/fashion-effnet/" + f);
    }
    // conf/spark-s3.conf plus this endpoint and its keys, in a file only this user can read.
    properties = tmp.resolve("spark-s3-cluster.conf");
    Files.createFile(properties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    List<String> lines = new ArrayList<>(Files.readAllLines(TestPaths.ROOT.resolve("conf/spark-s3.conf")));
    s3.sparkConf().forEach(kv -> lines.add(kv.replaceFirst("=", " ")));
    lines.add("spark.hadoop.fs.s3a.access.key " + ACCESS_KEY);
    lines.add("spark.hadoop.fs.s3a.secret.key " + SECRET);
    Files.write(properties, lines);
    long t = System.nanoTime();
    cluster = LocalCluster.start(tmp.resolve("cluster"), 2);
    System.out.printf("cluster started in %.1f s%n", (System.nanoTime() - t) / 1e9);
  }

  @AfterAll
  static void stopClusterAndS3() {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static Scripts.Result submit(String master, String mode, String runId, String... sparkConf)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--master", master, "--properties-file", properties.toString(),
        // Both executors registered before the first task, one 1-core executor per worker.
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=300s",
        "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=1g",
        "--conf", "spark.ui.enabled=false"));
    for (String kv : sparkConf) {
      args.addAll(List.of("--conf", kv));
    }
    args.addAll(List.of("--", "--input", IMAGES, "--model", MODEL, "--output", OUTPUT, "--labels-from-dirs",
        "--partitions", Integer.toString(PARTITIONS), "--mode", mode, "--run-id", runId));
    return Scripts.run(tmp.resolve("runs"), "submit.sh", args, Map.of(), Duration.ofMinutes(8));
  }

  private static Path download(String name) throws Exception {
    Path dir = tmp.resolve(name);
    s3.download(OUTPUT, dir);
    return dir;
  }

  @Test
  @Order(1)
  void retriedTaskLeavesEveryFileOnceModelLoadedOncePerExecutorFromTheBroadcast() throws Exception {
    Scripts.Result run = submit(cluster.masterUrl, "errorifexists", "cluster-1",
        "spark.executorEnv.EFFNET_TESTHOOK_FAIL_FIRST_ATTEMPT_OF_PARTITION=" + FAILING_PARTITION);
    assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    Path out = download("first-run");

    // Complete and correct: one row per image, equal to the local run's.
    assertEquals(Fixtures.imageCount(), Fixtures.rowCount(out), "each file exactly once despite the failed task");
    Map<String, Fixtures.Row> rows = Fixtures.rows(out);
    Map<String, Fixtures.Row> local = Fixtures.reference();
    assertEquals(local.keySet(), rows.keySet());
    for (String key : local.keySet()) {
      assertEquals(local.get(key).label(), rows.get(key).label(), key);
      assertEquals(local.get(key).probability(), rows.get(key).probability(), 1e-5, key);
    }
    firstRun = rows;
    JsonObject summary = JobHarness.runJson(out);
    String appId = summary.get("application_id").getAsString();
    assertTrue(appId.startsWith("app-"), "a standalone application id, not local mode: " + appId);
    JsonObject success = JsonParser.parseString(Files.readString(out.resolve("_SUCCESS"))).getAsJsonObject();
    assertEquals("magic", success.get("committer").getAsString());

    // Two executor JVMs, each loaded the model exactly once, whatever the number of partitions.
    Map<String, String> executors = cluster.executorLogs(appId);
    keepEvidence("cluster-run", run, executors);
    assertEquals(2, executors.size(), "executors: " + executors.keySet());
    Map<String, Long> broadcastIds = new TreeMap<>();
    Map<Integer, List<Integer>> attemptsByPartition = new TreeMap<>();
    long rowsFromTasks = 0;
    for (Map.Entry<String, String> e : executors.entrySet()) {
      String log = e.getValue();
      List<String> loads = matches(LOADED, log, 1);
      assertEquals(List.of("1"), loads, e.getKey() + " must load the model exactly once");
      // The model arrived as a broadcast: our announcement names the broadcast id, and Spark's TorrentBroadcast
      // fetched that very broadcast's blocks in this JVM.
      List<String> received = matches(RECEIVED, log, 1);
      assertEquals(1, received.size(), e.getKey() + ": " + received);
      long id = Long.parseLong(received.get(0));
      broadcastIds.put(e.getKey(), id);
      assertTrue(log.contains("Started reading broadcast variable " + id + " "), e.getKey() + " fetched broadcast " + id);
      Matcher m = PARTITION_DONE.matcher(log);
      int tasksHere = 0;
      while (m.find()) {
        int partition = Integer.parseInt(m.group(1));
        attemptsByPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
        rowsFromTasks += Long.parseLong(m.group(3));
        tasksHere++;
      }
      assertTrue(tasksHere >= 1, e.getKey() + " ran no classify task");
    }
    assertEquals(1, broadcastIds.values().stream().distinct().count(), "one broadcast of the model: " + broadcastIds);
    assertEquals(PARTITIONS, attemptsByPartition.size(), "every partition completed: " + attemptsByPartition);
    assertEquals(Fixtures.imageCount(), rowsFromTasks, "completed tasks classified every image once");
    attemptsByPartition.forEach((p, attempts) -> assertEquals(1, attempts.size(), "partition " + p + " completed twice"));
    // The injected fault: the first attempt of the chosen partition failed after one row, the retry completed.
    assertEquals(List.of(1), attemptsByPartition.get(FAILING_PARTITION), "completed by its second attempt");
    String allExecutorLogs = String.join("\n", executors.values());
    assertTrue(allExecutorLogs.contains("failing attempt 0 of partition " + FAILING_PARTITION), "the hook fired");
    assertTrue(run.stderr().contains("Lost task " + FAILING_PARTITION + ".0"), "the driver saw the failure");
    assertEquals(List.of(), matchingFiles(out, "test hook"), "no trace of the failed attempt in the output");

    // The S3 secret, given as spark.hadoop.fs.s3a.secret.key, shows up nowhere.
    assertFalse(run.all().contains(SECRET), "secret in the submit output");
    cluster.allLogs().forEach((f, text) -> assertFalse(text.contains(SECRET), "secret in " + f));
    assertFalse(Files.readString(out.resolve("_run.json")).contains(SECRET));
  }

  /** The rerun goes through local mode (one JVM, cheaper than a second cluster application) to the same S3 output. */
  @Test
  @Order(2)
  void rerunWithOverwriteGivesTheSameRows() throws Exception {
    assertNotNull(firstRun, "needs the first run's output");
    Scripts.Result run = submit("local[2]", "overwrite", "cluster-2");
    assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    Path out = download("second-run");
    assertEquals(Fixtures.imageCount(), Fixtures.rowCount(out));
    Map<String, Fixtures.Row> rows = Fixtures.rows(out);
    assertEquals(Set.of("cluster-2"), rows.values().stream().map(Fixtures.Row::runId).collect(Collectors.toSet()),
        "overwrite replaced the first run's rows");
    assertEquals(Fixtures.withoutRunId(firstRun), Fixtures.withoutRunId(rows));
    assertFalse(run.all().contains(SECRET), "secret in the rerun's output");
  }

  /** Copies the driver's output and the executors' logs of a run to target/it-evidence/ for a human to read. */
  private static void keepEvidence(String name, Scripts.Result run, Map<String, String> executors) throws Exception {
    Path dir = Scripts.target().resolve("it-evidence").resolve(name);
    Fixtures.deleteRecursively(dir);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("driver-stdout.txt"), run.stdout());
    Files.writeString(dir.resolve("driver-stderr.txt"), run.stderr());
    for (Map.Entry<String, String> e : executors.entrySet()) {
      Files.writeString(dir.resolve(e.getKey().replace('/', '-') + "-stderr.txt"), e.getValue());
    }
  }

  private static List<String> matches(Pattern p, String text, int group) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(group));
    }
    return out;
  }

  private static List<Path> matchingFiles(Path dir, String needle) throws Exception {
    try (var files = Files.walk(dir)) {
      List<Path> hits = new ArrayList<>();
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle)) {
          hits.add(f);
        }
      }
      return hits;
    }
  }
}
