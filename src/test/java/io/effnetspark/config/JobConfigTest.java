package io.effnetspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one precedence: command line (or Param), then config file, then model card, then default. */
class JobConfigTest {
  private static final Map<String, String> IO = Map.of("input", "in", "output", "out");

  @Test
  void commandLineThenConfigFileThenModelCardThenDefault() {
    Map<String, String> cli = Map.of("input", "in", "output", "out", "batch-size", "9");
    Map<String, String> file = Map.of("batch-size", "7", "top-k", "3");
    JobConfig c = JobConfig.resolve(cli, file);
    assertEquals(9, c.get(Settings.BATCH_SIZE));
    assertEquals(3, c.get(Settings.TOP_K));
    assertEquals(ExifOrientation.APPLY, c.get(Settings.EXIF_ORIENTATION));
    assertFalse(c.isExplicit(Settings.EXIF_ORIENTATION));

    Map<String, String> card = Map.of("exif-orientation", "ignore");
    assertEquals(ExifOrientation.IGNORE, c.withModelCard(card).get(Settings.EXIF_ORIENTATION), "card over default");
    JobConfig fromFile = JobConfig.resolve(IO, Map.of("exif-orientation", "apply"));
    assertEquals(ExifOrientation.APPLY, fromFile.withModelCard(card).get(Settings.EXIF_ORIENTATION),
        "config file over card");
    JobConfig fromCli = JobConfig.resolve(Map.of("input", "i", "output", "o", "exif-orientation", "apply"), Map.of());
    assertEquals(ExifOrientation.APPLY, fromCli.withModelCard(card).get(Settings.EXIF_ORIENTATION),
        "command line over card");
  }

  @Test
  void aModelCardStatesOnlyModelCardSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobConfig.defaults().withModelCard(Map.of("batch-size", "8")));
    assertTrue(e.getMessage().contains("batch-size"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> JobConfig.defaults().withModelCard(Map.of("exif-orientation", "sideways")));
    assertTrue(e.getMessage().contains("sideways"), e.getMessage());
  }

  @Test
  void eachCheckIsTheSettingsAndNamesTheOption() {
    for (String[] bad : new String[][] {{"batch-size", "0"}, {"top-k", "-1"}, {"max-pixels", "0"},
        {"gpu-concurrency", "0"}, {"gpu-batch-size", "-1"}, {"partitions", "-2"}, {"max-error-fraction", "1.5"},
        {"report-thumbnails", "21"}, {"progress-interval", "-1"}, {"batch-size", "many"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> JobConfig.resolve(Map.of("input", "i", "output", "o", bad[0], bad[1]), Map.of()), bad[0]);
      assertTrue(e.getMessage().startsWith("--" + bad[0]), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> JobConfig.defaults().with(Settings.BATCH_SIZE, 0));
  }

  @Test
  void describeShowsEveryFileSettingAsRunJsonWritesIt() {
    Map<String, Object> d = JobConfig.resolve(IO, Map.of()).describe();
    assertEquals("auto", d.get("engine"));
    assertEquals("auto", d.get("cpu-concurrency"));
    assertEquals(5.0, d.get("progress-interval"));
    assertEquals("errorifexists", d.get("mode"));
    assertEquals(32, d.get("batch-size"));
    assertTrue(d.containsKey("run-date") && d.get("run-date") == null);
    assertFalse(d.containsKey("config"));
    assertEquals(Settings.ALL.size() - 1, d.size());
  }

  @Test
  void describeShowsTheExifRuleInEffectUnderDecodePil() {
    assertEquals("apply", JobConfig.resolve(IO, Map.of()).describe().get("exif-orientation"));
    JobConfig pilCard = JobConfig.resolve(IO, Map.of()).withModelCard(Map.of("decode", "pil"));
    assertEquals("ignore", pilCard.describe().get("exif-orientation"));
    assertEquals(ExifOrientation.IGNORE, pilCard.exifOrientation());
    JobConfig pilStatedApply = JobConfig.resolve(Map.of("input", "i", "output", "o", "decode", "pil",
        "exif-orientation", "apply"), Map.of());
    assertEquals("apply", pilStatedApply.describe().get("exif-orientation"));
  }

  @Test
  void theDefaultModelIsOnTheLocalFileSystemWhateverTheDefaultFileSystemAndFolderName(@TempDir Path home)
      throws Exception {
    Path models = Files.createDirectories(home.resolve("my projects/effnet spark/models/fashion-effnet"));
    Files.writeString(models.resolve("model.onnx"), "x");
    org.apache.hadoop.conf.Configuration hdfsByDefault = new org.apache.hadoop.conf.Configuration();
    hdfsByDefault.set("fs.defaultFS", "hdfs://namenode.invalid:8020");
    org.apache.hadoop.fs.Path model =
        new org.apache.hadoop.fs.Path(Settings.shippedModel(home.resolve("my projects/effnet spark").toString()));
    assertEquals("file", model.toUri().getScheme());
    assertTrue(model.getFileSystem(hdfsByDefault).exists(model), model.toString());
    assertTrue(JobConfig.resolve(IO, Map.of()).model().startsWith("file:/"));
  }

  @Test
  void aWholeNumberTooLargeForTheSettingIsCalledTooLargeNotNotANumber() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobConfig.resolve(Map.of("input", "i", "output", "o", "partitions", "2147483648"), Map.of()));
    assertTrue(e.getMessage().contains("--partitions is too large a number, got '2147483648'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> JobConfig.resolve(Map.of("input", "i", "output", "o", "partitions", "many"), Map.of()));
    assertTrue(e.getMessage().contains("--partitions must be a number, got 'many'"), e.getMessage());
  }
}
