package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Engine;
import io.effnetspark.model.ModelArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both engines, through the executor-side code path, reproduce the PyTorch probabilities of the training script. */
class ReferenceParityTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void probabilitiesMatchPytorchWithin1e4AndTop1IsIdentical(Engine engine) throws Exception {
    Path model = engine == Engine.ONNXRUNTIME ? TestPaths.ONNX_MODEL : TestPaths.TORCHSCRIPT_MODEL;
    ModelArtifact artifact = ModelArtifact.read(model.toUri().toString(), null, new Configuration());
    assertEquals(engine, artifact.engine());
    List<ReferenceImages> refs = ReferenceImages.load();
    assertTrue(refs.size() >= 20, "at least 20 reference images");
    int classes = artifact.labels().size();
    // batch 8 over 32 images: several full batches, the NCHW offsets matter
    InferenceSettings settings = TestSettings.cpu(8, classes);
    List<Path> files = refs.stream().map(ReferenceImages::file).toList();
    List<Prediction> predictions = new ArrayList<>();
    try (PartitionInference.Results<Path> results =
        new PartitionInference(artifact, settings, Device::cpu, 1).run(files.iterator(), ImageSource.LOCAL_FILES)) {
      results.forEachRemaining(c -> predictions.add(c.prediction()));
    }
    assertEquals(refs.size(), predictions.size());
    double maxDiff = 0;
    for (int i = 0; i < refs.size(); i++) {
      Prediction p = predictions.get(i);
      assertNull(p.error(), () -> "unexpected error " + p.error());
      assertEquals(refs.get(i).top1Index(), p.labelIndex(), "top-1 of " + refs.get(i).file().getFileName());
      float[] byIndex = new float[classes];
      p.topK().forEach(s -> byIndex[s.index()] = s.probability());
      for (int c = 0; c < classes; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(byIndex[c] - refs.get(i).probabilities()[c]));
      }
    }
    System.out.printf("%s: max |p - p_ref| = %.3g over %d images%n", engine, maxDiff, refs.size());
    assertTrue(maxDiff <= 1e-4, engine + " max probability difference " + maxDiff);
  }
}
