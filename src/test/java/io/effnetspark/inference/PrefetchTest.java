package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.effnetspark.image.ErrorClass;
import io.effnetspark.image.ImageFixtures;
import io.effnetspark.inference.BatchRetryTest.Item;
import io.effnetspark.model.ModelArtifact;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * {@code -Deffnet.prefetch=true} (the next batch read, decoded and preprocessed on a second thread) gives the same
 * rows, in the same order, as the plain loop: across several batches, a partial last one, per-file errors, and
 * batches the engine fails that are retried image by image (the brightness-index model of {@link BatchRetryTest}).
 */
class PrefetchTest {
  private static Item gray(int value) {
    return new Item("gray-" + value + ".png", ImageFixtures.png(ImageFixtures.gray8(value)));
  }

  private static List<Prediction> classify(List<Item> items, boolean prefetch) throws Exception {
    ModelArtifact artifact = ModelArtifact.read(BatchRetryTest.MODEL.toString(), null, new Configuration());
    InferenceSettings settings = TestSettings.cpu(2, 1);
    String before = System.getProperty(PartitionInference.PREFETCH_PROPERTY);
    System.setProperty(PartitionInference.PREFETCH_PROPERTY, Boolean.toString(prefetch));
    List<Prediction> out = new ArrayList<>();
    try (PartitionInference.Results<Item> results =
        new PartitionInference(artifact, settings, Device::cpu, 1).run(items.iterator(), BatchRetryTest.BYTES)) {
      results.forEachRemaining(c -> out.add(c.prediction()));
    } finally {
      if (before == null) {
        System.clearProperty(PartitionInference.PREFETCH_PROPERTY);
      } else {
        System.setProperty(PartitionInference.PREFETCH_PROPERTY, before);
      }
    }
    return out;
  }

  @Test
  void prefetchingGivesTheSameRowsInTheSameOrderAndStopsItsThread() throws Exception {
    List<Item> items = List.of(gray(10), gray(100), gray(250), new Item("text.png", "not an image".getBytes()),
        new Item("gone.png", null), gray(150), gray(200), gray(50), new Item("empty.png", new byte[0]), gray(30),
        gray(80));
    List<Prediction> plain = classify(items, false);
    List<Prediction> prefetched = classify(items, true);
    assertEquals(items.size(), prefetched.size());
    assertEquals(plain, prefetched);
    assertEquals(ErrorClass.INFERENCE_FAILED, prefetched.get(2).errorClass(), "retried image by image");
    assertEquals(ErrorClass.READ_FAILED, prefetched.get(4).errorClass());
    assertEquals(null, prefetched.get(10).errorClass(), "the partial last batch is predicted");
    assertEquals("dim", prefetched.get(9).label());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (prefetchThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, prefetchThreads(), "the prefetch thread ends with the partition");
  }

  private static long prefetchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("effnet-prefetch-") && t.isAlive()).count();
  }
}
