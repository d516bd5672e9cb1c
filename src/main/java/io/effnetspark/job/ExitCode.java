package io.effnetspark.job;

/** Exit codes of the job; documented in the README, distinct so that pipelines can branch on them. */
public final class ExitCode {
  /** Every file has a row; errors, if any, stayed within --max-error-fraction. */
  public static final int OK = 0;
  /** Unexpected failure (a Spark job failed, an I/O error outside per-file handling). */
  public static final int FAILURE = 1;
  /** Unknown or malformed option, bad value, unreadable or invalid config file. */
  public static final int BAD_CONFIG = 2;
  /** The input does not exist or holds no image file. */
  public static final int INPUT_MISSING = 3;
  /** Model missing, unreadable, not loadable, or inconsistent with its labels or card. */
  public static final int BAD_MODEL = 4;
  /** The output exists and --mode is errorifexists. */
  public static final int OUTPUT_EXISTS = 5;
  /** Output written, but the fraction of error rows exceeds --max-error-fraction. */
  public static final int ERROR_FRACTION_EXCEEDED = 6;
  /**
   * Another run is writing to the output (its {@code _effnet.lock} is live), or the output holds fresh uncommitted
   * files of a writer that took no lock; nothing was written. Also: this run's lock was taken from it mid-run.
   */
  public static final int OUTPUT_LOCKED = 7;

  private ExitCode() {}

  /** A short name for {@code code} (e.g. "input missing"), for messages such as a YARN application's diagnostics. */
  public static String meaning(int code) {
    return switch (code) {
      case OK -> "OK";
      case FAILURE -> "job failed";
      case BAD_CONFIG -> "bad configuration";
      case INPUT_MISSING -> "input missing";
      case BAD_MODEL -> "bad model";
      case OUTPUT_EXISTS -> "output exists";
      case ERROR_FRACTION_EXCEEDED -> "error fraction exceeded";
      case OUTPUT_LOCKED -> "output locked";
      default -> "not one of the job's exit codes";
    };
  }
}
