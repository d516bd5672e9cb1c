package io.effnetspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Engine;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed model folder is what its card says: checksums, labels, preprocessing, accuracy target. */
class ShippedModelTest {

  @Test
  void everyFileMatchesTheSha256InTheModelCard() throws Exception {
    JsonObject card = JsonParser.parseString(Files.readString(TestPaths.MODEL_DIR.resolve(ModelCard.FILE_NAME)))
        .getAsJsonObject();
    JsonObject files = card.getAsJsonObject("files");
    assertEquals(4, files.size());
    for (Map.Entry<String, com.google.gson.JsonElement> e : files.entrySet()) {
      byte[] bytes = Files.readAllBytes(TestPaths.MODEL_DIR.resolve(e.getKey()));
      assertEquals(e.getValue().getAsString(), ModelArtifact.sha256(bytes), e.getKey());
    }
    assertTrue(card.get("test_accuracy").getAsDouble() >= 0.90, "card accuracy " + card.get("test_accuracy"));
  }

  @Test
  void cardAndLabelsDescribeA32PixelTenClassModel() throws Exception {
    ModelArtifact artifact = ModelArtifact.readLocal(TestPaths.ONNX_MODEL, null);
    assertEquals(32, artifact.card().inputSize());
    assertEquals(32, artifact.card().preprocessing().crop());
    assertEquals(List.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
        "ankle_boot"), artifact.labels());
    assertEquals(Engine.ONNXRUNTIME, artifact.engine());
  }
}
