package io.effnetspark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster for tests — a master and workers on 127.0.0.1, each its own JVM, executors
 * forked by the workers — started and stopped with the users' script, {@code jobs/local-cluster.sh}.
 */
public final class LocalCluster implements AutoCloseable {
  private final Path dir;
  private final ClusterScript script;
  public final String masterUrl;

  private LocalCluster(Path dir, ClusterScript script, String masterUrl) {
    this.dir = dir;
    this.script = script;
    this.masterUrl = masterUrl;
  }

  public static LocalCluster start(Path dir, int workers) throws IOException, InterruptedException {
    int port = S3Proxy.freePort();
    Map<String, String> env = Map.of(
        "EFFNET_CLUSTER_DIR", dir.toString(),
        "EFFNET_CLUSTER_WORKERS", Integer.toString(workers),
        "EFFNET_WORKER_CORES", "1",
        "EFFNET_WORKER_MEMORY", "1500m",
        "EFFNET_MASTER_PORT", Integer.toString(port),
        "EFFNET_MASTER_WEBUI_PORT", "0");
    ClusterScript script = ClusterScript.start(dir.resolve("script-output"), "local-cluster.sh", env,
        Duration.ofMinutes(4));
    return new LocalCluster(dir, script, "spark://127.0.0.1:" + port);
  }

  /**
   * The log ({@code stderr}) of every executor of application {@code appId}, keyed by
   * {@code worker-N/executor-id}.
   */
  public Map<String, String> executorLogs(String appId) {
    Map<String, String> logs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("work"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")
          && p.getParent().getParent().getFileName().toString().equals(appId)).toList()) {
        Path execDir = f.getParent();
        logs.put(execDir.getParent().getParent().getFileName() + "/" + execDir.getFileName(), Files.readString(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return logs;
  }

  /** Every text log the cluster wrote: daemon logs and executors' stdout/stderr (not the copied job jars). */
  public Map<Path, String> allLogs() {
    Map<Path, String> logs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> {
        String n = p.getFileName().toString();
        return n.equals("stderr") || n.equals("stdout") || n.endsWith(".log") || n.endsWith(".out")
            || n.endsWith(".err");
      }).toList()) {
        logs.put(f, Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return logs;
  }

  @Override
  public void close() {
    script.close();
  }
}
