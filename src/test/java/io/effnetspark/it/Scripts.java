package io.effnetspark.it;

import io.effnetspark.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's shell scripts in {@code jobs/} as a user would, output captured to files. */
public final class Scripts {
  /** Exit code and the captured output of one script run. */
  public record Result(int exitCode, String stdout, String stderr, double seconds) {
    public String all() {
      return stdout + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " after " + Math.round(seconds) + " s\n--- stdout\n" + tail(stdout)
          + "\n--- stderr\n" + tail(stderr);
    }

    private static String tail(String s) {
      return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
    }
  }

  static final String QUICK_START_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private Scripts() {}

  /**
   * Runs {@code jobs/<script> args} from the project root with the build folder of this test run
   * ({@code EFFNET_TARGET}), everything bound to loopback, no {@code SPARK_HOME} (so {@code jobs/submit.sh} runs
   * SparkSubmit from the project's classpath), plus {@code env} (a null value removes that variable).
   */
  public static Result run(Path outDir, String script, List<String> args, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    Path out = Files.createTempFile(outDir, script.replace('.', '-') + "-", ".out");
    Path err = Files.createTempFile(outDir, script.replace('.', '-') + "-", ".err");
    List<String> cmd = new ArrayList<>(List.of("bash", TestPaths.ROOT.resolve("jobs").resolve(script).toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestPaths.ROOT.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("EFFNET_TARGET", target().toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("EFFNET_DRIVER_MEMORY", "1500m");
    // Short-lived test JVMs (driver, master, workers, executors inherit it): the C1 compiler only and the serial
    // collector cost much less CPU at start-up, which dominates these runs on a 2-core machine.
    pb.environment().put("JAVA_TOOL_OPTIONS", QUICK_START_JVM);
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("jobs/" + script + " " + args + " did not finish within " + timeout + "\n"
          + Files.readString(err, StandardCharsets.UTF_8));
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1e9);
    System.out.printf("jobs/%s %s: exit %d in %.1f s%n", script, args.isEmpty() ? "" : args.get(0) + " ...",
        r.exitCode(), r.seconds());
    return r;
  }

  /** The Maven build folder of this run (target/, or target/spark35 under -Pspark35). */
  public static Path target() {
    return Path.of(System.getProperty("effnet.target", TestPaths.ROOT.resolve("target").toString()));
  }
}
