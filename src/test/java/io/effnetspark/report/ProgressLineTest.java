package io.effnetspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress line's arithmetic and wording: done / total, rate, errors, ETA. */
class ProgressLineTest {
  @Test
  void lineShowsDoneTotalRateErrorsAndEta() {
    assertEquals("classifying: 1,250 / 10,000 images (12.5 %), 25.0 images/s, 3 errors, ETA 5m50s, 4 tasks running",
        ProgressReporter.line(1250, 10_000, 3, 50, 4));
  }

  @Test
  void beforeTheFirstResultsTheLineSaysWhatIsHappening() {
    assertEquals("classifying: 0 / 500 images, 4.2 s elapsed, 2 tasks running (loading the model, first batches)",
        ProgressReporter.line(0, 500, 0, 4.2, 2));
  }

  @Test
  void countsAboveTheTotalAreCappedAndOneErrorIsSingular() {
    assertEquals("classifying: 10 / 10 images (100.0 %), 5.0 images/s, 1 error, ETA 0.0 s, 1 task running",
        ProgressReporter.line(12, 10, 1, 2, 1));
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertEquals("0.4 s", ProgressReporter.duration(0.43));
    assertEquals("42 s", ProgressReporter.duration(42.2));
    assertEquals("3m05s", ProgressReporter.duration(185));
    assertEquals("2h07m", ProgressReporter.duration(2 * 3600 + 7 * 60 + 30));
  }
}
