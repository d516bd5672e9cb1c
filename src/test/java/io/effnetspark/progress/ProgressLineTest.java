package io.effnetspark.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress line's arithmetic and wording: done / total, errors, rate, ETA, elapsed time, running tasks. */
class ProgressLineTest {
  @Test
  void lineShowsDoneTotalErrorsRateEtaAndElapsedTime() {
    assertEquals("classifying: 1,250 / 10,000 images (12.5 %), 3 errors, 25.0 images/s, ETA 5m50s, 1m05s elapsed, "
        + "4 tasks running", ProgressReporter.line(1250, 10_000, 3, 65, 25.0, 4));
  }

  @Test
  void beforeTheFirstResultsTheLineSaysWhatIsHappening() {
    assertEquals("classifying: 0 / 500 images, 4.2 s elapsed, 2 tasks running (reading the input, loading the model, "
        + "first batches)", ProgressReporter.line(0, 500, 0, 4.2, Double.NaN, 2));
    assertEquals("classifying: 0 / 500 images, 1.0 s elapsed, 0 tasks running (planning and starting the tasks)",
        ProgressReporter.line(0, 500, 0, 1, Double.NaN, 0));
  }

  @Test
  void withoutAMeasuredRateThereIsNoEta() {
    assertEquals("classifying: 15 / 500 images (3.0 %), 0 errors, measuring speed, 15 s elapsed, 2 tasks running",
        ProgressReporter.line(15, 500, 0, 15, Double.NaN, 2));
  }

  @Test
  void countsAboveTheTotalAreCappedAndOneErrorIsSingular() {
    assertEquals("classifying: 10 / 10 images (100.0 %), 1 error, 5.0 images/s, ETA 0.0 s, 2.0 s elapsed, "
        + "1 task running", ProgressReporter.line(12, 10, 1, 2, 5.0, 1));
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertEquals("0.4 s", ProgressReporter.duration(0.43));
    assertEquals("42 s", ProgressReporter.duration(42.2));
    assertEquals("3m05s", ProgressReporter.duration(185));
    assertEquals("2h07m", ProgressReporter.duration(2 * 3600 + 7 * 60 + 30));
  }
}
