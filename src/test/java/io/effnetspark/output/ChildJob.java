package io.effnetspark.output;

import io.effnetspark.TestPaths;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The job's main class in a JVM of its own (Spark local mode), as spark-submit would run the driver: a process
 * that a test can kill with SIGKILL ({@link #kill()}), pause with SIGSTOP ({@link #pause()}) and resume.
 */
final class ChildJob implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJob(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code EffnetJob} with {@code args}; {@code sparkConf} entries ({@code key=value}) become system
   * properties, which is where spark-submit puts {@code --conf}. The JVM gets this test JVM's module and DJL flags.
   */
  static ChildJob start(Path logDir, String name, List<String> sparkConf, String... args) throws IOException {
    Files.createDirectories(logDir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-D") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=" + TestPaths.ROOT.resolve("conf/log4j2.properties").toUri(),
        "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.sql.shuffle.partitions=4"));
    for (String kv : sparkConf) {
      cmd.add("-D" + kv);
    }
    cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.effnetspark.cli.EffnetJob"));
    cmd.addAll(List.of(args));
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestPaths.ROOT.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return new ChildJob(pb.start(), out, err);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits until {@code condition} holds, polling every 10 ms.
   *
   * @throws AssertionError when the process ends first or the time runs out, with its output
   */
  void await(String what, BooleanSupplier condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError("the job ended (exit " + process.exitValue() + ") before " + what + "\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + timeout + "\n" + output());
      }
      Thread.sleep(10);
    }
  }

  /** SIGKILL: no shutdown hook, no finally — what a lost machine or {@code kill -9} does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("still alive after SIGKILL");
    }
  }

  void pause() throws Exception {
    signal("-STOP");
  }

  void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
    }
  }

  /** The exit code, once the job ends. */
  int waitFor(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the job did not end within " + timeout + "\n" + output());
    }
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  String output() throws IOException {
    String err = stderr();
    return "--- stdout\n" + stdout() + "\n--- stderr\n" + (err.length() > 8000 ? "..." + err.substring(err.length()
        - 8000) : err);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      resume();
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
