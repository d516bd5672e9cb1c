package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-device cap holds under concurrent tasks (plain work under the gate: no engine is needed to count who is
 * inside; {@code CpuEngineGateTest} runs real forward passes through it).
 */
class EngineGateTest {

  @Test
  void atMostThePermittedNumberOfForwardPassesRunAtOnce() throws Exception {
    EngineGate gate = new EngineGate("gpu(7)", 2);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    int tasks = 6;
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        results.add(pool.submit(() -> gate.run(() -> {
          maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          try {
            Thread.sleep(100); // hold the permit so that, ungated, all six tasks would overlap
            return new float[4][10];
          } finally {
            inside.decrementAndGet();
          }
        })));
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
    EngineGate.clear(); // the first caller fixes the size: start from no gate, whatever ran before
    assertEquals(EngineGate.forDevice(Device.gpu(3), 2), EngineGate.forDevice(Device.gpu(3), 5));
    assertEquals(2, EngineGate.forDevice(Device.gpu(3), 5).permits());
    assertEquals("gpu(3)", EngineGate.forDevice(Device.gpu(3), 1).device());
  }
}
