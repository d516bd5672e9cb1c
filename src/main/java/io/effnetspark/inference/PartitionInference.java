package io.effnetspark.inference;

import ai.djl.Device;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.inference.BatchPreparer.Prepared;
import io.effnetspark.model.ModelArtifact;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The per-partition function of the job, plain Java: read → decode → preprocess (both through the one
 * {@link ImagePipeline} the model card and the settings define) → batch → predict → probabilities as the card's
 * {@code output.kind} says ({@link TopK#probabilities}) → top-k, one {@link Classified} out for every item in, in
 * input order.
 *
 * <p>A file that cannot be read or decoded becomes an error {@link Prediction}; it never fails the partition.
 * When the engine fails on a whole batch, the batch is retried image by image so that only the offending image
 * carries INFERENCE_FAILED. The model comes from {@link ExecutorModelCache} (once per JVM and device); the
 * {@link ai.djl.inference.Predictor} belongs to this partition's thread and is closed when the output is exhausted
 * or on {@link Results#close()}. This class is the batching and prefetch loop; reading, decoding and preprocessing a
 * batch is {@link BatchPreparer}, the forward pass, retry and top-k {@link BatchClassifier}.
 */
public final class PartitionInference {
  /**
   * {@code -Deffnet.prefetch=true}: each partition reads, decodes and preprocesses its next batch on one extra
   * thread while the engine runs the current one (two batch buffers). Off by default: see docs/benchmarks.md.
   */
  public static final String PREFETCH_PROPERTY = "effnet.prefetch";

  private final ModelArtifact artifact;
  private final InferenceSettings settings;
  private final Supplier<Device> device;
  private final int taskCpus;

  /**
   * @param device chosen per task (see {@link DeviceSelector}); called once per partition
   * @param taskCpus the task's cores ({@code spark.task.cpus}); ONNX Runtime's intra-op threads on first load are
   *     {@link InferenceSettings#intraOpThreads} of it and the model's input size
   */
  public PartitionInference(ModelArtifact artifact, InferenceSettings settings, Supplier<Device> device,
      int taskCpus) {
    this.artifact = artifact;
    this.settings = settings;
    this.device = device;
    this.taskCpus = taskCpus;
  }

  /** The executor's gate for forward passes on {@code device}, or null when tasks run theirs ungated. */
  private EngineGate gateFor(Device device) {
    if (device.isGpu()) {
      return EngineGate.forDevice(device, settings.gpuConcurrency());
    }
    return settings.cpuGated(artifact)
        ? EngineGate.forDevice(device, settings.cpuConcurrencyFor(artifact.card().inputSize())) : null;
  }

  /** An input item paired with its outcome. */
  public record Classified<T>(T input, Prediction prediction) {}

  /**
   * Lazily classifies {@code inputs}; the device is chosen now, the model loaded when the first image needs it.
   *
   * @throws IllegalStateException when the device cannot be chosen (e.g. {@code gpu} without a GPU)
   */
  public <T> Results<T> run(Iterator<T> inputs, ImageSource<T> source) {
    return new Results<>(inputs, source);
  }

  /**
   * The output iterator; holds one batch of results at a time (two with prefetch). Memory per task, bounded by
   * design: the batch's input tensor (batch × C × H × W floats) in one array, two with prefetch, plus the direct
   * buffer the engine reads ({@link BatchMemory}, checked on the driver); one file's bytes at a time, at most
   * {@link InferenceSettings#maxFileBytes()} (the prefetch thread reads and decodes one file at a time while the
   * task thread runs the engine); one decoded image at a time, at most {@link InferenceSettings#maxPixels()} pixels;
   * and up to two batches of input rows and results.
   */
  public final class Results<T> implements Iterator<Classified<T>>, AutoCloseable {
    private final Iterator<T> inputs;
    private final Device device;
    private final int batchSize;
    private final BatchPreparer<T> preparer;
    private final BatchClassifier classifier;
    private final ImageSource<T> source;
    /** NCHW batch buffers: one, or two that alternate when a batch is prepared while the previous one runs. */
    private final float[][] buffers;
    private final ExecutorService prefetcher;
    private Future<Prepared<T>> pending;
    private int turn;
    private final List<Classified<T>> ready = new ArrayList<>();
    private int next;
    private boolean closed;

    Results(Iterator<T> inputs, ImageSource<T> source) {
      this.inputs = inputs;
      this.source = source;
      ImagePipeline pipeline = ImagePipeline.of(artifact.card(), settings.config(), settings.names());
      this.device = PartitionInference.this.device.get();
      this.batchSize = settings.batchSizeFor(device.isGpu());
      EngineGate gate = gateFor(device);
      boolean prefetch = Boolean.getBoolean(PREFETCH_PROPERTY);
      int batchFloats = BatchMemory.batchFloats(device.isGpu() && settings.gpuBatchSize() > 0 ? "--gpu-batch-size"
          : "--batch-size", batchSize, pipeline.floatsPerImage());
      this.buffers = new float[prefetch ? 2 : 1][batchFloats];
      this.preparer = new BatchPreparer<>(pipeline, source, settings.maxFileBytes());
      this.classifier = new BatchClassifier(artifact, settings, device, taskCpus, gate, pipeline.input(),
          batchFloats);
      this.prefetcher = prefetch ? Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "effnet-prefetch-" + Thread.currentThread().getName());
        t.setDaemon(true);
        return t;
      }) : null;
    }

    /** The device this partition runs on. */
    public Device device() {
      return device;
    }

    @Override
    public boolean hasNext() {
      if (next < ready.size()) {
        return true;
      }
      if (closed || (!inputs.hasNext() && pending == null)) {
        close();
        return false;
      }
      fillBatch();
      return next < ready.size();
    }

    @Override
    public Classified<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.get(next++);
    }

    private void fillBatch() {
      ready.clear();
      next = 0;
      Prepared<T> batch;
      if (prefetcher == null) {
        batch = preparer.prepare(takeItems(), buffers[0]);
      } else {
        // The input iterator stays on the task thread (Spark's iterators may need the TaskContext); only reading,
        // decoding and preprocessing of the following batch run on the prefetch thread, while this one predicts.
        if (pending == null) {
          pending = submit(takeItems());
        }
        batch = await(pending);
        pending = inputs.hasNext() ? submit(takeItems()) : null;
      }
      if (batch.n > 0) {
        classifier.classify(batch, source);
      }
      for (int i = 0; i < batch.items.size(); i++) {
        ready.add(new Classified<>(batch.items.get(i), batch.outcomes[i]));
      }
    }

    private List<T> takeItems() {
      List<T> items = new ArrayList<>(batchSize);
      while (items.size() < batchSize && inputs.hasNext()) {
        items.add(inputs.next());
      }
      return items;
    }

    private Future<Prepared<T>> submit(List<T> items) {
      // Two buffers alternate: the one submitted now is not the one the batch being predicted uses.
      float[] data = buffers[turn];
      turn = 1 - turn;
      return prefetcher.submit(() -> preparer.prepare(items, data));
    }

    private Prepared<T> await(Future<Prepared<T>> future) {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the prefetched batch", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    @Override
    public void close() {
      closed = true;
      if (prefetcher != null) {
        if (pending != null) {
          pending.cancel(true);
          pending = null;
        }
        prefetcher.shutdownNow();
      }
      classifier.close();
    }
  }
}
