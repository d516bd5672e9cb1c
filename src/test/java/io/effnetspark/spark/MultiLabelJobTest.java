package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Settings;
import io.effnetspark.job.ExitCode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-label NHWC model ({@code output.kind: sigmoid_logits}) through the job and the Transformer: the
 * {@code above_threshold} column lists every class at or above {@code --multi-label-threshold}; the shipped model's
 * output has no such column. The model ({@code src/test/resources/models/channel-means-nhwc}) outputs the channel
 * means of its input, so each solid-colour image's classes are known: sigmoid(v / 255) of its red, green, blue.
 */
class MultiLabelJobTest extends SparkTestBase {
  @TempDir
  static Path tmp;
  static Path in;
  static Path model;

  @BeforeAll
  static void setUp() throws Exception {
    in = Files.createDirectories(tmp.resolve("in"));
    // sigmoid(v/255) >= 0.6 needs v >= 103.4: red only, red + blue, none
    write("red.png", 250, 20, 20);
    write("magenta.png", 200, 10, 180);
    write("dark.png", 60, 60, 60);
    Path dir = Files.createDirectories(tmp.resolve("model"));
    Path src = TestPaths.ROOT.resolve("src/test/resources/models/channel-means-nhwc");
    for (String f : List.of("model.onnx", "labels.txt")) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    JsonObject card = JsonParser.parseString(Files.readString(src.resolve("model-card.json"))).getAsJsonObject();
    card.getAsJsonObject("output").addProperty("kind", "sigmoid_logits");
    Files.writeString(dir.resolve("model-card.json"), card.toString());
    model = dir.resolve("model.onnx");
  }

  private static void write(String name, int r, int g, int b) throws Exception {
    BufferedImage img = new BufferedImage(10, 7, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 7; y++) {
      for (int x = 0; x < 10; x++) {
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    ImageIO.write(img, "png", in.resolve(name).toFile());
  }

  @Test
  void theJobWritesEveryClassAboveTheThreshold() throws Exception {
    Path out = tmp.resolve("out");
    JobHarness.Run run = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--model",
        model.toString(), "--top-k", "3", "--multi-label-threshold", "0.6");
    assertEquals(ExitCode.OK, run.code(), run.err());
    List<List<Object>> rows = DuckDb.query(out, "SELECT regexp_extract(path, '[^/]+$'), "
        + "list_transform(above_threshold, e -> e.label)::VARCHAR, label FROM OUT ORDER BY 1");
    assertEquals(List.of(
        List.of("dark.png", "[]", "first"),
        List.of("magenta.png", "[first, third]", "first"),
        List.of("red.png", "[first]", "first")), rows);
    assertEquals(0.6, run.runJson().getAsJsonObject("options").get("multi-label-threshold").getAsDouble());
  }

  @Test
  void theTransformerTakesTheThresholdAsAParam() {
    Dataset<Row> images = spark.read().format("binaryFile").load(in.toString());
    EfficientNetClassifier c = new EfficientNetClassifier().setModelUrl(model.toString())
        .set(Settings.MULTI_LABEL_THRESHOLD, 0.7).set(Settings.TOP_K, 2);
    assertTrue(c.hasParam("multiLabelThreshold") && c.hasParam("decode") && c.hasParam("interpolation")
        && c.hasParam("resizeMode"));
    List<Row> rows = c.transform(images).selectExpr("regexp_extract(path, '[^/]+$', 0) AS name",
        "transform(prediction.above_threshold, e -> e.label) AS labels").orderBy("name").collectAsList();
    assertEquals(3, rows.size());
    assertEquals(List.of(), rows.get(0).getList(1), "dark");
    assertEquals(List.of(), rows.get(1).getList(1), "magenta at 0.7: sigmoid(200/255) = 0.687 is below");
    assertEquals(List.of("first"), rows.get(2).getList(1), "red: sigmoid(250/255) = 0.727");
  }

  @Test
  void modelsThatAreNotMultiLabelKeepTheirColumns() throws Exception {
    Path out = tmp.resolve("shipped");
    Path one = Files.createDirectories(tmp.resolve("one"));
    try (java.util.stream.Stream<Path> bags = Files.list(TestPaths.SAMPLES.resolve("bag"))) {
      Files.copy(bags.sorted().findFirst().orElseThrow(), one.resolve("bag.png"));
    }
    JobHarness.Run run = JobHarness.run("--input", one.toString(), "--output", out.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
    List<String> columns = DuckDb.query(out, "SELECT column_name FROM (DESCRIBE SELECT * FROM OUT)").stream()
        .map(r -> (String) r.get(0)).toList();
    assertFalse(columns.contains("above_threshold"), columns.toString());
    assertTrue(columns.contains("top_k"), columns.toString());
  }
}
