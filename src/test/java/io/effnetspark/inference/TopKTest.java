package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void softmaxIsStableForLargeLogitsAndSumsToOne() {
    float[] p = TopK.softmax(new float[] {1000f, 1001f, 999f});
    double sum = 0;
    for (float v : p) {
      assertTrue(Float.isFinite(v));
      sum += v;
    }
    assertEquals(1.0, sum, 1e-6);
    // e^1 / (e^0 + e^1 + e^-1)
    assertEquals(Math.E / (1 + Math.E + 1 / Math.E), p[1], 1e-6);
  }

  @Test
  void topKReturnsBestFirstWithLabelsAndIndices() {
    List<Prediction.Scored> top = TopK.topK(new float[] {0.1f, 0.6f, 0.05f, 0.25f}, List.of("a", "b", "c", "d"), 3);
    assertEquals(List.of("b", "d", "a"), top.stream().map(Prediction.Scored::label).toList());
    assertEquals(List.of(1, 3, 0), top.stream().map(Prediction.Scored::index).toList());
    assertEquals(0.6f, top.get(0).probability());
  }

  @Test
  void topKLargerThanClassCountReturnsAllClasses() {
    assertEquals(2, TopK.topK(new float[] {0.5f, 0.5f}, List.of("a", "b"), 5).size());
  }
}
