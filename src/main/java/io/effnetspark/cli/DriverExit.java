package io.effnetspark.cli;

import io.effnetspark.job.ExitCode;
import java.util.Locale;

/**
 * How the driver's {@code main} ends once the job has its exit code ({@link ExitCode}).
 *
 * <p>Where the driver is its own process (local mode, client mode, Kubernetes and standalone cluster mode) the JVM
 * exits with the code: that is what wrappers, schedulers and pods read. In YARN cluster mode the driver runs as a
 * thread of Spark's ApplicationMaster, which reports the application's final status to the ResourceManager only
 * after {@code main} returns: {@code System.exit} there, even with 0, ends the container before that report, so YARN
 * marks the attempt FAILED (exit 16, "Shutdown hook called before final status was reported") and starts another
 * attempt. So in YARN cluster mode a success returns normally (final status SUCCEEDED) and a failure throws
 * {@link JobFailed}, which the ApplicationMaster reports as FAILED with the exception's message as the
 * application's diagnostics (what {@code yarn application -status} and a scheduler see).
 */
public final class DriverExit {
  /** What {@code main} does with the exit code. */
  public enum Action {
    /** {@code System.exit(code)}: the driver is its own process. */
    EXIT,
    /** Return from {@code main}: YARN cluster mode, exit code 0. */
    RETURN,
    /** Throw {@link JobFailed}: YARN cluster mode, any other exit code. */
    THROW
  }

  /** The failure of a run in YARN cluster mode; its message becomes the application's diagnostics. */
  public static final class JobFailed extends RuntimeException {
    private final int exitCode;

    JobFailed(int exitCode, String message) {
      super(message, null, false, false); // no stack trace: the diagnostics should be the message alone
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private DriverExit() {}

  /**
   * Decides from the launch configuration.
   *
   * @param master {@code spark.master} as spark-submit set it ({@code yarn}, {@code local[*]}, ...); may be null
   * @param deployMode {@code spark.submit.deployMode} ({@code client} when absent)
   * @param code the job's exit code
   */
  public static Action decide(String master, String deployMode, int code) {
    if (!yarnCluster(master, deployMode)) {
      return Action.EXIT;
    }
    return code == ExitCode.OK ? Action.RETURN : Action.THROW;
  }

  /** True when the driver runs inside YARN's ApplicationMaster. */
  static boolean yarnCluster(String master, String deployMode) {
    return master != null && master.strip().toLowerCase(Locale.ROOT).equals("yarn")
        && deployMode != null && deployMode.strip().equalsIgnoreCase("cluster");
  }

  /**
   * The failure to throw for {@code code}: "effnet-spark exit code N (meaning): cause", where the cause is the
   * job's last message on stderr ({@code lastError}, may be empty).
   */
  public static JobFailed failure(int code, String lastError) {
    StringBuilder msg = new StringBuilder("effnet-spark exit code ").append(code).append(" (")
        .append(ExitCode.meaning(code)).append(')');
    if (lastError != null && !lastError.isBlank()) {
      msg.append(": ").append(lastError.strip());
    }
    return new JobFailed(code, msg.toString());
  }
}
