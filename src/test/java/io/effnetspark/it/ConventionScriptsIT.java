package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.effnetspark.ConventionModel;
import io.effnetspark.model.CardPlaceholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own EfficientNet, as a user does it with the packaged jar: {@code jobs/inspect-model.sh} on a Keras-style
 * model prints its NHWC input and writes a template; {@code jobs/submit.sh} on a torchvision-style model folder
 * (Resize + CenterCrop on PIL images) gives PyTorch's probabilities within the parity tolerances.
 */
class ConventionScriptsIT {
  @TempDir
  Path tmp;

  @Test
  void inspectModelShowsTheNhwcInputAndTheSoftmaxHeadAndWritesATemplate() throws Exception {
    Path card = tmp.resolve("card.json");
    ConventionModel c = ConventionModel.load("keras-nhwc");
    Scripts.Result r = Scripts.run(tmp.resolve("runs"), "inspect-model.sh",
        List.of(c.model().toString(), "--out", card.toString()), Map.of(), Duration.ofMinutes(3));
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.stdout().matches("(?s).*\\n  image +float32 +\\[batch, 64, 64, 3\\]\\n.*"), r.toString());
    assertTrue(r.stdout().contains("input layout NHWC (3 channels), 64 x 64 (H x W)"), r.toString());
    assertTrue(r.stdout().contains("output.kind probabilities"), r.toString());
    assertEquals(List.of("preprocessing.color", "preprocessing.resize", "preprocessing.resize_mode",
        "preprocessing.interpolation", "preprocessing.scale", "preprocessing.mean", "preprocessing.std"),
        CardPlaceholders.unfilledKeys(JsonParser.parseString(Files.readString(card))));
  }

  @Test
  void submitOnATorchvisionModelFolderGivesPytorchsProbabilities() throws Exception {
    ConventionModel c = ConventionModel.load("torchvision-pil");
    Path out = tmp.resolve("predictions");
    Scripts.Result r = Scripts.run(tmp.resolve("runs"), "submit.sh", List.of("--master", "local[2]", "--",
        "--input", ConventionModel.IMAGES.toString(), "--model", c.model().toString(), "--output", out.toString(),
        "--top-k", Integer.toString(c.classes())), Map.of(), Duration.ofMinutes(5));
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.stdout().contains(c.images().size() + " files seen, " + c.images().size() + " predicted, 0 errors"),
        r.toString());
    System.out.println("submit.sh: " + c.assertMatches(ConventionModel.predictedProbabilities(out, c.classes())));
  }
}
