package io.effnetspark.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock seconds per stage of a run, in the order the stages ran ({@code _run.json}'s stage_seconds). The clock
 * starts at an origin given in epoch milliseconds (the launch of the job: see {@code cli.EffnetJob#launchMillis}),
 * and every second from it up to the last {@link #lap} is in exactly one stage, so the stages add up to
 * {@link #lappedSeconds()}.
 */
public final class StageTimes {
  private final long startNanos;
  private long lapStartNanos;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** A clock started now. */
  public StageTimes() {
    this(System.currentTimeMillis());
  }

  /** A clock started at {@code originEpochMillis} (not after now). */
  public StageTimes(long originEpochMillis) {
    long ago = Math.max(0, System.currentTimeMillis() - originEpochMillis);
    startNanos = System.nanoTime() - ago * 1_000_000L;
    lapStartNanos = startNanos;
  }

  /** Records the time since the previous lap (or the origin) as {@code stage}. */
  public void lap(String stage) {
    long now = System.nanoTime();
    seconds.merge(stage, (now - lapStartNanos) / 1e9, Double::sum);
    lapStartNanos = now;
  }

  /**
   * Records the time since the previous lap as two stages: {@code last} gets {@code lastSeconds} of it (measured
   * elsewhere, at most the whole lap) and {@code first} the rest.
   */
  public void lapSplit(String first, String last, double lastSeconds) {
    long now = System.nanoTime();
    double lapped = (now - lapStartNanos) / 1e9;
    double tail = Double.isNaN(lastSeconds) ? 0 : Math.max(0, Math.min(lapped, lastSeconds));
    seconds.merge(first, lapped - tail, Double::sum);
    if (tail > 0 || !Double.isNaN(lastSeconds)) {
      seconds.merge(last, tail, Double::sum);
    }
    lapStartNanos = now;
  }

  /** Seconds from the origin to now. */
  public double totalSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Seconds from the origin to the last lap: the sum of the stages. */
  public double lappedSeconds() {
    return (lapStartNanos - startNanos) / 1e9;
  }

  /** Stage → seconds, rounded to milliseconds. */
  public Map<String, Double> asMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    seconds.forEach((k, v) -> out.put(k, Math.round(v * 1000) / 1000.0));
    return out;
  }
}
