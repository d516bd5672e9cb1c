package io.effnetspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A probe's {@code main} in a fresh JVM on the test classpath, as on a new machine without network: its own home
 * folder ({@code HOME} and {@code user.home}), inside a network namespace with no interfaces when {@code unshare}
 * allows it.
 */
public final class ProbeJvm {
  /** Whether the JVM runs in a network namespace of its own. */
  public final boolean isolated = canUnshareNetwork();
  private final ProcessBuilder pb;

  /** {@code java JVM_OPTIONS -Duser.home=HOME -cp <test classpath> MAIN}, with {@code HOME=home}. */
  public ProbeJvm(Class<?> main, Path home, String... jvmOptions) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>();
    if (isolated) {
      cmd.addAll(List.of("unshare", "--net", "--"));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-Duser.home=" + home, "-cp", cp, main.getName()));
    pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
  }

  /** The JVM's environment, to change before {@link #run}. */
  public Map<String, String> environment() {
    return pb.environment();
  }

  /** Runs the JVM, stdout and stderr into {@code log}; its output, once it exited 0 within {@code timeout}. */
  public String run(Path log, Duration timeout) throws IOException, InterruptedException {
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), "probe timed out");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  private static boolean canUnshareNetwork() {
    try {
      Process p = new ProcessBuilder("unshare", "--net", "--", "true").redirectErrorStream(true)
          .redirectOutput(new File("/dev/null")).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
