package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Settings;
import io.effnetspark.model.ModelArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * On the CPU with ONNX Runtime, an executor whose cores are known runs its tasks' forward passes through one gate
 * with executor cores / CPU concurrency intra-op threads each; results do not depend on the layout.
 */
class CpuEngineGateTest {
  private static InferenceSettings settings(int batch, int topK, int cpuConcurrency, int executorCores) {
    return TestSettings.cpu(batch, topK).with(Settings.CPU_CONCURRENCY, cpuConcurrency)
        .withExecutorCores(executorCores);
  }

  @Test
  void intraOpThreadsShareTheExecutorsCoresAmongTheAllowedForwardPasses() {
    assertEquals(8, settings(32, 5, 1, 8).intraOpThreads(1, 32));
    assertEquals(4, settings(32, 5, 2, 8).intraOpThreads(1, 32));
    assertEquals(2, settings(32, 5, 3, 8).intraOpThreads(1, 32), "rounded down: never more threads than cores");
    assertEquals(2, settings(32, 5, 4, 8).intraOpThreads(2, 32), "never fewer than the task's own cores");
    assertEquals(1, settings(32, 5, 1, 0).intraOpThreads(1, 224), "cores not stated: the task's cores, ungated");
    assertEquals(2, settings(32, 5, 1, 0).intraOpThreads(2, 224));
    assertTrue(settings(32, 5, 1, 2).cpuGated(32));
    assertFalse(settings(32, 5, 1, 0).cpuGated(224));
    assertFalse(settings(32, 5, 8, 8).cpuGated(224), "as many passes as cores: nothing to gate");
  }

  @Test
  void autoGivesLargeInputsOnePassWithAllCoresAndSmallOnesOnePassPerTask() {
    InferenceSettings auto = settings(32, 5, 0, 4);
    assertEquals(1, auto.cpuConcurrencyFor(224));
    assertEquals(1, auto.cpuConcurrencyFor(InferenceSettings.AUTO_GATE_MIN_INPUT_SIZE));
    assertTrue(auto.cpuGated(224));
    assertEquals(4, auto.intraOpThreads(1, 224));
    assertEquals(4, auto.cpuConcurrencyFor(32));
    assertFalse(auto.cpuGated(32));
    assertEquals(1, auto.intraOpThreads(1, 32));
  }

  @Test
  void concurrentGatedPartitionsGiveTheSamePredictionsAsOneUngatedPartition() throws Exception {
    EngineGate.clear(); // the gate below must be the one these partitions made, not an earlier test's
    ModelArtifact artifact = ModelArtifact.read(TestPaths.ONNX_MODEL.toUri().toString(), null, new Configuration());
    List<Path> files = ReferenceImages.load().stream().map(ReferenceImages::file).toList();
    int classes = artifact.labels().size();
    List<Prediction> expected = classify(artifact, settings(8, classes, 1, 0), files);

    ExecutorModelCache.clear(); // the gated layout loads its own model, with 3 intra-op threads
    InferenceSettings gated = settings(8, classes, 1, 3);
    int partitions = 3;
    ExecutorService tasks = Executors.newFixedThreadPool(partitions);
    try {
      List<Future<List<Prediction>>> results = new ArrayList<>();
      for (int t = 0; t < partitions; t++) {
        results.add(tasks.submit(() -> classify(artifact, gated, files)));
      }
      for (Future<List<Prediction>> f : results) {
        List<Prediction> got = f.get();
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
          assertNull(got.get(i).error());
          assertEquals(expected.get(i).labelIndex(), got.get(i).labelIndex(), files.get(i).toString());
          assertEquals(expected.get(i).probability(), got.get(i).probability(), 1e-5, files.get(i).toString());
        }
      }
    } finally {
      tasks.shutdownNow();
      ExecutorModelCache.clear();
    }
    EngineGate gate = EngineGate.forDevice(Device.cpu(), 99);
    assertEquals(1, gate.permits(), "the CPU gate was made by the partitions, with --cpu-concurrency permits");
    assertEquals(1, gate.available(), "and every permit was given back");
    EngineGate.clear();
  }

  private static List<Prediction> classify(ModelArtifact artifact, InferenceSettings settings, List<Path> files) {
    List<Prediction> out = new ArrayList<>();
    try (PartitionInference.Results<Path> results =
        new PartitionInference(artifact, settings, Device::cpu, 1).run(files.iterator(), ImageSource.LOCAL_FILES)) {
      results.forEachRemaining(c -> out.add(c.prediction()));
    }
    return out;
  }
}
