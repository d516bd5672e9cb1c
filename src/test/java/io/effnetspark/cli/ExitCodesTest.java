package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestImages;
import io.effnetspark.job.ExitCode;
import io.effnetspark.spark.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes decided after Spark work started: 0 (success), 6 (error fraction exceeded, output written),
 * 1 (failure: the output cannot be written). Codes 2-5 are decided before Spark: {@link JobErrorsTest}.
 */
class ExitCodesTest extends SparkTestBase {
  @TempDir
  Path tmp;

  /** 6 good images, 2 bad ones: an error fraction of 0.25. */
  private Path inputWithTwoBadFiles() throws Exception {
    Path in = tmp.resolve("in");
    TestImages.copy(in, "bag", 0, 6);
    Files.writeString(in.resolve("bag/notes-saved-as.png"), "this is text, not a PNG");
    byte[] png = Files.readAllBytes(in.resolve("bag").toFile().listFiles()[0].toPath());
    Files.write(in.resolve("bag/truncated.png"), java.util.Arrays.copyOf(png, 60));
    return in;
  }

  @Test
  void errorFractionAboveTheLimitExitsWithSixAfterWritingEveryRow() throws Exception {
    Path out = tmp.resolve("out");
    JobHarness.Run run = JobHarness.run("--input", inputWithTwoBadFiles().toString(), "--output", out.toString(),
        "--max-error-fraction", "0.2");
    assertEquals(ExitCode.ERROR_FRACTION_EXCEEDED, run.code(), run.err());
    assertTrue(run.err().contains("error fraction 0.2500 exceeds --max-error-fraction 0.2"), run.err());
    assertEquals(8, DuckDb.count(out, "SELECT count(*) FROM OUT"));
    JsonObject json = JobHarness.runJson(out);
    assertEquals(6, json.get("exit_code").getAsInt());
    assertEquals(1, json.getAsJsonObject("errors_by_class").get("CORRUPT").getAsLong());
    assertEquals(1, json.getAsJsonObject("errors_by_class").get("NOT_AN_IMAGE").getAsLong());
  }

  @Test
  void errorFractionWithinTheLimitExitsWithZero() throws Exception {
    Path out = tmp.resolve("out");
    JobHarness.Run run = JobHarness.run("--input", inputWithTwoBadFiles().toString(), "--output", out.toString(),
        "--max-error-fraction", "0.25");
    assertEquals(ExitCode.OK, run.code(), run.err());
    assertEquals(8, DuckDb.count(out, "SELECT count(*) FROM OUT"));
  }

  @Test
  void outputThatCannotBeWrittenExitsWithFailure() throws Exception {
    Path in = tmp.resolve("in");
    TestImages.copy(in, "sandal", 0, 3);
    // A regular file where the output's parent folder should be: no user, root included, can create it.
    Path blocker = Files.writeString(tmp.resolve("not-a-folder"), "x");
    Path out = blocker.resolve("predictions");
    JobHarness.Run run = JobHarness.run("--input", in.toString(), "--output", out.toString());
    assertEquals(ExitCode.FAILURE, run.code(), run.err());
    assertTrue(run.err().contains("job failed"), run.err());
    assertFalse(Files.isDirectory(out));
  }
}
