package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real YARN cluster with its images, model and output on HDFS (both from {@code jobs/local-yarn.sh}),
 * submitted with {@code jobs/submit.sh --master yarn} in cluster and client mode; the output copied back from HDFS
 * and read by DuckDB, row by row against a local-mode run of the same images. Containers get a {@code user.home}
 * and {@code HOME} that cannot be created, so a write to a home folder fails the run. Evidence (application ids,
 * ResourceManager reports, every container's logs) goes to {@code target/it-evidence/yarn-*}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobOnYarnIT {
  private static final String IMAGES = "/effnet/images";
  private static final String MODEL = "/effnet/models/fashion-effnet/model.onnx";
  /** Under /dev/null: nothing, root included, can create it. */
  private static final String NO_HOME = "/dev/null/effnet-no-home";
  private static final String DJL_FLAGS = "-Dai.djl.offline=true -Dai.djl.onnx.disable_alternative=true "
      + "-Dai.djl.pytorch.graph_optimizer=false -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 "
      + "-Duser.home=" + NO_HOME;
  private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
  private static final Pattern LOADS = Pattern.compile("Loaded model model\\.onnx .*model loads in this JVM: (\\d+)");
  private static final Pattern NATIVES =
      Pattern.compile("Native libraries in this JVM \\(java\\.io\\.tmpdir (\\S+)\\): \\[(.*)]");
  private static final Pattern PARTITION_DONE =
      Pattern.compile("Partition (\\d+) \\(task attempt (\\d+)\\): (\\d+) rows");

  @TempDir
  static Path tmp;
  private static YarnCluster cluster;
  private static String user;

  @BeforeAll
  static void startYarnAndHdfs() throws Exception {
    cluster = YarnCluster.shared();
    user = cluster.superuser();
    try (FileSystem fs = cluster.fs()) {
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(Fixtures.images().toUri()),
          new org.apache.hadoop.fs.Path(IMAGES));
      for (String f : Fixtures.modelFiles()) {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestPaths.MODEL_DIR.resolve(f).toUri()),
            new org.apache.hadoop.fs.Path("/effnet/models/fashion-effnet/" + f));
      }
    }
  }

  private static List<String> sparkArgs(String deployMode, String... conf) {
    List<String> args = new ArrayList<>(List.of("--properties-file", cluster.sparkProperties().toString(),
        "--master", "yarn", "--deploy-mode", deployMode, "--num-executors", "2", "--executor-cores", "1",
        "--executor-memory", "768m", "--driver-memory", deployMode.equals("cluster") ? "768m" : "1500m",
        "--conf", "spark.executor.memoryOverhead=512m", "--conf", "spark.driver.memoryOverhead=512m",
        "--conf", "spark.yarn.am.memory=512m", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.dynamicAllocation.enabled=false",
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=300s",
        "--conf", "spark.executor.extraJavaOptions=" + DJL_FLAGS,
        "--conf", "spark.executorEnv.HOME=" + NO_HOME,
        "--conf", "spark.yarn.appMasterEnv.HOME=" + NO_HOME));
    // The container that runs the ApplicationMaster: in cluster mode it is the driver; in client mode the driver
    // is this machine's submit JVM, whose home is the user's.
    args.addAll(deployMode.equals("cluster")
        ? List.of("--conf", "spark.driver.extraJavaOptions=" + DJL_FLAGS)
        : List.of("--conf", "spark.yarn.am.extraJavaOptions=-Duser.home=" + NO_HOME));
    for (String kv : conf) {
      args.addAll(List.of("--conf", kv));
    }
    return args;
  }

  private static Scripts.Result submit(List<String> sparkArgs, String... jobArgs) throws Exception {
    List<String> args = new ArrayList<>(sparkArgs);
    args.add("--");
    args.addAll(List.of(jobArgs));
    return Scripts.run(tmp.resolve("runs"), "submit.sh", args,
        Map.of("HADOOP_CONF_DIR", cluster.confDir().toString()), Duration.ofMinutes(8));
  }

  private static String appId(Scripts.Result run) {
    Matcher m = APP_ID.matcher(run.stderr());
    assertTrue(m.find(), "spark-submit names the application\n" + run);
    return m.group();
  }

  @Test
  @Order(1)
  void clusterModeReadsHdfsLoadsTheModelOncePerExecutorAndMatchesTheLocalRun() throws Exception {
    Map<String, Fixtures.Row> reference = Fixtures.reference();
    Scripts.Result run = submit(sparkArgs("cluster"), "--input", IMAGES, "--model", MODEL, "--output",
        "/effnet/out-cluster", "--labels-from-dirs", "--partitions", "6", "--run-id", "yarn-cluster");
    String appId = appId(run);
    Path evidence = keepEvidence("yarn-cluster", appId, run);
    assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    YarnCluster.AppReport report = cluster.application(appId);
    assertEquals("FINISHED", report.state(), report.toString());
    assertEquals("SUCCEEDED", report.finalStatus(), report.toString());
    assertEquals(1, cluster.attempts(appId), "one attempt");

    Path out = copyOutput("/effnet/out-cluster", "cluster-output");
    assertRowsMatch(reference, out);
    JsonObject summary = JobHarness.runJson(out);
    assertEquals(appId, summary.get("application_id").getAsString());

    Map<String, String> logs = cluster.containerStderr(appId);
    String am = logs.keySet().stream().filter(c -> c.endsWith("_000001")).findFirst().orElseThrow();
    // The driver, in the ApplicationMaster's container, read the model from HDFS and loaded it once to check it.
    assertEquals(List.of("1"), matches(LOADS, logs.get(am)), "driver's model loads");
    Map<String, String> executors = executorLogs(logs);
    assertEquals(2, executors.size(), "executor containers: " + executors.keySet());
    long rows = 0;
    for (Map.Entry<String, String> e : executors.entrySet()) {
      assertEquals(List.of("1"), matches(LOADS, e.getValue()), e.getKey() + " loads the model exactly once");
      assertTrue(e.getValue().contains("received as broadcast"), e.getKey() + " got the model as a broadcast");
      rows += matchesAll(PARTITION_DONE, e.getValue()).stream().mapToLong(g -> Long.parseLong(g[2])).sum();
    }
    assertEquals(Fixtures.imageCount(), rows, "the executors' tasks classified every image once");
    Files.writeString(evidence.resolve("natives.txt"), assertNativesInContainers(appId, logs));
  }

  @Test
  @Order(2)
  void failedClusterModeRunIsFailedInYarnWithTheExitCodeAndCauseInItsDiagnostics() throws Exception {
    Scripts.Result run = submit(sparkArgs("cluster"), "--input", "/effnet/no-such-folder", "--model", MODEL,
        "--output", "/effnet/out-failed", "--run-id", "yarn-failed");
    String appId = appId(run);
    keepEvidence("yarn-cluster-failed", appId, run);
    assertEquals(ExitCode.FAILURE, run.exitCode(), "spark-submit's exit for a FAILED application\n" + run);
    YarnCluster.AppReport report = cluster.application(appId);
    // It failed before Spark started, so before its ApplicationMaster registered with the ResourceManager (which
    // Spark does once the SparkContext is up): YARN sees the AM container end (exit 13, Spark's "SparkContext not
    // initialised") and puts the container's last stderr lines, the job's message among them, into the diagnostics.
    assertEquals("FAILED", report.state(), report.toString());
    assertEquals("FAILED", report.finalStatus(), report.toString());
    String diagnostics = report.diagnostics();
    assertTrue(diagnostics.contains("effnet-spark exit code 3 (input missing)"), diagnostics);
    assertTrue(diagnostics.contains("no-such-folder"), "names the path: " + diagnostics);
    assertFalse(diagnostics.contains("Shutdown hook called before final status"), diagnostics);
    assertEquals(1, cluster.attempts(appId), "no second attempt (spark.yarn.maxAppAttempts=1)");
    assertTrue(run.stderr().contains("effnet-spark exit code 3 (input missing)"),
        "spark-submit shows the diagnostics\n" + run);
    try (FileSystem fs = cluster.fs()) {
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/effnet/out-failed")), "nothing written");
    }
  }

  @Test
  @Order(2)
  void runFailingAfterSparkStartedIsFinishedWithFinalStatusFailedAndTheExitCodeAsDiagnostics() throws Exception {
    try (FileSystem fs = cluster.fs()) {
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(Fixtures.images().resolve("bag").toUri()),
          new org.apache.hadoop.fs.Path("/effnet/some-bad/bag"));
      try (var out = fs.create(new org.apache.hadoop.fs.Path("/effnet/some-bad/bag/truncated.png"))) {
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      }
    }
    Scripts.Result run = submit(sparkArgs("cluster"), "--input", "/effnet/some-bad", "--model", MODEL,
        "--output", "/effnet/out-errors", "--max-error-fraction", "0", "--partitions", "2", "--run-id", "yarn-6");
    String appId = appId(run);
    keepEvidence("yarn-cluster-failed-after-start", appId, run);
    assertEquals(ExitCode.FAILURE, run.exitCode(), "spark-submit's exit for a FAILED application\n" + run);
    YarnCluster.AppReport report = cluster.application(appId);
    // Spark had started: the ApplicationMaster unregisters with the final status and the exception's message.
    assertEquals("FINISHED", report.state(), report.toString());
    assertEquals("FAILED", report.finalStatus(), report.toString());
    String diagnostics = report.diagnostics();
    assertTrue(diagnostics.startsWith("User class threw exception: io.effnetspark.cli.DriverExit$JobFailed: "
        + "effnet-spark exit code 6 (error fraction exceeded)"), diagnostics);
    assertEquals(1, cluster.attempts(appId), "no second attempt");
    try (FileSystem fs = cluster.fs()) {
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/effnet/out-errors/_SUCCESS")), "the output was written");
    }
  }

  @Test
  @Order(3)
  void clientModeWithAnExecutorContainerKilledMidRunWritesEveryRowOnce() throws Exception {
    Map<String, Fixtures.Row> reference = Fixtures.reference();
    List<String> args = sparkArgs("client", "spark.executorEnv.EFFNET_TESTHOOK_PARTITION_DELAY_MS=3000");
    long start = System.nanoTime();
    CompletableFuture<Scripts.Result> running = CompletableFuture.supplyAsync(() -> {
      try {
        return submit(args, "--input", "hdfs://" + hostPort() + IMAGES, "--model", MODEL, "--output",
            "/effnet/out-client", "--labels-from-dirs", "--partitions", "12", "--run-id", "yarn-client");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    String killed = killOneExecutorMidRun(running);
    long killedAfter = Math.round((System.nanoTime() - start) / 1e9);
    Scripts.Result run = running.get(10, TimeUnit.MINUTES);
    String appId = appId(run);
    Path evidence = keepEvidence("yarn-client-killed-executor", appId, run);
    Files.writeString(evidence.resolve("killed.txt"), "killed container " + killed + " with SIGKILL " + killedAfter
        + " s after the submit started; the run took " + Math.round(run.seconds()) + " s\n");
    assertEquals(ExitCode.OK, run.exitCode(), run.toString());
    assertEquals("SUCCEEDED", cluster.application(appId).finalStatus());
    assertTrue(run.stderr().contains("Lost executor"), "the driver saw the executor die\n" + run);

    Path out = copyOutput("/effnet/out-client", "client-output");
    assertRowsMatch(reference, out);
    String killedLog = cluster.containerStderr(appId).get(killed);
    assertFalse(PARTITION_DONE.matcher(killedLog).results().count() == 12, "the killed executor did not do it all");
  }

  /**
   * Waits for the client-mode run's executors to be mid-partition (each has loaded the model; the test hook holds
   * every task 3 s after its first row), then kills one executor's JVM with SIGKILL, found from the pid the
   * NodeManager recorded for its container. Returns the container id.
   */
  private static String killOneExecutorMidRun(CompletableFuture<Scripts.Result> running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
    while (System.nanoTime() < deadline && !running.isDone()) {
      for (String appId : runningApps()) {
        for (Map.Entry<String, String> e : executorLogs(cluster.containerStderr(appId)).entrySet()) {
          if (!LOADS.matcher(e.getValue()).find()) {
            continue;
          }
          Optional<Long> pid = cluster.containerPid(appId, e.getKey());
          if (pid.isEmpty()) {
            continue;
          }
          ProcessHandle launch = ProcessHandle.of(pid.get()).orElseThrow();
          List<ProcessHandle> javas = new ArrayList<>();
          if (launch.info().command().orElse("").endsWith("/java")) {
            javas.add(launch);
          }
          launch.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).forEach(javas::add);
          assertEquals(1, javas.size(), "one executor JVM in container " + e.getKey());
          assertTrue(javas.get(0).destroyForcibly(), "SIGKILL sent");
          System.out.println("killed executor container " + e.getKey() + " (pid " + javas.get(0).pid() + ")");
          return e.getKey();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no executor was running a task to kill\n" + (running.isDone() ? running.get() : ""));
  }

  private static List<String> runningApps() throws Exception {
    return cluster.applicationIds("RUNNING");
  }

  private static String hostPort() {
    return cluster.defaultFs().substring("hdfs://".length());
  }

  /** Containers that ran an executor (Spark's CoarseGrainedExecutorBackend), by container id. */
  private static Map<String, String> executorLogs(Map<String, String> logs) {
    Map<String, String> out = new TreeMap<>();
    logs.forEach((id, log) -> {
      if (!id.endsWith("_000001") && (log.contains("received as broadcast") || log.contains("Loaded model"))) {
        out.put(id, log);
      }
    });
    return out;
  }

  /**
   * ONNX Runtime's natives, in every container that loaded the model, were extracted under that container's own
   * folder (its java.io.tmpdir), never a home folder. Returns the lines for the evidence.
   */
  private static String assertNativesInContainers(String appId, Map<String, String> logs) {
    Map<String, Path> workDirs = cluster.containerWorkDirs(appId, user);
    StringBuilder evidence = new StringBuilder();
    int seen = 0;
    for (Map.Entry<String, String> e : logs.entrySet()) {
      Matcher m = NATIVES.matcher(e.getValue());
      if (!m.find()) {
        continue;
      }
      seen++;
      Path container = workDirs.get(e.getKey());
      assertTrue(container != null, "work folder of " + e.getKey() + ": " + workDirs.keySet());
      assertTrue(Path.of(m.group(1)).startsWith(container), e.getKey() + " tmpdir " + m.group(1));
      List<String> libs = List.of(m.group(2).split(", "));
      List<String> ort = libs.stream().filter(l -> l.contains("onnxruntime")).toList();
      assertFalse(ort.isEmpty(), e.getKey() + ": ONNX Runtime loaded: " + libs);
      for (String lib : libs) {
        assertTrue(Path.of(lib).startsWith(container), e.getKey() + ": " + lib + " outside " + container);
      }
      evidence.append(e.getKey()).append(": tmpdir ").append(m.group(1)).append("\n  ")
          .append(String.join("\n  ", libs)).append('\n');
    }
    assertTrue(seen >= 3, "driver and two executors report their natives: " + seen);
    return evidence.toString();
  }

  private static Path copyOutput(String hdfsDir, String name) throws Exception {
    Path local = tmp.resolve(name);
    try (FileSystem fs = cluster.fs()) {
      fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(hdfsDir), new org.apache.hadoop.fs.Path(local.toUri()),
          true);
    }
    return local;
  }

  private static void assertRowsMatch(Map<String, Fixtures.Row> reference, Path out) throws Exception {
    assertEquals(Fixtures.imageCount(), Fixtures.rowCount(out), "each image exactly once");
    Map<String, Fixtures.Row> rows = Fixtures.rows(out);
    assertEquals(reference.keySet(), rows.keySet());
    for (String key : reference.keySet()) {
      assertEquals(reference.get(key).label(), rows.get(key).label(), key);
      assertEquals(reference.get(key).probability(), rows.get(key).probability(), 1e-5, key);
      assertEquals(reference.get(key).errorClass(), rows.get(key).errorClass(), key);
    }
    assertTrue(Files.exists(out.resolve("_SUCCESS")), "committed");
    try (var files = Files.walk(out)) {
      assertFalse(files.anyMatch(p -> p.toString().contains("_temporary")), "no attempt folders left behind");
    }
  }

  /** submit output, the ResourceManager's report and every container's logs under target/it-evidence/NAME. */
  private static Path keepEvidence(String name, String appId, Scripts.Result run) throws Exception {
    Path dir = Scripts.target().resolve("it-evidence").resolve(name);
    Fixtures.deleteRecursively(dir);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("application.txt"), appId + "\nsubmit took " + Math.round(run.seconds())
        + " s, exit " + run.exitCode() + "\n" + cluster.application(appId) + "\n");
    Files.writeString(dir.resolve("submit-stdout.txt"), run.stdout());
    Files.writeString(dir.resolve("submit-stderr.txt"), run.stderr());
    cluster.copyContainerLogs(appId, dir.resolve("containers"));
    return dir;
  }

  private static List<String> matches(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<String[]> matchesAll(Pattern p, String text) {
    List<String[]> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2), m.group(3)});
    }
    return out;
  }
}
