package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * More job-level bad input, beside {@link JobErrorsTest}: unreadable and malformed model files, hidden-only or empty
 * input, bad values of the decoding options. Each stops before any Spark work with its exit code and a message
 * naming the file or key.
 */
class BadModelAndInputTest extends BadInputTestBase {

  private int runWithModel(Path modelDir) {
    return run("--input", TestPaths.SAMPLES.toString(), "--output", tmp.resolve("out").toString(), "--model",
        modelDir.resolve("model.onnx").toString());
  }

  @Test
  void modelFileWithoutReadPermissionExitsWithBadModelNamingIt() throws IOException {
    Path dir = modelCopy();
    Path model = dir.resolve("model.onnx");
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("---------"));
    Assumptions.assumeFalse(Files.isReadable(model), "root reads any file: permission denial cannot happen");
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("cannot read") && err().contains(model.toString()), err());
  }

  @Test
  void labelsThatCannotBeReadExitWithBadModelNamingThem() throws IOException {
    Path dir = modelCopy();
    Files.delete(dir.resolve("labels.txt"));
    Files.createDirectory(dir.resolve("labels.txt")); // exists, cannot be read as a file, even by root
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("cannot read") && err().contains("labels.txt"), err());
  }

  @Test
  void emptyLabelsFileExitsWithBadModel() throws IOException {
    Path dir = modelCopy();
    Files.writeString(dir.resolve("labels.txt"), "\n\n");
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("labels.txt") && err().contains("no labels"), err());
  }

  @Test
  void modelCardThatIsNotJsonExitsWithBadModelNamingIt() throws IOException {
    Path dir = modelCopy();
    Files.writeString(dir.resolve("model-card.json"), "{\"input\": {\"shape\": [-1, 3, 32, 32]");
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("model-card.json") && err().contains("not a JSON object"), err());
  }

  @Test
  void modelCardWithValuesOfTheWrongTypeExitsWithBadModelNamingIt() throws IOException {
    Path dir = modelCopy();
    String card = Files.readString(dir.resolve("model-card.json"));
    Files.writeString(dir.resolve("model-card.json"),
        card.replaceFirst("\"shape\"\\s*:\\s*\\[[^\\]]*\\]", "\"shape\": \"1x3x32x32\""));
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("model-card.json") && err().contains("malformed"), err());
  }

  @Test
  void modelCardWithANonNumericShapeEntryExitsWithBadModelNamingIt() throws IOException {
    Path dir = modelCopy();
    String card = Files.readString(dir.resolve("model-card.json"));
    Files.writeString(dir.resolve("model-card.json"),
        card.replaceFirst("\"shape\"\\s*:\\s*\\[[^\\]]*\\]", "\"shape\": [-1, \"three\", 32, 32]"));
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("model-card.json") && err().contains("three"), err());
  }

  @Test
  void modelCardWithTwoMeanValuesExitsWithBadModelNamingTheKey() throws IOException {
    Path dir = modelCopy();
    String card = Files.readString(dir.resolve("model-card.json"));
    Files.writeString(dir.resolve("model-card.json"),
        card.replaceFirst("\"mean\"\\s*:\\s*\\[[^\\]]*\\]", "\"mean\": [0.5, 0.5]"));
    assertEquals(ExitCode.BAD_MODEL, runWithModel(dir));
    assertTrue(err().contains("model-card.json") && err().contains("mean"), err());
  }

  @Test
  void modelOnAFileSystemWithoutADriverExitsWithBadModelNamingTheLocation() {
    String model = "nosuchfs://bucket/models/model.onnx";
    assertEquals(ExitCode.BAD_MODEL, run("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("out").toString(), "--model", model));
    assertTrue(err().contains(model), err());
  }

  @Test
  void inputWithOnlyHiddenImagesExitsWithInputMissing() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in/.thumbnails"));
    Files.write(in.resolve("a.png"), new byte[] {1});
    Files.write(in.getParent().resolve(".b.jpg"), new byte[] {1});
    Files.write(in.getParent().resolve("._c.jpg"), new byte[] {1});
    assertEquals(ExitCode.INPUT_MISSING, run("--input", tmp.resolve("in").toString(), "--output",
        tmp.resolve("o").toString()));
    assertTrue(err().contains("no image files") && err().contains("--include-all-files"), err());
  }

  @Test
  void emptyInputFolderExitsWithInputMissingEvenWithIncludeAllFiles() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in/empty-sub"));
    assertEquals(ExitCode.INPUT_MISSING, run("--input", in.getParent().toString(), "--output",
        tmp.resolve("o").toString(), "--include-all-files"));
    assertTrue(err().contains("input holds no files"), err());
  }

  @Test
  void badExifOrientationValueExitsWithBadConfigNamingTheOption() {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", "x", "--output", "y", "--exif-orientation", "sideways"));
    assertTrue(err().contains("exif-orientation") && err().contains("sideways"), err());
  }
}
