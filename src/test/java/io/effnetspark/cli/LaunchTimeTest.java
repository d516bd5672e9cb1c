package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Where the summary's wall time starts: the launch time jobs/submit.sh hands over, when it is plausible for this
 * JVM (at most 10 minutes before its start, not in the future); else the JVM's start.
 */
class LaunchTimeTest {
  private static final long JVM_START = 1_800_000_000_000L;

  @Test
  void theScriptsLaunchTimeCountsWhenItPrecedesTheJvm() {
    assertEquals(JVM_START - 4_000, EffnetJob.launchMillis(Long.toString(JVM_START - 4_000), JVM_START,
        JVM_START + 60_000));
    assertEquals(JVM_START, EffnetJob.launchMillis(" " + JVM_START + "\n", JVM_START, JVM_START + 1));
  }

  @Test
  void aStaleMissingOrFutureLaunchTimeFallsBackToTheJvmStart() {
    long now = JVM_START + 60_000;
    assertEquals(JVM_START, EffnetJob.launchMillis(Long.toString(JVM_START - 3_600_000), JVM_START, now), "stale");
    assertEquals(JVM_START, EffnetJob.launchMillis(Long.toString(JVM_START + 5_000), JVM_START, now), "after start");
    assertEquals(JVM_START, EffnetJob.launchMillis(null, JVM_START, now), "not set");
    assertEquals(JVM_START, EffnetJob.launchMillis("soon", JVM_START, now), "not a number");
  }
}
