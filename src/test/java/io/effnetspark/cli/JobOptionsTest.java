package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option parsing and the config file: precedence and the errors that stop the job before any Spark work. */
class JobOptionsTest {
  @TempDir
  Path tmp;

  private static JobConfig parse(String... args) {
    return JobOptions.parse(args).config();
  }

  @Test
  void defaultsMatchTheDocumentedValues() {
    JobConfig c = parse("--input", "in", "--output", "out");
    assertEquals(32, c.get(Settings.BATCH_SIZE));
    assertEquals(5, c.get(Settings.TOP_K));
    assertEquals(WriteMode.ERRORIFEXISTS, c.mode());
    assertEquals(null, c.engine());
    assertTrue(c.model().endsWith("models/fashion-effnet/model.onnx"), c.model());
    assertFalse(c.labelsFromDirs());
  }

  @Test
  void commandLineWinsOverConfigFileWhichWinsOverDefaults() throws Exception {
    Path conf = Files.writeString(tmp.resolve("job.properties"),
        "batch-size=7\ntop-k=3\nlabels-from-dirs=true\ninput=from-file\n");
    JobConfig c = parse("--config", conf.toString(), "--batch-size", "9", "--output", "out");
    assertEquals(9, c.get(Settings.BATCH_SIZE));
    assertEquals(3, c.get(Settings.TOP_K));
    assertTrue(c.labelsFromDirs());
    assertEquals("from-file", c.input());
    assertEquals(WriteMode.ERRORIFEXISTS, c.mode());
  }

  @Test
  void unknownKeyInConfigFileIsRejectedWithTheKeyAndFile() throws Exception {
    Path conf = Files.writeString(tmp.resolve("job.properties"), "batch_size=7\n");
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parse("--config", conf.toString(), "--input", "i", "--output", "o"));
    assertTrue(e.getMessage().contains("batch_size") && e.getMessage().contains(conf.toString()), e.getMessage());
  }

  @Test
  void invalidValuesAreAllReportedTogether() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("--input", "i", "--output", "o", "--batch-size", "0", "--device", "tpu", "--mode", "replace"));
    assertTrue(e.getMessage().contains("--batch-size"), e.getMessage());
    assertTrue(e.getMessage().contains("tpu"), e.getMessage());
    assertTrue(e.getMessage().contains("replace"), e.getMessage());
  }

  @Test
  void missingInputAndOutputAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse());
    assertTrue(e.getMessage().contains("--input") && e.getMessage().contains("--output"), e.getMessage());
  }
  @Test
  void pipelineOptionsComeFromTheConfigFileAndTheCommandLine() throws Exception {
    Path conf = Files.writeString(tmp.resolve("job.properties"),
        "incremental=true\nmode=append\nreport=true\nprogress-interval=2.5\nreport-thumbnails=6\n");
    JobConfig c = parse("--config", conf.toString(), "--input", "i", "--output", "o", "--run-date", "2026-11-29");
    assertTrue(c.get(Settings.INCREMENTAL));
    assertTrue(c.get(Settings.REPORT));
    assertEquals(java.time.LocalDate.of(2026, 11, 29), c.get(Settings.RUN_DATE));
    assertEquals(java.time.Duration.ofMillis(2500), c.get(Settings.PROGRESS_INTERVAL));
    assertEquals(6, c.get(Settings.REPORT_THUMBNAILS));
    assertEquals("run_date=2026-11-29", c.partitionDir());
  }

  @Test
  void pipelineDefaultsAreAPlainRunWithProgressEveryFiveSeconds() {
    JobConfig c = parse("--input", "in", "--output", "out");
    assertFalse(c.get(Settings.INCREMENTAL));
    assertFalse(c.get(Settings.REPORT));
    assertFalse(c.partitioned());
    assertEquals(java.time.Duration.ofSeconds(5), c.get(Settings.PROGRESS_INTERVAL));
  }

  @Test
  void incrementalIsAcceptedWithAppendOrWithARunDate() {
    assertTrue(parse("--input", "i", "--output", "o", "--incremental", "--mode", "append").get(Settings.INCREMENTAL));
    assertTrue(parse("--input", "i", "--output", "o", "--incremental", "--mode", "overwrite", "--run-date",
        "2026-11-29").get(Settings.INCREMENTAL));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("--input", "i", "--output", "o", "--incremental"));
    assertTrue(e.getMessage().contains("--incremental"), e.getMessage());
  }
}
