package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return EffnetJob.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
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
