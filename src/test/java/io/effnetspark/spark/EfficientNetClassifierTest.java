package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.ConventionModel;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.ExecutorModelCache;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The Transformer as a library user calls it, on Spark's binaryFile source. */
class EfficientNetClassifierTest extends SparkTestBase {

  private Dataset<Row> samples() {
    return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.png").load(TestPaths.SAMPLES.toString());
  }

  @Test
  void modelIsLoadedOncePerJvmOverTwentyFourPartitions() {
    ExecutorModelCache.clear();
    Dataset<Row> input = samples().repartition(24);
    assertEquals(24, input.rdd().getNumPartitions());
    EfficientNetClassifier classifier = new EfficientNetClassifier()
        .setModelUrl(TestPaths.ONNX_MODEL.toString())
        .setInputCol("content")
        .setOutputCol("prediction")
        .set(Settings.BATCH_SIZE, 8)
        .set(Settings.TOP_K, 2);
    Dataset<Row> out = classifier.transform(input);
    List<Row> rows = out.select("path", "prediction.label", "prediction.top_k").collectAsList();
    assertEquals(500, rows.size());
    assertEquals(1, ExecutorModelCache.loadCount(), "one model load in this JVM for 24 partitions on 2 task threads");
    rows.forEach(r -> assertEquals(2, r.getList(2).size()));
  }

  @Test
  void keepsTheDjlExtensionVocabularyAndDropsBinaryInput() {
    EfficientNetClassifier c = new EfficientNetClassifier().setModelUrl(TestPaths.ONNX_MODEL.toString());
    for (String p : List.of("inputCol", "outputCol", "modelUrl", "engine", "batchSize", "topK")) {
      assertTrue(c.hasParam(p), p);
    }
    List<String> cols = Arrays.asList(c.transformSchema(samples().schema()).fieldNames());
    assertFalse(cols.contains("content"));
    assertTrue(cols.contains("path") && cols.contains("prediction"), cols.toString());
  }

  @Test
  void aResizeModeParamThatContradictsTheCardIsNamedAsTheParam() {
    // the card's resize is [96, 128], an exact size: shorter_side cannot apply
    String model = ConventionModel.ROOT.resolve("nonsquare-96x128/model.onnx").toString();
    EfficientNetClassifier c = new EfficientNetClassifier().setModelUrl(model).setInputCol("content")
        .setOutputCol("prediction").setResizeMode("shorter_side");
    Exception e = assertThrows(Exception.class, () -> c.transform(samples().limit(1)).collectAsList());
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t).append('\n');
    }
    String messages = chain.toString();
    assertTrue(messages.contains("resizeMode shorter_side: resize mode shorter_side needs"), messages);
    assertFalse(messages.contains("--resize-mode"), messages);
  }
}
