package com.example.effnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.spark.EfficientNetClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * effnet-spark's Transformer in a user's own Spark code: Spark local mode, the binaryFile source, a Pipeline, two
 * models that answer differently (the demo's Fashion-MNIST model and a three-class test model).
 */
class ClassifierInPipelineTest {
  static final Path REPO = Path.of(System.getProperty("effnet.repo", "../..")).toAbsolutePath().normalize();
  static final Path FASHION = REPO.resolve("models/fashion-effnet/model.onnx");
  static final Path THREE_CLASSES = REPO.resolve("src/test/resources/models/channel-means-nhwc/model.onnx");
  static final Path TORCHSCRIPT = REPO.resolve("models/fashion-effnet/model.pt");
  static final Set<String> FASHION_LABELS = Set.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal",
      "shirt", "sneaker", "bag", "ankle_boot");
  static final Set<String> THREE_LABELS = Set.of("first", "second", "third");

  static SparkSession spark;
  static Dataset<Row> images;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("effnet-library-usage")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    // Two classes of the demo's samples, 40 images: Spark's binaryFile source gives path and content.
    images = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.png")
        .load(REPO.resolve("samples/fashion-mnist/bag").toString(),
            REPO.resolve("samples/fashion-mnist/trouser").toString())
        .limit(40).cache();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void paramMapAndCopyRunTheModelTheyName() throws Exception {
    EfficientNetClassifier classifier = new EfficientNetClassifier().setModelUrl(FASHION.toString());
    ParamMap other = new ParamMap().put(classifier.getParam("modelUrl"), THREE_CLASSES.toString());

    assertRunOf(classifier.transform(images), FASHION, FASHION_LABELS);
    assertRunOf(classifier.transform(images, other), THREE_CLASSES, THREE_LABELS);
    EfficientNetClassifier copy = classifier.copy(other);
    assertEquals(THREE_CLASSES.toString(), copy.getModelUrl());
    assertRunOf(copy.transform(images), THREE_CLASSES, THREE_LABELS);
    // The original is unchanged by both.
    assertEquals(FASHION.toString(), classifier.getModelUrl());
    assertRunOf(classifier.transform(images), FASHION, FASHION_LABELS);

    // A fitted PipelineModel with a ParamMap, as a param grid does it.
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {classifier}).fit(images);
    assertRunOf(fitted.transform(images, other), THREE_CLASSES, THREE_LABELS);
  }

  @Test
  void pipelineAndFittedPipelineSaveAndLoadGivingTheSameRows() throws Exception {
    EfficientNetClassifier classifier = new EfficientNetClassifier().setModelUrl(FASHION.toString())
        .setInputCol("content").setOutputCol("prediction");
    classifier.set(classifier.getParam("topK"), 3);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {classifier});
    PipelineModel fitted = pipeline.fit(images);
    List<Row> before = rows(fitted.transform(images));

    pipeline.write().overwrite().save(tmp.resolve("pipeline").toString());
    fitted.write().overwrite().save(tmp.resolve("pipeline-model").toString());

    PipelineModel loadedModel = PipelineModel.load(tmp.resolve("pipeline-model").toString());
    assertEquals(before, rows(loadedModel.transform(images)));
    PipelineModel refitted = Pipeline.load(tmp.resolve("pipeline").toString()).fit(images);
    assertEquals(before, rows(refitted.transform(images)));
    EfficientNetClassifier loaded = (EfficientNetClassifier) loadedModel.stages()[0];
    assertEquals(FASHION.toString(), loaded.getModelUrl());
    assertEquals(3, loaded.getTopK());
  }

  @Test
  void torchScriptModelWithoutPyTorchOnTheClasspathIsRefusedAtTransform() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.pytorch.engine.PtEngine"),
        "this project does not add PyTorch: the library leaves it out");
    EfficientNetClassifier classifier = new EfficientNetClassifier().setModelUrl(TORCHSCRIPT.toString());
    Exception e = assertThrows(Exception.class, () -> classifier.transform(images),
        "refused when the pipeline is built, not later on an executor");
    assertTrue(e.getMessage().contains("PyTorch"), e.getMessage());
  }

  @Test
  void onnxRunUnpacksNothingUnderTheUserHome() throws Exception {
    Path home = Path.of(System.getProperty("user.home"));
    assertTrue(home.endsWith("fresh-home"), "the pom gives these tests a fresh user.home: " + home);
    EfficientNetClassifier classifier = new EfficientNetClassifier().setModelUrl(FASHION.toString());
    assertEquals(40, classifier.transform(images).select("prediction.label").collectAsList().size());
    if (Files.exists(home)) {
      try (Stream<Path> files = Files.walk(home)) {
        assertEquals(List.of(), files.filter(p -> !p.equals(home)).map(Path::toString).toList());
      }
    }
  }

  /** Every row names its model by sha256 (model_id) and has a label of that model. */
  private static void assertRunOf(Dataset<Row> out, Path model, Set<String> labels) throws IOException {
    List<Row> rows = out.select("prediction.model_id", "prediction.label", "prediction.error").collectAsList();
    assertEquals(40, rows.size());
    for (Row r : rows) {
      assertEquals(sha256(model), r.getString(0), "model_id of " + r);
      assertTrue(r.isNullAt(2), "no error: " + r);
      assertTrue(labels.contains(r.getString(1)), r.getString(1) + " is not a label of " + model.getFileName());
    }
  }

  private static List<Row> rows(Dataset<Row> out) {
    return out.select("path", "prediction.model_id", "prediction.label", "prediction.probability",
        "prediction.top_k").orderBy("path").collectAsList();
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
