package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.effnetspark.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ML persistence (Spark's default Params persistence): the Transformer alone, a {@code Pipeline} and a fitted
 * {@code PipelineModel} holding it save and load; the loaded ones hold the same Params and give the same rows.
 */
class TransformerPersistenceTest extends SparkTestBase {
  private static Dataset<Row> images;

  @TempDir
  Path tmp;

  @BeforeAll
  static void input() {
    images = TwoModels.images(spark).cache();
  }

  /** A classifier with Params away from their defaults, so that a load that drops one shows. */
  private static EfficientNetClassifier configured() {
    return TwoModels.classifier(TwoModels.B).setOutputCol("pred").setTopK(2).setBatchSize(3)
        .setInterpolation("bicubic").setMaxFileBytes(1L << 20).setMultiLabelThreshold(0.25).setDevice("cpu");
  }

  private static void assertSameParams(EfficientNetClassifier expected, EfficientNetClassifier loaded) {
    assertEquals(expected.uid(), loaded.uid());
    for (Param<?> p : expected.params()) {
      assertEquals(expected.isSet(p), loaded.isSet(loaded.getParam(p.name())), p.name());
      assertEquals(expected.getOrDefault(p), loaded.getOrDefault(loaded.getParam(p.name())), p.name());
    }
  }

  @Test
  void theTransformerSavesAndLoadsWithItsParams() throws Exception {
    EfficientNetClassifier c = configured();
    String dir = tmp.resolve("classifier").toString();
    c.write().save(dir);
    EfficientNetClassifier loaded = EfficientNetClassifier.load(dir);
    assertSameParams(c, loaded);
    assertEquals(rows(c.transform(images), "pred"), rows(loaded.transform(images), "pred"));
  }

  @Test
  void aPipelineAndAFittedPipelineModelHoldingItSaveAndLoadAndGiveTheSameRows() throws Exception {
    SQLTransformer pngsOnly = new SQLTransformer().setStatement("SELECT * FROM __THIS__ WHERE path LIKE '%.png'");
    EfficientNetClassifier c = configured();
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {pngsOnly, c});
    String pipelineDir = tmp.resolve("pipeline").toString();
    pipeline.write().save(pipelineDir);
    Pipeline loadedPipeline = Pipeline.load(pipelineDir);
    assertSameParams(c, assertInstanceOf(EfficientNetClassifier.class, loadedPipeline.getStages()[1]));

    PipelineModel fitted = pipeline.fit(images);
    Map<String, List<Object>> before = rows(fitted.transform(images), "pred");
    String modelDir = tmp.resolve("pipeline-model").toString();
    fitted.write().save(modelDir);
    PipelineModel loaded = PipelineModel.load(modelDir);
    assertSameParams(c, assertInstanceOf(EfficientNetClassifier.class, loaded.stages()[1]));
    Map<String, List<Object>> after = rows(loaded.transform(images), "pred");
    assertEquals(before, after);
    assertEquals(rows(loadedPipeline.fit(images).transform(images), "pred"), after);
    assertNotEquals(0, after.size());
    assertEquals(images.filter("path LIKE '%.png'").count(), after.size());
  }

  private static Map<String, List<Object>> rows(Dataset<Row> out, String col) {
    return TwoModels.rows(out.withColumnRenamed(col, "prediction"));
  }
}
