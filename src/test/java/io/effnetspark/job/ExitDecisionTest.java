package io.effnetspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exit code of a run that wrote its output, from plain counts. */
class ExitDecisionTest {
  @Test
  void everyImageWithARowAndErrorsWithinTheLimitIsOk() {
    assertEquals(new ExitDecision(ExitCode.OK, "OK"), ExitDecision.decide(500, 500, 0, 1.0));
    assertEquals(new ExitDecision(ExitCode.OK, "OK"), ExitDecision.decide(6, 6, 1, 0.2), "1/6 = 0.1667 <= 0.2");
  }

  @Test
  void nothingToClassifyIsOk() {
    assertEquals(new ExitDecision(ExitCode.OK, "OK: nothing new to classify"), ExitDecision.decide(0, 0, 0, 0.0));
  }

  @Test
  void missingRowsAreAFailureWhateverTheErrors() {
    assertEquals(new ExitDecision(ExitCode.FAILURE, "10 images to classify but 9 rows written"),
        ExitDecision.decide(10, 9, 9, 0.0));
    assertEquals(ExitCode.FAILURE, ExitDecision.decide(10, 11, 0, 1.0).code(), "more rows than images too");
  }

  @Test
  void tooManyErrorsExitSixWithTheFraction() {
    ExitDecision d = ExitDecision.decide(6, 6, 2, 0.2);
    assertEquals(ExitCode.ERROR_FRACTION_EXCEEDED, d.code());
    assertEquals("error fraction 0.3333 exceeds --max-error-fraction 0.2", d.status());
    assertEquals(ExitCode.ERROR_FRACTION_EXCEEDED, ExitDecision.decide(1, 1, 1, 0.0).code());
    assertEquals(ExitCode.OK, ExitDecision.decide(1, 1, 1, 1.0).code(), "1.0 never fails");
  }
}
