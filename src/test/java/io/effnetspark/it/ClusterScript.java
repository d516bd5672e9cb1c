package io.effnetspark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A test cluster that one of the users' scripts in {@code jobs/} starts and stops ({@code SCRIPT start},
 * {@code SCRIPT stop}): stopped on {@link #close}, or when the JVM exits if no test closed it, so that no daemon
 * outlives the test run.
 */
final class ClusterScript implements AutoCloseable {
  private final Path outDir;
  private final String script;
  private final Map<String, String> env;
  private final Thread stopAtExit = new Thread(this::stop);

  private ClusterScript(Path outDir, String script, Map<String, String> env) {
    this.outDir = outDir;
    this.script = script;
    this.env = env;
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /**
   * Runs {@code jobs/SCRIPT start} with {@code env}, the scripts' output under {@code outDir}.
   *
   * @throws IllegalStateException when the script fails; what it started is stopped first
   */
  static ClusterScript start(Path outDir, String script, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    ClusterScript cluster = new ClusterScript(outDir, script, env);
    Scripts.Result r = Scripts.run(outDir, script, List.of("start"), env, timeout);
    if (r.exitCode() != 0) {
      cluster.close();
      throw new IllegalStateException("jobs/" + script + " start failed: " + r);
    }
    return cluster;
  }

  private void stop() {
    try {
      Scripts.run(outDir, script, List.of("stop"), env, Duration.ofMinutes(2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException ignored) {
      // already shutting down
    }
  }
}
