package io.effnetspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.Interpolation;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.ResizeMode;
import io.effnetspark.config.Settings;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code model-card.json}: every key the job reads, the accepted aliases, and each error naming its key. */
class ModelCardTest {
  private static final String SOURCE = "/m/model-card.json";

  /** A minimal valid card: today's format. */
  private static JsonObject base() {
    return JsonParser.parseString("{\"name\": \"t\", \"input\": {\"shape\": [-1, 3, 224, 224]}, \"preprocessing\": "
        + "{\"resize\": 256, \"crop\": 224, \"scale\": 0.00392156862745098, \"mean\": [0.485, 0.456, 0.406], "
        + "\"std\": [0.229, 0.224, 0.225]}}").getAsJsonObject();
  }

  private static ModelCard parse(JsonObject card) {
    return ModelCard.parse(card.toString(), SOURCE);
  }

  private static JsonObject pre(JsonObject card) {
    return card.getAsJsonObject("preprocessing");
  }

  private static JsonElement json(String s) {
    return JsonParser.parseString(s);
  }

  /** The card fails with a message that starts with its location and names {@code key}. */
  private static String fails(JsonObject card, String key) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(card), card::toString);
    assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(key), "message names " + key + ": " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void todaysMinimalCardMeansNchwRgbLogitsBilinearShorterSideAndStatesNoSettings() {
    ModelCard c = parse(base());
    assertEquals(new InputSpec(TensorLayout.NCHW, 3, 224, 224), c.input());
    assertEquals(OutputKind.LOGITS, c.outputKind());
    assertEquals(0, c.outputClasses());
    PreprocessingSpec p = c.preprocessing();
    assertEquals(256, p.resize());
    assertFalse(p.resizeIsPair());
    assertEquals(224, p.crop());
    assertEquals(ColorMode.RGB, p.color());
    assertNull(p.alpha());
    assertEquals(Map.of(), c.settings(), "nothing stated: the settings' defaults apply");
    JobConfig config = JobConfig.defaults().withModelCard(c.settings());
    assertEquals(DecodeMode.DEFAULT, config.get(Settings.DECODE));
    assertEquals(Interpolation.BILINEAR, config.get(Settings.INTERPOLATION));
    assertEquals(ResizeMode.SHORTER_SIDE, config.get(Settings.RESIZE_MODE));
  }

  @Test
  void theShippedCardAndItsDescriptiveKeysAndAliasesStayValid() throws Exception {
    ModelCard c = ModelCard.parse(Files.readString(TestPaths.MODEL_DIR.resolve(ModelCard.FILE_NAME)), "shipped");
    assertEquals(InputSpec.nchw(32), c.input());
    assertEquals(10, c.outputClasses());
    assertEquals(ColorMode.RGB, c.preprocessing().color(), "\"RGB (gray replicated to three channels)\"");
    // interpolation "bilinear_half_pixel" is bilinear; resize_mode "shorter_side" as stated
    assertEquals(Map.of("interpolation", "bilinear", "resize-mode", "shorter_side"), c.settings());
  }

  @Test
  void everyKeyIsRead() {
    JsonObject card = base();
    card.add("input", json("{\"name\": \"x\", \"shape\": [-1, 200, 300, 1], \"layout\": \"NHWC\", "
        + "\"dtype\": \"float32\"}"));
    card.add("output", json("{\"name\": \"y\", \"shape\": [-1, 7], \"kind\": \"sigmoid_logits\"}"));
    card.add("preprocessing", json("{\"color\": \"GRAY\", \"decode\": \"pil\", \"resize\": [220, 330], "
        + "\"resize_mode\": \"exact\", \"interpolation\": \"pil_bicubic\", \"crop\": [200, 300], \"scale\": 1, "
        + "\"mean\": [127.5], \"std\": [127.5], \"alpha\": \"black\"}"));
    ModelCard c = parse(card);
    assertEquals(new InputSpec(TensorLayout.NHWC, 1, 200, 300), c.input());
    assertArrayEquals(new long[] {5, 200, 300, 1}, c.input().shape(5));
    assertEquals(OutputKind.SIGMOID_LOGITS, c.outputKind());
    assertEquals(7, c.outputClasses());
    PreprocessingSpec p = c.preprocessing();
    assertEquals(220, p.resizeHeight());
    assertEquals(330, p.resizeWidth());
    assertTrue(p.resizeIsPair());
    assertEquals(200, p.cropHeight());
    assertEquals(300, p.cropWidth());
    assertEquals(1f, p.scale());
    assertArrayEquals(new float[] {127.5f}, p.mean());
    assertArrayEquals(new float[] {127.5f}, p.std());
    assertEquals(ColorMode.GRAY, p.color());
    assertEquals(AlphaMode.BLACK, p.alpha());
    assertEquals(Map.of("decode", "pil", "interpolation", "pil_bicubic", "resize-mode", "exact"), c.settings());
  }

  @Test
  void anHwPairResizeWithoutAModeIsExactAndCropDefaultsToTheInput() {
    JsonObject card = base();
    pre(card).add("resize", json("[224, 224]"));
    pre(card).remove("crop");
    ModelCard c = parse(card);
    assertEquals("exact", c.settings().get("resize-mode"));
    assertEquals(224, c.preprocessing().cropHeight());
    assertEquals(224, c.preprocessing().cropWidth());
  }

  @Test
  void colourValuesAndAliases() {
    for (String[] v : new String[][] {{"RGB", "RGB"}, {"rgb", "RGB"}, {"BGR", "BGR"}, {"BGR (OpenCV order)", "BGR"},
        {"RGB (gray replicated to three channels)", "RGB"}}) {
      JsonObject card = base();
      pre(card).addProperty("color", v[0]);
      assertEquals(ColorMode.valueOf(v[1]), parse(card).preprocessing().color(), v[0]);
    }
    for (String gray : new String[] {"GRAY", "grey", "L"}) {
      JsonObject card = base();
      card.getAsJsonObject("input").add("shape", json("[-1, 1, 224, 224]"));
      pre(card).addProperty("color", gray);
      pre(card).add("mean", json("[0.5]"));
      pre(card).add("std", json("[0.5]"));
      assertEquals(ColorMode.GRAY, parse(card).preprocessing().color(), gray);
    }
  }

  @Test
  void unknownKeysInsideInputOutputAndPreprocessingAreErrorsNamingTheKey() {
    JsonObject card = base();
    card.getAsJsonObject("input").addProperty("size", 224);
    fails(card, "input.size");
    card = base();
    card.add("output", json("{\"kind\": \"logits\", \"activation\": \"softmax\"}"));
    fails(card, "output.activation");
    card = base();
    pre(card).addProperty("interpolaton", "bicubic");
    fails(card, "preprocessing.interpolaton");
  }

  @Test
  void descriptiveKeysElsewhereStayFree() {
    JsonObject card = base();
    card.addProperty("architecture", "anything");
    card.add("training", json("[\"epoch 1\", {\"free\": true}]"));
    card.add("files", json("{\"model.onnx\": \"abc\"}"));
    parse(card);
  }

  @Test
  void unknownValuesAreErrorsNamingTheKey() {
    String[][] cases = {
        {"preprocessing", "color", "\"CMYK\"", "preprocessing.color"},
        {"preprocessing", "decode", "\"opencv\"", "preprocessing.decode"},
        {"preprocessing", "interpolation", "\"area\"", "preprocessing.interpolation"},
        {"preprocessing", "resize_mode", "\"fit\"", "preprocessing.resize_mode"},
        {"preprocessing", "alpha", "\"gray\"", "preprocessing.alpha"},
        {"preprocessing", "resize", "256.5", "preprocessing.resize"},
        {"preprocessing", "crop", "\"224\"", "preprocessing.crop"},
        {"preprocessing", "scale", "\"1/255\"", "preprocessing.scale"},
        {"preprocessing", "scale", "0", "preprocessing.scale"},
        {"preprocessing", "std", "[0.2, 0, 0.2]", "preprocessing.std"},
        {"input", "layout", "\"CHW\"", "input.layout"},
        {"input", "dtype", "\"uint8\"", "input.dtype"},
        {"input", "shape", "[-1, 3, 224]", "input.shape"},
        {"output", "kind", "\"softmax\"", "output.kind"},
        {"output", "shape", "[-1, 0]", "output.shape"},
    };
    for (String[] c : cases) {
      JsonObject card = base();
      if (!card.has(c[0])) {
        card.add(c[0], new JsonObject());
      }
      card.getAsJsonObject(c[0]).add(c[1], json(c[2]));
      fails(card, c[3]);
    }
  }

  @Test
  void channelsAgainstColourAreChecked() {
    JsonObject card = base();
    pre(card).addProperty("color", "GRAY");
    fails(card, "preprocessing.color");
    card = base();
    card.getAsJsonObject("input").add("shape", json("[-1, 1, 224, 224]"));
    pre(card).add("mean", json("[0.5]"));
    pre(card).add("std", json("[0.5]"));
    String m = fails(card, "preprocessing.color"); // one channel, colour left at its default RGB
    assertTrue(m.contains("GRAY"), m);
  }

  @Test
  void meanAndStdNeedOneValuePerChannel() {
    JsonObject card = base();
    pre(card).add("mean", json("[0.5]"));
    fails(card, "preprocessing.mean");
    card = base();
    pre(card).add("std", json("[0.2, 0.2, 0.2, 0.2]"));
    fails(card, "preprocessing.std");
  }

  @Test
  void aCropLargerThanTheResizeOrOtherThanTheInputIsAnError() {
    JsonObject card = base();
    pre(card).addProperty("resize", 200);
    fails(card, "preprocessing.crop");
    card = base();
    pre(card).addProperty("crop", 200);
    fails(card, "preprocessing.crop"); // input.shape says 224
    card = base();
    pre(card).add("resize", json("[256, 220]"));
    fails(card, "preprocessing.crop"); // exact 256x220 cannot hold a 224 crop
  }

  @Test
  void layoutAgainstShapeIsChecked() {
    JsonObject card = base();
    card.getAsJsonObject("input").add("shape", json("[-1, 224, 224, 3]"));
    String m = fails(card, "input.layout");
    assertTrue(m.contains("NHWC"), "suggests the layout: " + m);
    card = base();
    card.getAsJsonObject("input").addProperty("layout", "NHWC");
    m = fails(card, "input.layout");
    assertTrue(m.contains("NCHW"), m);
  }

  @Test
  void shorterSideWithAnHwPairContradictsItself() {
    JsonObject card = base();
    pre(card).add("resize", json("[256, 256]"));
    pre(card).addProperty("resize_mode", "shorter_side");
    fails(card, "preprocessing.resize_mode");
  }

  @Test
  void theSettingsObjectMayNotContradictPreprocessing() {
    JsonObject card = base();
    pre(card).addProperty("decode", "pil");
    card.add("settings", json("{\"decode\": \"default\"}"));
    String m = fails(card, "preprocessing.decode");
    assertTrue(m.contains("settings.decode"), m);
    card = base();
    pre(card).addProperty("decode", "pil");
    card.add("settings", json("{\"decode\": \"pil\", \"exif-orientation\": \"apply\"}"));
    assertEquals(Map.of("decode", "pil", "exif-orientation", "apply"), parse(card).settings());
  }

  @Test
  void theCardsChoicesSitBelowTheCommandLineAndTheConfigFile() {
    JsonObject card = base();
    pre(card).addProperty("decode", "pil");
    pre(card).addProperty("interpolation", "pil_lanczos");
    Map<String, String> s = parse(card).settings();
    Map<String, String> io = Map.of("input", "i", "output", "o");
    JobConfig plain = JobConfig.resolve(io, Map.of()).withModelCard(s);
    assertEquals(DecodeMode.PIL, plain.get(Settings.DECODE), "card over default");
    assertEquals(Interpolation.PIL_LANCZOS, plain.get(Settings.INTERPOLATION));
    assertTrue(plain.isStated(Settings.DECODE));
    assertFalse(plain.isExplicit(Settings.DECODE));
    JobConfig file = JobConfig.resolve(io, Map.of("interpolation", "bicubic")).withModelCard(s);
    assertEquals(Interpolation.BICUBIC, file.get(Settings.INTERPOLATION), "config file over card");
    JobConfig cli = JobConfig.resolve(Map.of("input", "i", "output", "o", "decode", "default"),
        Map.of("decode", "pil")).withModelCard(s);
    assertEquals(DecodeMode.DEFAULT, cli.get(Settings.DECODE), "command line over config file and card");
  }

  @Test
  void outputShapeMustAgreeWithTheLabels() {
    JsonObject card = base();
    card.add("output", json("{\"shape\": [-1, 4]}"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelArtifact.assemble("m",
        "model.onnx", new byte[1], io.effnetspark.config.Engine.ONNXRUNTIME, "a\nb\nc\n".getBytes(), "labels.txt",
        card.toString().getBytes(), SOURCE));
    assertTrue(e.getMessage().contains("output.shape") && e.getMessage().contains("3 labels"), e.getMessage());
  }
}
