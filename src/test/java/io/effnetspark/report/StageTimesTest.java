package io.effnetspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The summary's clock: counted from an origin in the past (the launch), every second up to the last lap in exactly
 * one stage, a measured tail split off a lap without changing the sum.
 */
class StageTimesTest {
  @Test
  void stagesFromAnEarlierOriginAddUpToTheLappedWall() throws Exception {
    StageTimes t = new StageTimes(System.currentTimeMillis() - 2_000);
    t.lap("start-up");
    Thread.sleep(30);
    t.lap("listing");
    Thread.sleep(40);
    t.lapSplit("inference", "commit", 0.015);
    t.lap("summary");
    Map<String, Double> stages = t.asMap();
    assertEquals(java.util.List.of("start-up", "listing", "inference", "commit", "summary"),
        java.util.List.copyOf(stages.keySet()));
    assertTrue(stages.get("start-up") >= 1.99, "the origin is 2 s back: " + stages);
    assertEquals(0.015, stages.get("commit"), 1e-9);
    double sum = stages.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(t.lappedSeconds(), sum, 0.001 * stages.size());
    assertTrue(t.totalSeconds() >= t.lappedSeconds());
  }

  @Test
  void aTailLongerThanTheLapOrUnknownKeepsTheSum() throws Exception {
    StageTimes t = new StageTimes();
    Thread.sleep(20);
    t.lapSplit("inference", "commit", 60.0);
    Thread.sleep(20);
    t.lapSplit("inference", "commit", Double.NaN);
    Map<String, Double> stages = t.asMap();
    double sum = stages.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(t.lappedSeconds(), sum, 0.002);
    assertTrue(stages.get("commit") <= t.lappedSeconds(), "never more than the lap: " + stages);
  }
}
