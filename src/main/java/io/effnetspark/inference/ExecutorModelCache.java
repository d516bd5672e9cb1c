package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.config.Engine;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor-JVM singleton holding loaded models, keyed by (model sha256, engine, device): every task of an
 * executor shares one {@link ZooModel} per device, whatever the number of partitions, and each task thread opens
 * its own {@code Predictor} on it (Predictors are not thread-safe; the model is).
 *
 * <p>{@link #loadCount()} counts real loads in this JVM, for tests and the executor log line.
 */
public final class ExecutorModelCache {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModelCache.class);
  private static final ConcurrentHashMap<String, ZooModel<ClassifierTranslator.Batch, float[][]>> MODELS =
      new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModelCache::closeAll));
  }

  private ExecutorModelCache() {}

  /**
   * The loaded model for this artifact and device, loading it on first use in this JVM.
   *
   * @throws UncheckedIOException when the engine cannot load the model
   */
  public static ZooModel<ClassifierTranslator.Batch, float[][]> get(ModelArtifact artifact, Device device,
      int intraOpThreads) {
    String key = artifact.sha256() + "/" + artifact.engine() + "/" + device;
    return MODELS.computeIfAbsent(key, k -> {
      long start = System.nanoTime();
      try {
        ZooModel<ClassifierTranslator.Batch, float[][]> model = ModelLoader.load(artifact, device, intraOpThreads);
        int loads = LOADS.incrementAndGet();
        LOG.info("Loaded model {} ({}, {}) on {} in {} ms{}; model loads in this JVM: {}", artifact.fileName(),
            artifact.sha256().substring(0, 12), artifact.engine(), device, (System.nanoTime() - start) / 1_000_000,
            artifact.engine() == Engine.ONNXRUNTIME
                ? " with " + intraOpThreads + " intra-op thread(s)" : "", loads);
        if (loads == 1) {
          LOG.info("Native libraries in this JVM (java.io.tmpdir {}): {}", System.getProperty("java.io.tmpdir"),
              NativeLibraries.loaded());
        }
        return model;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Number of models this JVM has loaded since start (or since {@link #clear()}). */
  public static int loadCount() {
    return LOADS.get();
  }

  /** Closes and forgets every model; for tests that need a cold cache. */
  public static synchronized void clear() {
    closeAll();
    LOADS.set(0);
  }

  private static void closeAll() {
    MODELS.values().forEach(m -> {
      try {
        m.close();
      } catch (RuntimeException ignored) {
        // engine already shut down at JVM exit
      }
    });
    MODELS.clear();
  }
}
