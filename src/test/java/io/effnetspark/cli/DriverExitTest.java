package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.effnetspark.job.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the driver's main ends: System.exit where the driver is a process, return/throw inside YARN's AM. */
class DriverExitTest {
  @Test
  void yarnClusterModeReturnsOnSuccessAndThrowsOnEveryOtherCode() {
    assertEquals(DriverExit.Action.RETURN, DriverExit.decide("yarn", "cluster", ExitCode.OK));
    for (int code = 1; code <= 7; code++) {
      assertEquals(DriverExit.Action.THROW, DriverExit.decide("yarn", "cluster", code), "code " + code);
    }
    assertEquals(DriverExit.Action.THROW, DriverExit.decide(" YARN ", "Cluster", 6), "spelling as Spark accepts it");
  }

  @Test
  void everyOtherLaunchExitsWithTheCode() {
    for (String[] launch : new String[][] {{"yarn", "client"}, {"yarn", null}, {"local[2]", null},
        {null, null}, {"spark://127.0.0.1:7077", "cluster"}, {"k8s://https://kube:6443", "cluster"},
        {"local[*]", "cluster"}}) {
      assertEquals(DriverExit.Action.EXIT, DriverExit.decide(launch[0], launch[1], ExitCode.OK), launch[0]);
      assertEquals(DriverExit.Action.EXIT, DriverExit.decide(launch[0], launch[1], ExitCode.INPUT_MISSING),
          launch[0]);
    }
  }

  @Test
  void failureMessageNamesTheExitCodeItsMeaningAndTheCause() {
    DriverExit.JobFailed f = DriverExit.failure(ExitCode.INPUT_MISSING,
        "cannot start: - input hdfs://nn/x does not exist");
    assertEquals("effnet-spark exit code 3 (input missing): cannot start: - input hdfs://nn/x does not exist",
        f.getMessage());
    assertEquals(3, f.exitCode());
    assertEquals(0, f.getStackTrace().length, "the diagnostics are the message, not a stack trace");
    assertEquals("effnet-spark exit code 1 (job failed)", DriverExit.failure(1, "").getMessage());
    assertEquals("effnet-spark exit code 42 (not one of the job's exit codes)",
        DriverExit.failure(42, null).getMessage());
  }

  @Test
  void lastMessageIsTheLastEffnetLineWithTheLinesUnderIt() {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    LastMessage recorder = LastMessage.tee(new PrintStream(shown, true, StandardCharsets.UTF_8));
    PrintStream err = recorder.stream();
    assertEquals("", recorder.last());
    err.println("some Spark log line");
    err.println("effnet-spark: notice: stale lock removed");
    err.println("effnet-spark: cannot start:");
    err.println("  - input hdfs://nn/x does not exist");
    err.println("  - model hdfs://nn/m.onnx: permission denied");
    assertEquals("cannot start: - input hdfs://nn/x does not exist - model hdfs://nn/m.onnx: permission denied",
        recorder.last());
    assertEquals("some Spark log line\neffnet-spark: notice: stale lock removed\neffnet-spark: cannot start:\n"
        + "  - input hdfs://nn/x does not exist\n  - model hdfs://nn/m.onnx: permission denied\n",
        shown.toString(StandardCharsets.UTF_8), "everything still reaches stderr");
    err.print("effnet-spark: job failed: boom");
    assertEquals("job failed: boom", recorder.last(), "a message without its newline yet");
  }

  @Test
  void lastMessageIsBounded() {
    LastMessage recorder = LastMessage.tee(new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    PrintStream err = recorder.stream();
    err.println("effnet-spark: cannot start:");
    for (int i = 0; i < 1000; i++) {
      err.println("  - problem " + i);
    }
    String last = recorder.last();
    assertEquals(true, last.length() <= LastMessage.MAX_CHARS + 4, "length " + last.length());
    assertEquals(true, last.endsWith(" ..."));
  }
}
