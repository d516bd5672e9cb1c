package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A card that the job cannot follow stops the job with exit 4 and a message naming the key, before any Spark work;
 * an option that contradicts the card is exit 2; the model check feeds the card's shape and layout.
 */
class ModelCardErrorsTest extends BadInputTestBase {
  private static final Path NHWC_MODEL = TestPaths.ROOT.resolve("src/test/resources/models/channel-means-nhwc");

  /** The shipped model with its card changed by {@code edit}. */
  private Path shippedWith(Consumer<JsonObject> edit) throws IOException {
    Path dir = modelCopy();
    Path card = dir.resolve("model-card.json");
    JsonObject json = JsonParser.parseString(Files.readString(card)).getAsJsonObject();
    edit.accept(json);
    Files.writeString(card, json.toString());
    return dir.resolve("model.onnx");
  }

  /** The NHWC test model with its card changed by {@code edit}. */
  private Path nhwcWith(Consumer<JsonObject> edit) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("nhwc"));
    for (String f : List.of("model.onnx", "labels.txt", "model-card.json")) {
      Files.copy(NHWC_MODEL.resolve(f), dir.resolve(f));
    }
    Path card = dir.resolve("model-card.json");
    JsonObject json = JsonParser.parseString(Files.readString(card)).getAsJsonObject();
    edit.accept(json);
    Files.writeString(card, json.toString());
    return dir.resolve("model.onnx");
  }

  private int job(Path model, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--input", TestPaths.SAMPLES.toString(), "--output",
        tmp.resolve("o").toString(), "--model", model.toString(), "--top-k", "3"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void anUnknownPreprocessingKeyIsExit4NamingIt() throws IOException {
    Path model = shippedWith(j -> j.getAsJsonObject("preprocessing").addProperty("antialias", true));
    assertEquals(ExitCode.BAD_MODEL, job(model));
    assertTrue(err().contains("preprocessing.antialias") && err().contains("model-card.json"), err());
  }

  @Test
  void anUnknownValueIsExit4NamingTheKey() throws IOException {
    Path model = shippedWith(j -> j.getAsJsonObject("output").addProperty("kind", "softmax"));
    assertEquals(ExitCode.BAD_MODEL, job(model));
    assertTrue(err().contains("output.kind") && err().contains("softmax"), err());
  }

  @Test
  void meanOfTheWrongLengthIsExit4() throws IOException {
    Path model = shippedWith(j -> j.getAsJsonObject("preprocessing").add("mean", JsonParser.parseString("[0.5]")));
    assertEquals(ExitCode.BAD_MODEL, job(model));
    assertTrue(err().contains("preprocessing.mean"), err());
  }

  @Test
  void aLayoutThatContradictsTheShapeIsExit4() throws IOException {
    Path model = nhwcWith(j -> j.getAsJsonObject("input").addProperty("layout", "NCHW"));
    assertEquals(ExitCode.BAD_MODEL, job(model));
    assertTrue(err().contains("input.layout"), err());
  }

  @Test
  void theModelCheckFeedsTheCardsShapeAndLayout() throws IOException {
    // a consistent card, but channels first: the model (channels last) rejects [1, 3, 6, 4]
    Path model = nhwcWith(j -> {
      j.getAsJsonObject("input").addProperty("layout", "NCHW");
      j.getAsJsonObject("input").add("shape", JsonParser.parseString("[-1, 3, 6, 4]"));
    });
    assertEquals(ExitCode.BAD_MODEL, job(model));
    assertTrue(err().contains("[1, 3, 6, 4]") && err().contains("NCHW"), err());
  }

  @Test
  void anOptionThatContradictsTheCardIsExit2NamingTheOption() throws IOException {
    Path model = nhwcWith(j -> { }); // resize [6, 4]: an exact size
    assertEquals(ExitCode.BAD_CONFIG, job(model, "--resize-mode", "shorter_side"));
    assertTrue(err().contains("--resize-mode"), err());
  }

  @Test
  void anUnknownInterpolationOptionIsExit2() {
    assertEquals(ExitCode.BAD_CONFIG, run("--input", "x", "--output", "y", "--interpolation", "area"));
    assertTrue(err().contains("interpolation") && err().contains("area"), err());
  }
}
