package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs the job in-process on bad input, keeps its stderr, and checks that no SparkSession was started. */
abstract class BadInputTestBase {
  @TempDir
  Path tmp;
  private final StringBuilder err = new StringBuilder();

  int run(String... args) {
    JobHarness.Run run = JobHarness.run(args);
    err.append(run.err());
    return run.code();
  }

  /** What the runs of this test printed on stderr, in order. */
  String err() {
    return err.toString();
  }

  @AfterEach
  void noSparkWasStarted() {
    assertTrue(SparkSession.getActiveSession().isEmpty(), "no SparkSession may start on bad input");
  }

  /** A private copy of the shipped model folder (model.onnx, labels.txt, model-card.json) to damage. */
  Path modelCopy() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    for (String f : List.of("model.onnx", "labels.txt", "model-card.json")) {
      Files.copy(TestPaths.MODEL_DIR.resolve(f), dir.resolve(f));
    }
    return dir;
  }
}
