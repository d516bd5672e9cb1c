package io.effnetspark.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock seconds per stage of a run, in the order the stages ran ({@code _run.json}'s stage_seconds). */
public final class StageTimes {
  private final long startNanos = System.nanoTime();
  private long lapStartNanos = startNanos;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** Records the time since the previous lap (or the start) as {@code stage}. */
  public void lap(String stage) {
    long now = System.nanoTime();
    seconds.merge(stage, (now - lapStartNanos) / 1e9, Double::sum);
    lapStartNanos = now;
  }

  /** Records a stage measured elsewhere. */
  public void put(String stage, double value) {
    seconds.put(stage, value);
  }

  /** The next {@link #lap} counts from now. */
  public void restart() {
    lapStartNanos = System.nanoTime();
  }

  public double totalSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Stage → seconds, rounded to milliseconds. */
  public Map<String, Double> asMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    seconds.forEach((k, v) -> out.put(k, Math.round(v * 1000) / 1000.0));
    return out;
  }
}
