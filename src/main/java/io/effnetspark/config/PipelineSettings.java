package io.effnetspark.config;

import java.time.Duration;
import java.time.LocalDate;

/**
 * Settings for scheduled (nightly) runs and for what a run tells its operator.
 *
 * @param incremental skip files that already have a row in the output from the same model (same path, size and
 *     modification time); predict and add only the others
 * @param runDate null, or the date written to the {@code run_date} column; the output is then partitioned by
 *     {@code run_date} and {@code --mode overwrite} replaces only that date's partition (dynamic partition overwrite)
 * @param progressInterval how often the driver logs a progress line; {@link Duration#ZERO} turns the lines off
 * @param report write {@code <output>/_report.html}
 * @param reportThumbnails thumbnails per predicted class in the report (0: none)
 */
public record PipelineSettings(boolean incremental, LocalDate runDate, Duration progressInterval, boolean report,
    int reportThumbnails) {
  /** Partition column written when {@link #runDate} is set. */
  public static final String RUN_DATE_COLUMN = "run_date";
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_REPORT_THUMBNAILS = 4;
  /** Upper bound on --report-thumbnails: each one is a file read and decoded on the driver. */
  public static final int MAX_REPORT_THUMBNAILS = 20;

  public PipelineSettings {
    if (progressInterval == null || progressInterval.isNegative()) {
      throw new IllegalArgumentException("progress interval must be >= 0, got " + progressInterval);
    }
    if (reportThumbnails < 0 || reportThumbnails > MAX_REPORT_THUMBNAILS) {
      throw new IllegalArgumentException("report thumbnails must be within [0, " + MAX_REPORT_THUMBNAILS + "], got "
          + reportThumbnails);
    }
  }

  /** A plain run: no incremental skipping, no run date, progress every 5 s, no report. */
  public static PipelineSettings defaults() {
    return new PipelineSettings(false, null, DEFAULT_PROGRESS_INTERVAL, false, DEFAULT_REPORT_THUMBNAILS);
  }

  public boolean partitioned() {
    return runDate != null;
  }

  /** The folder of {@link #runDate}'s partition under {@code output}, as Spark names it. */
  public String partitionDir() {
    return RUN_DATE_COLUMN + "=" + runDate;
  }
}
