package io.effnetspark.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.ConventionModel;
import io.effnetspark.TestPaths;
import io.effnetspark.model.CardPlaceholders;
import io.effnetspark.model.ModelCard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code jobs/inspect-model.sh}: the engine's view of a model, and a card template the parser refuses unfilled. */
class InspectModelTest {
  /** What the template leaves to the user on a 3-channel logits model. */
  private static final List<String> USER_KEYS = List.of("output.kind", "preprocessing.color",
      "preprocessing.resize", "preprocessing.resize_mode", "preprocessing.interpolation", "preprocessing.scale",
      "preprocessing.mean", "preprocessing.std");

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  static Run inspect(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = InspectModel.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void shippedOnnxModelShowsItsTensorsAndGetsAnNchwTemplateThatTheCardParserRefuses() throws Exception {
    Path card = tmp.resolve("card.json");
    Run r = inspect(TestPaths.ONNX_MODEL.toString(), "--out", card.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*\\n  input +float32 +\\[batch, 3, 32, 32\\]\\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n  logits +float32 +\\[batch, 10\\]\\n.*"), r.out());
    assertTrue(r.out().contains("labels.txt: 10 names, one per model output"), r.out());
    JsonObject t = json(card);
    assertEquals(JsonParser.parseString("[-1, 3, 32, 32]"), t.getAsJsonObject("input").get("shape"));
    assertEquals("NCHW", t.getAsJsonObject("input").get("layout").getAsString());
    assertEquals(JsonParser.parseString("[-1, 10]"), t.getAsJsonObject("output").get("shape"));
    assertEquals(32, t.getAsJsonObject("preprocessing").get("crop").getAsInt());
    assertEquals("pil", t.getAsJsonObject("preprocessing").get("decode").getAsString());
    assertEquals(USER_KEYS, CardPlaceholders.unfilledKeys(t));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelCard.parse(Files.readString(card), "card.json"));
    assertTrue(e.getMessage().startsWith("card.json: an unfilled card template: replace the FILL_IN values of "
        + String.join(", ", USER_KEYS)), e.getMessage());
  }

  @Test
  void torchScriptRecordsNoShapesSoItAsksForOneAndAForwardPassShowsTheOutput() throws Exception {
    Run r = inspect(TestPaths.TORCHSCRIPT_MODEL.toString(), "--out", "-");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("a TorchScript file records no tensor shapes: give the shape the model was trained "
        + "with, e.g. --shape 1,3,224,224"), r.err());
    JsonObject t = JsonParser.parseString(r.out()).getAsJsonObject(); // stdout: the template alone
    assertTrue(t.getAsJsonObject("input").get("shape").getAsString().startsWith("FILL_IN: "), r.out());
    assertFalse(t.getAsJsonObject("input").has("dtype"), "TorchScript records no element type either: " + r.out());
    assertTrue(CardPlaceholders.unfilledKeys(t).containsAll(List.of("input.shape", "input.layout",
        "output.shape", "preprocessing.crop")), r.out());

    Path card = tmp.resolve("pt.json");
    r = inspect(TestPaths.TORCHSCRIPT_MODEL.toString(), "--shape", "1,3,32,32", "--out", card.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("forward pass: output [2, 10] on random input: values outside [0, 1] (logits)"),
        r.out());
    t = json(card);
    assertEquals(JsonParser.parseString("[-1, 3, 32, 32]"), t.getAsJsonObject("input").get("shape"));
    assertEquals("NCHW", t.getAsJsonObject("input").get("layout").getAsString());
    assertEquals("float32", t.getAsJsonObject("input").get("dtype").getAsString(), "the forward pass took float32");
    assertEquals(JsonParser.parseString("[-1, 10]"), t.getAsJsonObject("output").get("shape"));
    assertEquals(USER_KEYS, CardPlaceholders.unfilledKeys(t));
  }

  /**
   * On every convention model the template holds what the engine can tell, equal to the committed card; filled in
   * with the card's answers to its FILL_IN keys, its input, output and preprocessing are the card's, and the card
   * parser takes it. A softmax head
   * (keras-nhwc) is found by the forward pass, a gray model's colour by its one channel.
   */
  @ParameterizedTest
  @MethodSource("io.effnetspark.ConventionModel#names")
  void templateOfAConventionModelIsItsCardOnceTheFillInsAreAnswered(String name) throws Exception {
    ConventionModel c = ConventionModel.load(name);
    Path card = tmp.resolve(name + ".json");
    Run r = inspect(c.model().toString(), "--out", card.toString());
    assertEquals(0, r.code(), r.err());
    JsonObject template = json(card);
    JsonObject committed = json(c.dir().resolve(ModelCard.FILE_NAME));
    List<String> unfilled = CardPlaceholders.unfilledKeys(template);
    assertEquals(!name.equals("keras-nhwc"), unfilled.contains("output.kind"), unfilled.toString());
    assertEquals(!name.equals("gray-28"), unfilled.contains("preprocessing.color"), unfilled.toString());
    for (String key : unfilled) {
      String[] path = key.split("\\.");
      template.getAsJsonObject(path[0]).add(path[1], committed.getAsJsonObject(path[0]).get(path[1]));
    }
    for (String part : List.of("input", "output", "preprocessing")) {
      assertEquals(committed.get(part), template.get(part), name + ": " + part);
    }
    ModelCard filled = ModelCard.parse(template.toString(), name);
    assertEquals(c.classes(), filled.outputClasses());
  }

  @Test
  void anExistingCardIsReplacedOnlyWithForce() throws Exception {
    Path model = Files.copy(TestPaths.ONNX_MODEL, tmp.resolve("model.onnx"));
    Path card = Files.copy(TestPaths.MODEL_DIR.resolve(ModelCard.FILE_NAME), tmp.resolve(ModelCard.FILE_NAME));
    byte[] before = Files.readAllBytes(card);
    Run r = inspect(model.toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains(card + " exists and is not replaced"), r.err());
    assertArrayEquals(before, Files.readAllBytes(card));
    r = inspect(model.toString(), "--force");
    assertEquals(0, r.code(), r.err());
    assertTrue(json(card).getAsJsonObject("preprocessing").get("scale").getAsString().startsWith("FILL_IN"));
    assertTrue(r.out().contains("labels.txt is missing beside the model: one class name per line, in output order "
        + "(10 lines)"), r.out());
  }

  @Test
  void aFileThatIsNoModelIsExitFourAndBadArgumentsExitTwo() throws Exception {
    Path broken = Files.writeString(tmp.resolve("model.onnx"), "not a model");
    Run r = inspect(broken.toString(), "--out", "-");
    assertEquals(4, r.code(), r.out());
    assertTrue(r.err().startsWith("inspect-model: ONNX Runtime cannot load " + broken), r.err());
    assertEquals(4, inspect(tmp.resolve("missing.onnx").toString()).code());
    assertEquals(2, inspect(broken.toString(), "--shape", "1,3,a,b").code());
    assertEquals(2, inspect(tmp.resolve("model.h5").toString()).code());
    assertEquals(2, inspect().code());
  }

  @Test
  void shapesAreReadInTheUsualSpellings() {
    for (String s : List.of("1,3,224,224", "[1, 3, 224, 224]", "1x3x224x224", "-1,3,224,224")) {
      long[] shape = InspectModel.parseShape(s);
      assertArrayEquals(new long[] {3, 224, 224}, Arrays.copyOfRange(shape, 1, 4), s);
    }
    assertThrows(IllegalArgumentException.class, () -> InspectModel.parseShape("1,3,0,224"));
    assertThrows(IllegalArgumentException.class, () -> InspectModel.parseShape("224"));
  }

  @Test
  void probeShapeFillsTheBatchAndOpenDimensionsFromTheHint() {
    assertArrayEquals(new long[] {2, 3, 32, 32}, ModelSignature.probeShape(new long[] {-1, 3, 32, 32}, null));
    assertArrayEquals(new long[] {1, 3, 32, 32}, ModelSignature.probeShape(new long[] {1, 3, 32, 32}, null));
    assertEquals(null, ModelSignature.probeShape(new long[] {-1, 3, -1, -1}, null));
    assertArrayEquals(new long[] {2, 3, 96, 128},
        ModelSignature.probeShape(new long[] {-1, 3, -1, -1}, new long[] {1, 3, 96, 128}));
    assertArrayEquals(new long[] {2, 3, 32, 32}, ModelSignature.probeShape(null, new long[] {1, 3, 32, 32}));
  }
}
