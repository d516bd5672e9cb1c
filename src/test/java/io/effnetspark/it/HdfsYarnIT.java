package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.TestImages;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import io.effnetspark.job.ImageDiscovery;
import io.effnetspark.output.OutputLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDFS as the job's file system (the cluster of {@link YarnCluster#shared()}, NameNode dfs.ls.limit
 * {@value YarnCluster#SHARED_LS_LIMIT}): batched recursive listing with the local disk's hidden-file rules, counted
 * at the NameNode; --incremental and --run-date; the output lock; permissions as a user who is not the HDFS
 * superuser (the superuser bypasses them). The job runs in this JVM in Spark local mode, or through
 * {@code jobs/submit.sh} for another user.
 */
class HdfsYarnIT {
  private static final String ALICE = "alice";
  @TempDir
  static Path tmp;
  private static YarnCluster cluster;
  private static SparkSession spark;
  private static String fs;

  @BeforeAll
  static void startClusterAndSpark() throws Exception {
    cluster = YarnCluster.shared();
    fs = cluster.defaultFs();
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    spark = SparkSession.builder().master("local[2]").appName("HdfsYarnIT").config("spark.ui.enabled", "false")
        .config("spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  private static org.apache.hadoop.fs.Path hdfs(String path) {
    return new org.apache.hadoop.fs.Path(fs + path);
  }

  /**
   * The same tree on HDFS and on local disk: 20 folders of 150 files, with the names the rules skip (dot files,
   * files in dot folders, other extensions) and keep ({@code _DSC0001.JPG}).
   */
  private static List<String> tree() {
    List<String> files = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      for (int f = 0; f < 146; f++) {
        files.add("d" + d + "/img" + f + ".png");
      }
      files.add("d" + d + "/.hidden" + d + ".png");
      files.add("d" + d + "/_DSC000" + d + ".JPG");
      files.add("d" + d + "/notes" + d + ".txt");
      files.add("d" + d + "/.cache/x" + d + ".png");
    }
    return files;
  }

  @Test
  void listingAFewThousandFilesTakesOneBatchedCallPerPageNotOnePerFileWithTheLocalDisksRules() throws Exception {
    List<String> files = tree();
    Path local = tmp.resolve("tree");
    try (FileSystem client = cluster.fs()) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> writes = new ArrayList<>();
      long t = System.nanoTime();
      for (String f : files) {
        writes.add(pool.submit(() -> {
          try (FSDataOutputStream out = client.create(hdfs("/listing/" + f))) {
            out.write(1);
          }
          Path p = local.resolve(f);
          Files.createDirectories(p.getParent());
          Files.write(p, new byte[] {1});
          return null;
        }));
      }
      for (Future<?> w : writes) {
        w.get();
      }
      pool.shutdown();
      System.out.printf("created %d files on HDFS in %.1f s%n", files.size(), (System.nanoTime() - t) / 1e9);
    }
    long[] before = cluster.listingCounters();
    ImageDiscovery.Listing onHdfs = ImageDiscovery.discover(spark, fs + "/listing");
    long[] after = cluster.listingCounters();
    long ops = after[0] - before[0];
    long entries = after[1] - before[1];
    ImageDiscovery.Listing onDisk = ImageDiscovery.discover(spark, local.toString());

    String figures = String.format("HDFS listing of %d files in %d folders (dfs.ls.limit %d): %d listing calls "
        + "returning %d entries", files.size(), 41, YarnCluster.SHARED_LS_LIMIT, ops, entries);
    System.out.println(figures);
    Files.writeString(Files.createDirectories(Scripts.target().resolve("it-evidence/hdfs-listing"))
        .resolve("listing.txt"), figures + "\n");
    // 20 folders of 150 entries page twice each at 100 per call, plus the root and 20 dot folders: 61 calls.
    // One call per file would be 3,080.
    int pages = 20 * (int) Math.ceil(150.0 / YarnCluster.SHARED_LS_LIMIT) + 1 + 20;
    assertTrue(ops <= pages + 5, figures);
    assertTrue(ops >= pages - 20, "the listing paged (dfs.ls.limit honoured): " + figures);
    assertEquals(relative(onDisk, local.toUri().toString()), relative(onHdfs, fs + "/listing/"),
        "the same files kept as on local disk");
    assertEquals(20 * 147, onHdfs.imagesFound(), "146 PNGs and one _DSC JPG per folder");
    assertEquals(onDisk.skippedByReason(), onHdfs.skippedByReason());
    assertEquals(onDisk.filesListed(), onHdfs.filesListed());
  }

  private static Set<String> relative(ImageDiscovery.Listing listing, String root) {
    Set<String> out = new TreeSet<>();
    for (Row r : listing.images().collectAsList()) {
      String p = r.getString(0);
      out.add(p.substring(p.indexOf("/listing/") >= 0 ? p.indexOf("/listing/") + 9 : p.indexOf("/tree/") + 6));
    }
    return out;
  }

  @Test
  void incrementalRunsWithRunDatePartitionsOnHdfsClassifyOnlyNewFiles() throws Exception {
    try (FileSystem client = cluster.fs()) {
      for (Path f : TestImages.copy(tmp.resolve("inc-a"), "bag", 0, 6)) {
        client.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()), hdfs("/inc/images/bag/" + f.getFileName()));
      }
      for (String f : Fixtures.modelFiles()) {
        client.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestPaths.MODEL_DIR.resolve(f).toUri()),
            hdfs("/inc/model/" + f));
      }
    }
    JobHarness.Run first = JobHarness.run("--input", fs + "/inc/images", "--model", fs + "/inc/model/model.onnx",
        "--output", fs + "/inc/out", "--mode", "append", "--incremental", "--run-date", "2026-12-01",
        "--run-id", "inc-1");
    assertEquals(ExitCode.OK, first.code(), first.err());
    try (FileSystem client = cluster.fs()) {
      for (Path f : TestImages.copy(tmp.resolve("inc-b"), "coat", 0, 4)) {
        client.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()),
            hdfs("/inc/images/coat/" + f.getFileName()));
      }
    }
    JobHarness.Run second = JobHarness.run("--input", fs + "/inc/images", "--model", fs + "/inc/model/model.onnx",
        "--output", fs + "/inc/out", "--mode", "append", "--incremental", "--run-date", "2026-12-02",
        "--run-id", "inc-2");
    assertEquals(ExitCode.OK, second.code(), second.err());

    Path out = tmp.resolve("inc-out");
    try (FileSystem client = cluster.fs()) {
      client.copyToLocalFile(false, hdfs("/inc/out"), new org.apache.hadoop.fs.Path(out.toUri()), true);
      JsonObject run = JsonParser.parseString(new String(client.open(hdfs("/inc/out/_run.json")).readAllBytes(),
          StandardCharsets.UTF_8)).getAsJsonObject();
      assertEquals(4, run.getAsJsonObject("incremental").get("files_new").getAsLong(), run.toString());
      assertEquals(6, run.getAsJsonObject("incremental").get("files_already_predicted").getAsLong());
    }
    Map<String, Long> perDate = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT run_date::VARCHAR, count(*), count(DISTINCT path) FROM read_parquet('"
            + out + "/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        assertEquals(rs.getLong(2), rs.getLong(3), "each path once in " + rs.getString(1));
        perDate.put(rs.getString(1), rs.getLong(2));
      }
    }
    assertEquals(Map.of("2026-12-01", 6L, "2026-12-02", 4L), perDate);
  }

  @Test
  void aLiveLockOnAnHdfsOutputRefusesASecondWriterWithExitSeven() throws Exception {
    try (FileSystem client = cluster.fs()) {
      client.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestImages.copy(tmp.resolve("lock-in"), "bag", 0, 1)
          .get(0).toUri()), hdfs("/lock/images/a.png"));
    }
    try (OutputLock held = OutputLock.acquire(hdfs("/lock/out"), spark.sparkContext().hadoopConfiguration(),
        "the-other-run", "overwrite", n -> { })) {
      JobHarness.Run run = JobHarness.run("--input", fs + "/lock/images", "--output", fs + "/lock/out",
          "--mode", "overwrite", "--run-id", "second");
      assertEquals(ExitCode.OUTPUT_LOCKED, run.code(), run.err());
      assertTrue(run.err().contains("the-other-run"), run.err());
    }
  }

  @Test
  void asAUserWhoIsNotTheSuperuserMissingOrUnreadablePathsGiveTheDocumentedExitCodes() throws Exception {
    try (FileSystem client = cluster.fs()) {
      for (Path f : TestImages.copy(tmp.resolve("perm-in"), "bag", 0, 2)) {
        client.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()), hdfs("/private/images/" + f.getFileName()));
      }
      for (String f : Fixtures.modelFiles()) {
        client.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestPaths.MODEL_DIR.resolve(f).toUri()),
            hdfs("/private/model/" + f));
      }
      client.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestImages.copy(tmp.resolve("pub-in"), "coat", 0, 1)
          .get(0).toUri()), hdfs("/pub/images/a.png"));
      client.setPermission(hdfs("/private/images"), new FsPermission((short) 0700));
      client.setPermission(hdfs("/private/model/model.onnx"), new FsPermission((short) 0600));
      client.mkdirs(hdfs("/user/" + ALICE));
      client.setOwner(hdfs("/user/" + ALICE), ALICE, ALICE);
    }
    UserGroupInformation alice = UserGroupInformation.createRemoteUser(ALICE);
    String out = fs + "/user/" + ALICE + "/out";

    JobHarness.Run missing = alice.doAs((PrivilegedExceptionAction<JobHarness.Run>) () -> JobHarness.run(
        "--input", fs + "/no/such/images", "--output", out));
    assertEquals(ExitCode.INPUT_MISSING, missing.code(), missing.err());
    JobHarness.Run unreadableInput = alice.doAs((PrivilegedExceptionAction<JobHarness.Run>) () -> JobHarness.run(
        "--input", fs + "/private/images", "--output", out));
    assertEquals(ExitCode.INPUT_MISSING, unreadableInput.code(), unreadableInput.err());
    assertTrue(unreadableInput.err().contains("Permission denied"), unreadableInput.err());

    // The model, through jobs/submit.sh as a user would run it: HADOOP_USER_NAME names the HDFS user.
    Scripts.Result unreadableModel = Scripts.run(tmp.resolve("runs"), "submit.sh", List.of("--master", "local[1]",
        "--conf", "spark.ui.enabled=false", "--", "--input", fs + "/pub/images", "--model",
        fs + "/private/model/model.onnx", "--output", out), Map.of("HADOOP_USER_NAME", ALICE,
        "HADOOP_CONF_DIR", cluster.confDir().toString()), Duration.ofMinutes(5));
    assertEquals(ExitCode.BAD_MODEL, unreadableModel.exitCode(), unreadableModel.toString());
    assertTrue(unreadableModel.stderr().contains("Permission denied"), unreadableModel.toString());
    try (FileSystem client = cluster.fs()) {
      assertTrue(!client.exists(hdfs("/user/" + ALICE + "/out")), "nothing written");
    }
  }
}
