package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Engine;
import io.effnetspark.config.Settings;
import io.effnetspark.model.ModelArtifact;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both engines, through the executors' code path, follow the card: the NHWC layout, the channel order, and what
 * the output values are ({@code output.kind}). The model ({@code src/test/resources/models/channel-means-nhwc}, made by
 * {@code src/test/python/make_channel_means_model.py}) outputs its input's channel means, so a solid colour
 * {@code (r, g, b)} with scale 1/255 yields exactly {@code (r, g, b) / 255}; an NCHW buffer read as NHWC would mix
 * the three channels.
 */
class CardConventionsInferenceTest {
  private static final Path MODEL = TestPaths.ROOT.resolve("src/test/resources/models/channel-means-nhwc");
  private static final int R = 200;
  private static final int G = 100;
  private static final int B = 50;

  @TempDir
  Path tmp;

  /** A copy of the test model whose card {@code edit} changes. */
  private ModelArtifact model(Engine engine, Consumer<JsonObject> edit) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model-" + engine + "-" + System.nanoTime()));
    for (String f : List.of("model.onnx", "model.pt", "labels.txt")) {
      Files.copy(MODEL.resolve(f), dir.resolve(f));
    }
    JsonObject card = JsonParser.parseString(Files.readString(MODEL.resolve("model-card.json"))).getAsJsonObject();
    edit.accept(card);
    Files.writeString(dir.resolve("model-card.json"), card.toString());
    String file = engine == Engine.ONNXRUNTIME ? "model.onnx" : "model.pt";
    return ModelArtifact.read(dir.resolve(file).toUri().toString(), null, new Configuration());
  }

  /** A solid (R, G, B) PNG of {@code w × h}: any size, the card's exact resize squashes it to 6 × 4. */
  private Path solid(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (R << 16) | (G << 8) | B);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return Files.write(tmp.resolve("solid-" + w + "x" + h + ".png"), out.toByteArray());
  }

  private List<Prediction> classify(ModelArtifact artifact, InferenceSettings settings, Path... files) {
    List<Prediction> out = new ArrayList<>();
    try (PartitionInference.Results<Path> r = new PartitionInference(artifact, settings, Device::cpu, 1)
        .run(List.of(files).iterator(), ImageSource.LOCAL_FILES)) {
      r.forEachRemaining(c -> out.add(c.prediction()));
    }
    out.forEach(p -> assertNull(p.error(), p.error()));
    return out;
  }

  private static float[] byIndex(Prediction p) {
    float[] v = new float[3];
    p.topK().forEach(s -> v[s.index()] = s.probability());
    return v;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void probabilitiesAreTakenAsTheyAreFromAnNhwcModel(Engine engine) throws Exception {
    ModelArtifact m = model(engine, card -> { });
    List<Prediction> ps = classify(m, TestSettings.cpu(2, 3), solid(9, 7), solid(40, 30), solid(3, 5));
    assertEquals(3, ps.size());
    for (Prediction p : ps) {
      float[] v = byIndex(p);
      // not softmax-ed again (softmax would give 0.42, 0.32, 0.26), and the channels are not mixed
      assertEquals(R / 255f, v[0], 1e-6, "first = red mean");
      assertEquals(G / 255f, v[1], 1e-6, "second = green mean");
      assertEquals(B / 255f, v[2], 1e-6, "third = blue mean");
      assertEquals("first", p.label());
      assertNull(p.aboveThreshold(), "no multi-label list for a softmax-kind model");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void bgrCardsFeedBlueFirst(Engine engine) throws Exception {
    ModelArtifact m = model(engine, card -> card.getAsJsonObject("preprocessing").addProperty("color", "BGR"));
    float[] v = byIndex(classify(m, TestSettings.cpu(4, 3), solid(8, 8)).get(0));
    assertEquals(B / 255f, v[0], 1e-6);
    assertEquals(G / 255f, v[1], 1e-6);
    assertEquals(R / 255f, v[2], 1e-6);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void logitsAreSoftmaxedOnce(Engine engine) throws Exception {
    ModelArtifact m = model(engine, card -> card.getAsJsonObject("output").addProperty("kind", "logits"));
    float[] v = byIndex(classify(m, TestSettings.cpu(4, 3), solid(8, 8)).get(0));
    float[] expected = TopK.softmax(new float[] {R / 255f, G / 255f, B / 255f});
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[c], v[c], 1e-6, "class " + c);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sigmoidLogitsGiveASigmoidPerClassAndEveryClassAboveTheThreshold(Engine engine) throws Exception {
    ModelArtifact m = model(engine, card -> card.getAsJsonObject("output").addProperty("kind", "sigmoid_logits"));
    // sigmoid(200/255) = 0.6866, sigmoid(100/255) = 0.5968, sigmoid(50/255) = 0.5489
    InferenceSettings at059 = TestSettings.cpu(4, 1).with(Settings.MULTI_LABEL_THRESHOLD, 0.59);
    Prediction p = classify(m, at059, solid(8, 8)).get(0);
    assertEquals(1, p.topK().size());
    assertEquals("first", p.label());
    assertEquals(1 / (1 + Math.exp(-R / 255.0)), p.probability(), 1e-6);
    assertEquals(List.of("first", "second"), p.aboveThreshold().stream().map(Prediction.Scored::label).toList());
    assertEquals(1 / (1 + Math.exp(-G / 255.0)), p.aboveThreshold().get(1).probability(), 1e-6);

    Prediction none = classify(m, TestSettings.cpu(4, 3).with(Settings.MULTI_LABEL_THRESHOLD, 0.9), solid(8, 8))
        .get(0);
    assertTrue(none.aboveThreshold().isEmpty(), "nothing at 0.9: an empty list, not null");
    Prediction all = classify(m, TestSettings.cpu(4, 3), solid(8, 8)).get(0);
    assertEquals(3, all.aboveThreshold().size(), "default threshold 0.5: all three");
  }
}
