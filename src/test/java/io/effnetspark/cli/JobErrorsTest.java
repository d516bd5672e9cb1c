package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Job-level bad input stops with a distinct exit code and a message naming the file or key, before any Spark
 * work: no SparkSession is started and nothing is written.
 */
class JobErrorsTest extends BadInputTestBase {

  @Test
  void unknownOptionExitsWithBadConfig() {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", "x", "--output", "y", "--bogus"));
    assertTrue(err().contains("--bogus"), err());
  }

  @Test
  void malformedNumberExitsWithBadConfigNamingTheOption() {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", "x", "--output", "y", "--batch-size", "lots"));
    assertTrue(err().contains("--batch-size") && err().contains("lots"), err());
  }

  @Test
  void unreadableConfigFileExitsWithBadConfigNamingTheFile() {
    Path missing = tmp.resolve("nope.properties");
    assertEquals(ExitCode.BAD_CONFIG, run("--config", missing.toString(), "--input", "x", "--output", "y"));
    assertTrue(err().contains(missing.toString()), err());
  }

  @Test
  void missingInputExitsWithInputMissing() {
    Path missing = tmp.resolve("no-such-dir");
    assertEquals(ExitCode.INPUT_MISSING, run("--input", missing.toString(), "--output", tmp.resolve("o").toString()));
    assertTrue(err().contains("input not found: " + missing), err());
  }

  @Test
  void inputWithoutImagesExitsWithInputMissing() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in/sub"));
    Files.writeString(in.resolve("notes.txt"), "not an image");
    assertEquals(ExitCode.INPUT_MISSING, run("--input", tmp.resolve("in").toString(), "--output",
        tmp.resolve("o").toString()));
    assertTrue(err().contains("no image files"), err());
  }

  @Test
  void missingModelExitsWithBadModelNamingTheFile() {
    Path model = tmp.resolve("absent/model.onnx");
    assertEquals(ExitCode.BAD_MODEL, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--model", model.toString()));
    assertTrue(err().contains(model.toString()), err());
  }

  @Test
  void corruptModelFileExitsWithBadModel() throws IOException {
    Path dir = modelCopy();
    Files.writeString(dir.resolve("model.onnx"), "this is not a protobuf");
    assertEquals(ExitCode.BAD_MODEL, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--model", dir.resolve("model.onnx").toString()));
    assertTrue(err().contains("cannot load model"), err());
  }

  @Test
  void labelCountDifferentFromModelOutputsExitsWithBadModel() throws IOException {
    Path dir = modelCopy();
    List<String> labels = Files.readAllLines(dir.resolve("labels.txt"));
    Files.write(dir.resolve("labels.txt"), labels.subList(0, 9));
    // without the card's output.shape, which would already disagree with the labels (ModelCardTest)
    Path card = dir.resolve("model-card.json");
    JsonObject json = JsonParser.parseString(Files.readString(card)).getAsJsonObject();
    json.getAsJsonObject("output").remove("shape");
    Files.writeString(card, json.toString());
    assertEquals(ExitCode.BAD_MODEL, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--model", dir.resolve("model.onnx").toString()));
    assertTrue(err().contains("9 labels") && err().contains("10 logits"), err());
  }

  @Test
  void modelInputSizeDifferentFromCardExitsWithBadModel() throws IOException {
    Path dir = modelCopy();
    Path card = dir.resolve("model-card.json");
    JsonObject json = JsonParser.parseString(Files.readString(card)).getAsJsonObject();
    json.getAsJsonObject("preprocessing").addProperty("resize", 28);
    json.getAsJsonObject("preprocessing").addProperty("crop", 28);
    json.getAsJsonObject("input").add("shape", JsonParser.parseString("[-1, 3, 28, 28]"));
    Files.writeString(card, json.toString());
    assertEquals(ExitCode.BAD_MODEL, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--model", dir.resolve("model.onnx").toString()));
    assertTrue(err().contains("[1, 3, 28, 28]"), err());
  }

  @Test
  void existingOutputUnderErrorIfExistsExitsWithOutputExistsAndIsUntouched() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path marker = Files.writeString(out.resolve("keep.txt"), "previous run");
    assertEquals(ExitCode.OUTPUT_EXISTS, run("--input", TestPaths.SAMPLES.toString(), "--output", out.toString()));
    assertTrue(err().contains("output already exists: " + out), err());
    assertEquals("previous run", Files.readString(marker));
  }

  @Test
  void severalProblemsAreReportedInOneMessage() throws IOException {
    Path in = tmp.resolve("missing-in");
    Path model = tmp.resolve("missing/model.onnx");
    Files.writeString(tmp.resolve("keep.txt"), "an earlier run's output"); // an empty folder counts as absent
    int code = run("--input", in.toString(), "--output", tmp.toString(), "--model", model.toString());
    assertEquals(ExitCode.INPUT_MISSING, code);
    assertTrue(err().contains(in.toString()) && err().contains(model.toString())
        && err().contains("output already exists"), err());
    assertFalse(Files.exists(tmp.resolve("_run.json")));
  }

  @Test
  void incrementalWithoutAppendOrRunDateExitsWithBadConfig() {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--incremental", "--mode", "overwrite"));
    assertTrue(err().contains("--incremental") && err().contains("--mode append"), err());
  }

  @Test
  void malformedRunDateExitsWithBadConfig() {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--run-date", "29/11/2026"));
    assertTrue(err().contains("--run-date must be a date as YYYY-MM-DD, got '29/11/2026'"), err());
  }

  @Test
  void existingRunDatePartitionUnderErrorIfExistsExitsWithOutputExistsAndIsUntouched() throws IOException {
    Path partition = Files.createDirectories(tmp.resolve("out/run_date=2026-11-29"));
    Path marker = Files.writeString(partition.resolve("keep.txt"), "that night's rows");
    assertEquals(ExitCode.OUTPUT_EXISTS, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("out").toString(), "--run-date", "2026-11-29"));
    assertTrue(err().contains("output partition already exists") && err().contains("run_date=2026-11-29"), err());
    assertEquals("that night's rows", Files.readString(marker));
  }
}
