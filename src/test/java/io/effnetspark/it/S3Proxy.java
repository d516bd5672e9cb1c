package io.effnetspark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A real S3 API on loopback for tests: s3proxy (filesystem backend under a temp folder) as a child JVM — in this
 * JVM its jclouds, Guava and Jetty would clash with Spark's. Buckets are folders of the backend, created before
 * start; objects go in and out through Hadoop's S3A client, the same client the job uses.
 */
public final class S3Proxy implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final String endpoint;
  public final String accessKey;
  public final String secretKey;

  private S3Proxy(Process process, Path log, String endpoint, String accessKey, String secretKey) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts s3proxy with the given buckets and waits until it accepts connections. */
  public static S3Proxy start(Path dir, String accessKey, String secretKey, String... buckets) throws IOException {
    Path jar = Path.of(System.getProperty("effnet.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("s3proxy jar missing: " + jar + " (mvn generate-resources copies it)");
    }
    Path data = Files.createDirectories(dir.resolve("data"));
    for (String bucket : buckets) {
      Files.createDirectories(data.resolve(bucket));
    }
    int port = freePort();
    String endpoint = "http://127.0.0.1:" + port;
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=" + endpoint,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + accessKey,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + data) + "\n");
    Path log = dir.resolve("s3proxy.log");
    Process p = new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "--properties", props.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3Proxy proxy = new S3Proxy(p, log, endpoint, accessKey, secretKey);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!accepts(port)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        proxy.close();
        throw new IllegalStateException("s3proxy did not start:\n" + Files.readString(log));
      }
      sleep(200);
    }
    return proxy;
  }

  /** S3A settings for this endpoint, as the job gets them from {@code spark.hadoop.fs.s3a.*}. */
  public List<String> sparkConf() {
    return List.of(
        "spark.hadoop.fs.s3a.endpoint=" + endpoint,
        "spark.hadoop.fs.s3a.endpoint.region=us-east-1",
        "spark.hadoop.fs.s3a.path.style.access=true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled=false");
  }

  /** A Hadoop configuration for the test's own S3A client, with this server's credentials. */
  public Configuration hadoopConf() {
    Configuration conf = new Configuration();
    for (String kv : sparkConf()) {
      String[] parts = kv.substring("spark.hadoop.".length()).split("=", 2);
      conf.set(parts[0], parts[1]);
    }
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", accessKey);
    conf.set("fs.s3a.secret.key", secretKey);
    return conf;
  }

  /** Uploads a local file or folder (recursively) to {@code s3aUri} with the S3A client. */
  public void upload(Path local, String s3aUri) throws IOException {
    try (FileSystem fs = FileSystem.newInstance(URI.create(s3aUri), hadoopConf())) {
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
          new org.apache.hadoop.fs.Path(s3aUri));
    }
  }

  /** Downloads every object under {@code s3aUri} into {@code local}, keeping relative paths. */
  public void download(String s3aUri, Path local) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(s3aUri);
    try (FileSystem fs = FileSystem.newInstance(URI.create(s3aUri), hadoopConf())) {
      String prefix = fs.makeQualified(root).toString();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path p = files.next().getPath();
        String rel = p.toString().substring(prefix.length()).replaceFirst("^/", "");
        Path target = local.resolve(rel);
        Files.createDirectories(target.getParent());
        fs.copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(target.toUri()), true);
      }
    }
  }

  /** Keys (relative to {@code s3aUri}) of every object under it. */
  public List<String> list(String s3aUri) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(s3aUri);
    List<String> keys = new ArrayList<>();
    try (FileSystem fs = FileSystem.newInstance(URI.create(s3aUri), hadoopConf())) {
      String prefix = fs.makeQualified(root).toString();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        keys.add(files.next().getPath().toString().substring(prefix.length()).replaceFirst("^/", ""));
      }
    }
    return keys;
  }

  public String read(String s3aUri) throws IOException {
    try (FileSystem fs = FileSystem.newInstance(URI.create(s3aUri), hadoopConf());
        var in = fs.open(new org.apache.hadoop.fs.Path(s3aUri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
