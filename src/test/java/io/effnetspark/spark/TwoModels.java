package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.ConventionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Two committed convention models that take the same images (RGB, 64×64) and give different answers on them:
 * torchvision-pil (NCHW, logits) and keras-nhwc (NHWC, softmax head), on the convention images. Rows are compared
 * by path as (label, label_index, probability, top-k labels, error_class, model_id).
 */
final class TwoModels {
  static final Path A = ConventionModel.ROOT.resolve("torchvision-pil/model.onnx");
  static final Path B = ConventionModel.ROOT.resolve("keras-nhwc/model.onnx");

  private TwoModels() {}

  static Dataset<Row> images(SparkSession spark) {
    return spark.read().format("binaryFile").load(ConventionModel.IMAGES.toString());
  }

  static EfficientNetClassifier classifier(Path model) {
    return new EfficientNetClassifier().setModelUrl(model.toString()).setTopK(3).setBatchSize(4);
  }

  /** The rows by file name: what a model said of each image, and which model it was. */
  static Map<String, List<Object>> rows(Dataset<Row> out) {
    Map<String, List<Object>> m = new TreeMap<>();
    for (Row r : out.select("path", "prediction.label", "prediction.label_index", "prediction.probability",
        "prediction.top_k.label", "prediction.error_class", "prediction.model_id").collectAsList()) {
      String path = r.getString(0);
      m.put(path.substring(path.lastIndexOf('/') + 1), List.of(String.valueOf(r.get(1)), String.valueOf(r.get(2)),
          String.valueOf(r.get(3)), String.valueOf(r.getList(4)), String.valueOf(r.get(5)), r.getString(6)));
    }
    return m;
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks the fixture itself: each model's rows carry its id, and the two differ in what they predict. */
  static void assertDistinct(Map<String, List<Object>> a, Map<String, List<Object>> b) throws IOException {
    assertEquals(a.keySet(), b.keySet());
    assertTrue(a.size() >= 10, a.keySet().toString());
    String idA = sha256(A);
    String idB = sha256(B);
    a.values().forEach(r -> assertEquals(idA, r.get(5)));
    b.values().forEach(r -> assertEquals(idB, r.get(5)));
    long differ = a.keySet().stream().filter(k -> !a.get(k).subList(0, 4).equals(b.get(k).subList(0, 4))).count();
    assertEquals(a.size(), differ, "every image gets another answer from the other model");
  }
}
