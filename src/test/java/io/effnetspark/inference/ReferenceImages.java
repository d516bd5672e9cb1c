package io.effnetspark.inference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The training script's reference outputs: PNGs at model input size with PyTorch's probabilities. */
public record ReferenceImages(Path file, int trueIndex, int top1Index, float[] probabilities) {

  public static List<ReferenceImages> load() throws IOException {
    JsonObject root = JsonParser.parseString(Files.readString(TestPaths.REFERENCE_DIR.resolve("reference.json")))
        .getAsJsonObject();
    List<ReferenceImages> out = new ArrayList<>();
    for (JsonElement e : root.getAsJsonArray("images")) {
      JsonObject o = e.getAsJsonObject();
      JsonArray p = o.getAsJsonArray("probabilities");
      float[] probs = new float[p.size()];
      for (int i = 0; i < probs.length; i++) {
        probs[i] = p.get(i).getAsFloat();
      }
      out.add(new ReferenceImages(TestPaths.REFERENCE_DIR.resolve(o.get("file").getAsString()),
          o.get("true_index").getAsInt(), o.get("top1_index").getAsInt(), probs));
    }
    return out;
  }

}
