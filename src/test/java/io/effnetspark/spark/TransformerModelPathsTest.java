package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.effnetspark.SparkTestBase;
import io.effnetspark.model.ModelArtifact;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Spark ML path runs the model its Params name at the time of the call, never one an earlier call read:
 * {@code transform(df)} after a Param change, {@code transform(df, paramMap)}, {@code copy(extra)}, a
 * {@code PipelineModel} with and without a ParamMap, and a model given by {@code setModelArtifact} that a later
 * {@code modelUrl} replaces. Each result is compared, row by row, with the named model's own single-model run, and
 * carries that model's sha256 as {@code model_id}.
 */
class TransformerModelPathsTest extends SparkTestBase {
  private static Dataset<Row> images;
  private static Map<String, List<Object>> onlyA;
  private static Map<String, List<Object>> onlyB;

  @BeforeAll
  static void eachModelAlone() throws Exception {
    images = TwoModels.images(spark).cache();
    onlyA = TwoModels.rows(TwoModels.classifier(TwoModels.A).transform(images));
    onlyB = TwoModels.rows(TwoModels.classifier(TwoModels.B).transform(images));
    TwoModels.assertDistinct(onlyA, onlyB);
  }

  @Test
  void repeatedTransformsFollowEachChangeOfModelUrl() {
    EfficientNetClassifier c = TwoModels.classifier(TwoModels.A);
    assertEquals(onlyA, TwoModels.rows(c.transform(images)));
    c.setModelUrl(TwoModels.B.toString());
    assertEquals(onlyB, TwoModels.rows(c.transform(images)));
    c.setModelUrl(TwoModels.A.toString());
    assertEquals(onlyA, TwoModels.rows(c.transform(images)));
  }

  @Test
  void transformWithParamMapRunsTheMapsModelAndLeavesTheInstanceAsItWas() {
    EfficientNetClassifier c = TwoModels.classifier(TwoModels.A);
    assertEquals(onlyA, TwoModels.rows(c.transform(images)));
    ParamMap other = new ParamMap().put(c.modelUrl(), TwoModels.B.toString());
    assertEquals(onlyB, TwoModels.rows(c.transform(images, other)));
    assertEquals(onlyA, TwoModels.rows(c.transform(images)));
    assertEquals(TwoModels.A.toString(), c.getModelUrl());
  }

  @Test
  void aCopyWithAnotherModelUrlRunsThatModel() {
    EfficientNetClassifier c = TwoModels.classifier(TwoModels.A);
    assertEquals(onlyA, TwoModels.rows(c.transform(images)));
    EfficientNetClassifier copy = c.copy(new ParamMap().put(c.modelUrl(),
        TwoModels.B.toString()));
    assertEquals(onlyB, TwoModels.rows(copy.transform(images)));
    assertEquals(onlyA, TwoModels.rows(c.copy(new ParamMap()).transform(images)));
  }

  @Test
  void aPipelineModelRunsItsStagesModelOrTheParamMapsOne() {
    EfficientNetClassifier c = TwoModels.classifier(TwoModels.A);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {c}).fit(images);
    assertEquals(onlyA, TwoModels.rows(fitted.transform(images)));
    ParamMap other = new ParamMap().put(c.modelUrl(), TwoModels.B.toString());
    assertEquals(onlyB, TwoModels.rows(fitted.transform(images, other)));
    assertEquals(onlyA, TwoModels.rows(fitted.transform(images)));
  }

  @Test
  void aGivenModelIsUsedOnlyWhileModelUrlStillNamesIt() throws Exception {
    ModelArtifact a = ModelArtifact.read(TwoModels.A.toString(), null, spark.sparkContext().hadoopConfiguration());
    EfficientNetClassifier c = TwoModels.classifier(TwoModels.A).setModelArtifact(a);
    assertEquals(onlyA, TwoModels.rows(c.transform(images)));
    EfficientNetClassifier copy = c.copy(new ParamMap().put(c.modelUrl(),
        TwoModels.B.toString()));
    assertEquals(onlyB, TwoModels.rows(copy.transform(images)));
    c.setModelUrl(TwoModels.B.toString());
    assertEquals(onlyB, TwoModels.rows(c.transform(images)));
  }
}
