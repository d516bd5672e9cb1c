package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.effnetspark.image.ErrorClass;
import io.effnetspark.image.ImageFixtures;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * When the engine fails on a whole batch, the batch is retried image by image and only the image that makes the
 * engine fail gets INFERENCE_FAILED. The failure is real: ONNX Runtime rejects an out-of-range Gather index in
 * the test model {@code brightness-index} (see src/test/python/make_brightness_index_model.py), which any image
 * with a pixel value of 200 or more produces.
 */
class BatchRetryTest {
  static final Path MODEL = Path.of("src/test/resources/models/brightness-index/model.onnx").toAbsolutePath();

  /** An item: a name and the file bytes. */
  record Item(String name, byte[] bytes) {}

  static final ImageSource<Item> BYTES = new ImageSource<>() {
    @Override
    public String path(Item item) {
      return item.name();
    }

    @Override
    public byte[] read(Item item) throws IOException {
      if (item.bytes() == null) {
        throw new java.io.FileNotFoundException(item.name() + " (No such file or directory)");
      }
      return item.bytes();
    }
  };

  private static Item gray(int value) {
    return new Item("gray-" + value + ".png", ImageFixtures.png(ImageFixtures.gray8(value)));
  }

  private static List<Prediction> classify(List<Item> items, int batchSize) throws IOException {
    ModelArtifact artifact = ModelArtifact.read(MODEL.toString(), null, new Configuration());
    InferenceSettings settings = TestSettings.cpu(batchSize, 1);
    List<Prediction> out = new ArrayList<>();
    try (PartitionInference.Results<Item> results =
        new PartitionInference(artifact, settings, Device::cpu, 1).run(items.iterator(), BYTES)) {
      results.forEachRemaining(c -> out.add(c.prediction()));
    }
    return out;
  }

  @Test
  void aBatchThatFailsIsRetriedImageByImageAndOnlyTheBadImageFails() throws IOException {
    List<Prediction> p = classify(List.of(gray(10), gray(100), gray(250), gray(150)), 8);
    assertEquals(4, p.size());
    assertEquals("dim", p.get(0).label());
    assertEquals("medium", p.get(1).label());
    assertEquals(ErrorClass.INFERENCE_FAILED, p.get(2).errorClass());
    assertNull(p.get(2).label());
    assertTrue(p.get(2).error().startsWith("inference failed: ") && p.get(2).error().contains("Gather"),
        p.get(2).error());
    assertEquals(ImageFixtures.W, p.get(2).width(), "the image was decoded: its size is kept");
    assertEquals("light", p.get(3).label());
  }

  @Test
  void withoutTheBadImageTheSameBatchSucceedsWholeWithTheSameResults() throws IOException {
    List<Prediction> alone = classify(List.of(gray(10), gray(100), gray(150)), 8);
    List<Prediction> retried = classify(List.of(gray(10), gray(100), gray(250), gray(150)), 8);
    for (Prediction q : alone) {
      assertNull(q.errorClass());
    }
    assertEquals(List.of(alone.get(0), alone.get(1), alone.get(2)),
        List.of(retried.get(0), retried.get(1), retried.get(3)));
  }

  @Test
  void decodeAndReadErrorsDoNotStopTheBatchAndKeepInputOrder() throws IOException {
    List<Item> items = List.of(gray(10), new Item("text.png", "not an image".getBytes()),
        new Item("gone.png", null), new Item("empty.png", new byte[0]), gray(150));
    List<Prediction> p = classify(items, 2);
    assertEquals("dim", p.get(0).label());
    assertEquals(ErrorClass.NOT_AN_IMAGE, p.get(1).errorClass());
    assertEquals(ErrorClass.READ_FAILED, p.get(2).errorClass());
    assertTrue(p.get(2).error().contains("gone.png"), p.get(2).error());
    assertEquals(ErrorClass.EMPTY, p.get(3).errorClass());
    assertEquals("light", p.get(4).label());
  }
}
