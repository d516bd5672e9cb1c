package io.effnetspark.job;

import java.util.Locale;

/**
 * How a run that wrote its output ends: its exit code and the status line of {@code _run.json} and the report.
 *
 * @param code {@link ExitCode#OK}, {@link ExitCode#FAILURE} (rows missing) or
 *     {@link ExitCode#ERROR_FRACTION_EXCEEDED}
 * @param status one line, e.g. {@code OK} or {@code error fraction 0.3333 exceeds --max-error-fraction 0.2}
 */
public record ExitDecision(int code, String status) {
  /**
   * Decides from plain counts.
   *
   * @param toClassify images this run was to classify (after the incremental filter)
   * @param rowsWritten rows of this run read back from the output
   * @param errors error rows among them
   * @param maxErrorFraction {@code --max-error-fraction}
   */
  public static ExitDecision decide(long toClassify, long rowsWritten, long errors, double maxErrorFraction) {
    if (rowsWritten != toClassify) {
      return new ExitDecision(ExitCode.FAILURE, toClassify + " images to classify but " + rowsWritten
          + " rows written");
    }
    double errorFraction = rowsWritten == 0 ? 0 : (double) errors / rowsWritten;
    if (errorFraction > maxErrorFraction) {
      return new ExitDecision(ExitCode.ERROR_FRACTION_EXCEEDED, String.format(Locale.ROOT,
          "error fraction %.4f exceeds --max-error-fraction %s", errorFraction, maxErrorFraction));
    }
    return new ExitDecision(ExitCode.OK, rowsWritten == 0 ? "OK: nothing new to classify" : "OK");
  }
}
