package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.TestPaths;
import io.effnetspark.model.ModelArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The per-device cap holds under concurrent tasks; exercised on the CPU with real forward passes. */
class EngineGateTest {

  @Test
  void atMostThePermittedNumberOfForwardPassesRunAtOnce() throws Exception {
    ModelArtifact artifact = ModelArtifact.read(TestPaths.ONNX_MODEL.toString(), null, new Configuration());
    ZooModel<ClassifierTranslator.Batch, float[][]> model = ExecutorModelCache.get(artifact, Device.cpu(), 1);
    EngineGate gate = new EngineGate("gpu(7)", 2);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    int tasks = 6;
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        results.add(pool.submit(() -> {
          try (Predictor<ClassifierTranslator.Batch, float[][]> p = model.newPredictor()) {
            return gate.run(() -> {
              maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
              try {
                Thread.sleep(100); // hold the permit so that, ungated, all six tasks would overlap
                return p.predict(new ClassifierTranslator.Batch(new float[4 * 3 * 32 * 32], 4, 32));
              } finally {
                inside.decrementAndGet();
              }
            });
          }
        }));
      }
      for (Future<float[][]> f : results) {
        assertEquals(4, f.get().length);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, maxInside.get(), "concurrent forward passes under a 2-permit gate");
    assertEquals(2, gate.available());
  }

  @Test
  void theGateOfADeviceIsSharedByAllTasksOfTheJvm() {
    assertEquals(EngineGate.forDevice(Device.gpu(3), 2), EngineGate.forDevice(Device.gpu(3), 5));
    assertEquals(2, EngineGate.forDevice(Device.gpu(3), 5).permits());
    assertEquals("gpu(3)", EngineGate.forDevice(Device.gpu(3), 1).device());
  }
}
