package io.effnetspark.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * A real HDFS and YARN for tests (NameNode, DataNode, ResourceManager, NodeManager in one child JVM from
 * hadoop-client-minicluster), started and stopped with the users' script, {@code jobs/local-yarn.sh}. Executors and
 * cluster-mode drivers run in containers: JVMs the NodeManager launches. Reads what a user or a scheduler reads:
 * the ResourceManager (an application's state, final status, diagnostics, attempts, through YarnClient), the NameNode's JMX
 * (listing calls), the NodeManager's container logs and folders.
 */
public final class YarnCluster implements AutoCloseable {
  public final Path dir;
  private final ClusterScript script;
  private final Properties props = new Properties();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private YarnCluster(Path dir, ClusterScript script) {
    this.dir = dir;
    this.script = script;
  }

  /** The NameNode's dfs.ls.limit in {@link #shared()}: small, so that a listing of a few hundred files pages. */
  public static final int SHARED_LS_LIMIT = 100;
  private static YarnCluster shared;

  /**
   * One cluster for every *YarnIT class of this JVM (a start costs 20 s to 2 min here), in target/yarn-it, stopped
   * when the JVM exits.
   */
  public static synchronized YarnCluster shared() throws IOException, InterruptedException {
    if (shared == null) {
      long t = System.nanoTime();
      Path dir = Scripts.target().resolve("yarn-it").resolve("cluster");
      Fixtures.deleteRecursively(dir.getParent());
      shared = start(dir, SHARED_LS_LIMIT);
      System.out.printf("HDFS + YARN started in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }
    return shared;
  }

  /** Starts the cluster; {@code dfsLsLimit} is the NameNode's {@code dfs.ls.limit} (entries per listing call). */
  public static YarnCluster start(Path dir, int dfsLsLimit) throws IOException, InterruptedException {
    Map<String, String> env = Map.of("EFFNET_YARN_DIR", dir.toString(),
        "EFFNET_YARN_DFS_LS_LIMIT", Integer.toString(dfsLsLimit),
        "EFFNET_YARN_NM_MEMORY_MB", "6144", "EFFNET_YARN_NM_VCORES", "4");
    // The cluster's JVM and the containers it launches inherit Scripts' quick-start JVM options.
    YarnCluster cluster = new YarnCluster(dir, ClusterScript.start(dir.getParent().resolve("yarn-script-output"),
        "local-yarn.sh", env, Duration.ofMinutes(6)));
    try (InputStream in = Files.newInputStream(dir.resolve("cluster.properties"))) {
      cluster.props.load(in);
    }
    return cluster;
  }

  /** hdfs://127.0.0.1:PORT */
  public String defaultFs() {
    return props.getProperty("fs.defaultFS");
  }

  /** The clients' configuration folder (HADOOP_CONF_DIR). */
  public Path confDir() {
    return dir.resolve("conf");
  }

  /** conf/spark-yarn.conf plus spark.yarn.jars=local:..., as jobs/local-yarn.sh wrote it. */
  public Path sparkProperties() {
    return dir.resolve("spark-yarn.conf");
  }

  /** The HDFS superuser (the OS user that started the cluster). */
  public String superuser() {
    return props.getProperty("superuser");
  }

  /** A client configuration for this JVM (the written core/hdfs-site.xml). */
  public Configuration hadoopConf() {
    Configuration conf = new Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(confDir().resolve("core-site.xml").toUri()));
    return conf;
  }

  /** A FileSystem client of this HDFS as the superuser (not cached: closing it closes nobody else's). */
  public FileSystem fs() throws IOException {
    return FileSystem.newInstance(URI.create(defaultFs()), hadoopConf());
  }

  /**
   * The ResourceManager's report of an application (state, final status, diagnostics), read with {@link YarnClient}
   * over the RM's client RPC, as {@code yarn application -status} does; its REST API is not used: Hadoop 3.3.4's
   * minicluster (-Pspark35) answers 404 to {@code /ws/v1/cluster/apps/<id>}.
   */
  public AppReport application(String appId) throws IOException {
    return withYarnClient(yarn -> {
      ApplicationReport r = yarn.getApplicationReport(ApplicationId.fromString(appId));
      return new AppReport(r.getYarnApplicationState().name(), r.getFinalApplicationStatus().name(),
          r.getDiagnostics() == null ? "" : r.getDiagnostics());
    });
  }

  /** An application's state and final status as YARN names them ({@code FINISHED}, {@code SUCCEEDED}, ...). */
  public record AppReport(String state, String finalStatus, String diagnostics) {}

  /** Ids of the applications in a state (RUNNING, FINISHED, ...). */
  public List<String> applicationIds(String state) throws IOException {
    return withYarnClient(yarn -> yarn.getApplications(EnumSet.of(YarnApplicationState.valueOf(state))).stream()
        .map(r -> r.getApplicationId().toString()).toList());
  }

  /** Number of attempts YARN made for an application. */
  public int attempts(String appId) throws IOException {
    return withYarnClient(yarn -> yarn.getApplicationAttempts(ApplicationId.fromString(appId)).size());
  }

  private interface YarnCall<T> {
    T call(YarnClient yarn) throws IOException, YarnException;
  }

  private <T> T withYarnClient(YarnCall<T> call) throws IOException {
    Configuration conf = hadoopConf();
    conf.addResource(new org.apache.hadoop.fs.Path(confDir().resolve("yarn-site.xml").toUri()));
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(conf);
      yarn.start();
      return call.call(yarn);
    } catch (YarnException e) {
      throw new IOException(e);
    }
  }

  /**
   * The NameNode's listing counters, {@code GetListingOps} (calls) and {@code FilesInGetListingOps} (entries
   * returned), as its /jmx servlet shows them once Hadoop metrics2's JMX cache (jmx_cache_ttl, 10 s) has expired:
   * read sooner, they can be those of 10 s ago.
   */
  public long[] listingCounters() throws IOException, InterruptedException {
    Thread.sleep(11_000);
    return new long[] {nameNodeMetric("NameNodeActivity", "GetListingOps"),
        nameNodeMetric("NameNodeActivity", "FilesInGetListingOps")};
  }

  /** A NameNode metric of bean {@code Hadoop:service=NameNode,name=NAME}, from its /jmx servlet (cached 10 s). */
  public long nameNodeMetric(String bean, String metric) throws IOException, InterruptedException {
    JsonObject jmx = get(props.getProperty("namenode.http") + "/jmx?qry=Hadoop:service=NameNode,name=" + bean);
    return jmx.getAsJsonArray("beans").get(0).getAsJsonObject().get(metric).getAsLong();
  }

  private JsonObject get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  /** The NodeManager's log folder of each container of an application, keyed by container id. */
  public Map<String, Path> containerLogDirs(String appId) {
    return containerDirs(props.getProperty("nodemanager.log-dirs"), "", appId);
  }

  /** Each container's working folder (its java.io.tmpdir is {@code tmp/} in it), keyed by container id. */
  public Map<String, Path> containerWorkDirs(String appId, String user) {
    return containerDirs(props.getProperty("nodemanager.local-dirs"), "usercache/" + user + "/appcache/", appId);
  }

  /** The pid the NodeManager recorded for a running container (its launch), if it has one yet. */
  public Optional<Long> containerPid(String appId, String containerId) {
    for (String local : props.getProperty("nodemanager.local-dirs").split(",")) {
      Path pidFile = Path.of(URI.create(local).getPath().isEmpty() ? local : URI.create(local).getPath())
          .resolve("nmPrivate").resolve(appId).resolve(containerId).resolve(containerId + ".pid");
      try {
        if (Files.exists(pidFile)) {
          String text = Files.readString(pidFile).strip();
          if (!text.isEmpty()) {
            return Optional.of(Long.parseLong(text));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // being written: not yet
      }
    }
    return Optional.empty();
  }

  private static Map<String, Path> containerDirs(String dirs, String sub, String appId) {
    Map<String, Path> out = new TreeMap<>();
    for (String d : dirs.split(",")) {
      Path base = Path.of(d.startsWith("file:") ? URI.create(d).getPath() : d).resolve(sub + appId);
      if (!Files.isDirectory(base)) {
        continue;
      }
      try (Stream<Path> s = Files.list(base)) {
        s.filter(p -> p.getFileName().toString().startsWith("container_"))
            .forEach(p -> out.put(p.getFileName().toString(), p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The stderr of every container of an application, keyed by container id. */
  public Map<String, String> containerStderr(String appId) throws IOException {
    Map<String, String> logs = new TreeMap<>();
    for (Map.Entry<String, Path> e : containerLogDirs(appId).entrySet()) {
      Path f = e.getValue().resolve("stderr");
      logs.put(e.getKey(), Files.exists(f) ? Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1) : "");
    }
    return logs;
  }

  /** Copies every container log of an application (stdout, stderr, launch scripts' logs) to {@code target}. */
  public List<Path> copyContainerLogs(String appId, Path target) throws IOException {
    List<Path> copied = new ArrayList<>();
    for (Map.Entry<String, Path> e : containerLogDirs(appId).entrySet()) {
      Path to = Files.createDirectories(target.resolve(e.getKey()));
      try (Stream<Path> files = Files.list(e.getValue())) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          copied.add(Files.copy(f, to.resolve(f.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        }
      }
    }
    return copied;
  }

  @Override
  public void close() {
    script.close();
  }
}
