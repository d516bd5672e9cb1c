package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.effnetspark.config.Settings;
import io.effnetspark.image.ErrorClass;
import io.effnetspark.image.ImageDecodeException;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.model.HadoopFiles;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.model.OutputKind;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-partition function of the job, plain Java: read → decode → preprocess (both through the one
 * {@link ImagePipeline} the model card and the settings define) → batch → predict → probabilities as the card's
 * {@code output.kind} says ({@link TopK#probabilities}) → top-k, one {@link Classified} out for every item in, in
 * input order.
 *
 * <p>A file that cannot be read or decoded becomes an error {@link Prediction}; it never fails the partition.
 * When the engine fails on a whole batch, the batch is retried image by image so that only the offending image
 * carries INFERENCE_FAILED. The model comes from {@link ExecutorModelCache} (once per JVM and device); the
 * {@link Predictor} belongs to this partition's thread and is closed when the output is exhausted or on
 * {@link Results#close()}.
 */
public final class PartitionInference {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionInference.class);
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
    private final ImageSource<T> source;
    private final ImagePipeline pipeline = ImagePipeline.of(artifact.card(), settings.config());
    private final int floatsPerImage = pipeline.floatsPerImage();
    private final OutputKind outputKind = artifact.card().outputKind();
    private final double threshold = settings.config().get(Settings.MULTI_LABEL_THRESHOLD);
    private final Device device;
    private final int batchSize;
    private final EngineGate gate;
    /** NCHW batch buffers: one, or two that alternate when a batch is prepared while the previous one runs. */
    private final float[][] buffers;
    /** What the engine reads: each batch is copied here (one memcpy), so no direct buffer is allocated per batch. */
    private final FloatBuffer engineInput;
    private final ExecutorService prefetcher;
    private Future<Prepared> pending;
    private int turn;
    private final List<Classified<T>> ready = new ArrayList<>();
    private int next;
    private Predictor<ClassifierTranslator.Batch, float[][]> predictor;
    private boolean closed;

    Results(Iterator<T> inputs, ImageSource<T> source) {
      this.inputs = inputs;
      this.source = source;
      this.device = PartitionInference.this.device.get();
      this.batchSize = settings.batchSizeFor(device.isGpu());
      this.gate = gateFor(device);
      boolean prefetch = Boolean.getBoolean(PREFETCH_PROPERTY);
      int batchFloats = BatchMemory.batchFloats(device.isGpu() && settings.gpuBatchSize() > 0 ? "--gpu-batch-size"
          : "--batch-size", batchSize, floatsPerImage);
      this.buffers = new float[prefetch ? 2 : 1][batchFloats];
      this.engineInput = ClassifierTranslator.directBuffer(batchFloats);
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

    /** A batch after reading, decoding and preprocessing; {@code data} holds its {@code n} decoded images. */
    private final class Prepared {
      final List<T> items;
      final Prediction[] outcomes;
      final int[] slotOf;
      final int[][] dims;
      final float[] data;
      int n;

      Prepared(List<T> items, float[] data) {
        this.items = items;
        this.outcomes = new Prediction[items.size()];
        this.slotOf = new int[items.size()];
        this.dims = new int[items.size()][];
        this.data = data;
      }
    }

    private void fillBatch() {
      ready.clear();
      next = 0;
      Prepared batch;
      if (prefetcher == null) {
        batch = prepare(takeItems(), buffers[0]);
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
        predictBatch(batch);
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

    private Future<Prepared> submit(List<T> items) {
      // Two buffers alternate: the one submitted now is not the one the batch being predicted uses.
      float[] data = buffers[turn];
      turn = 1 - turn;
      return prefetcher.submit(() -> prepare(items, data));
    }

    private Prepared await(Future<Prepared> future) {
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

    private Prepared prepare(List<T> items, float[] data) {
      Prepared b = new Prepared(items, data);
      for (int i = 0; i < items.size(); i++) {
        T item = items.get(i);
        try {
          // Preprocessed at once, so the decoder may reuse its pixel array for the next image.
          b.dims[i] = pipeline.prepare(readBytes(item), data, b.n * floatsPerImage);
          b.slotOf[b.n++] = i;
        } catch (ImageDecodeException e) {
          LOG.warn("{}: {} {}", source.path(item), e.errorClass(), e.getMessage());
          b.outcomes[i] = Prediction.failed(e.errorClass(), e.getMessage(), -1, -1);
        }
      }
      return b;
    }

    private byte[] readBytes(T item) throws ImageDecodeException {
      try {
        return source.read(item, settings.maxFileBytes());
      } catch (HadoopFiles.TooLarge e) {
        throw new ImageDecodeException(ErrorClass.TOO_LARGE, e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        throw new ImageDecodeException(ErrorClass.READ_FAILED, "cannot read file: " + e.getMessage(), e);
      }
    }

    private void predictBatch(Prepared b) {
      int n = b.n;
      // Outside the try: a model that cannot load or a missing GPU fails the task, it is not an image problem.
      Predictor<ClassifierTranslator.Batch, float[][]> model = predictor();
      try {
        float[][] logits = forward(model, new ClassifierTranslator.Batch(engineInput(b.data, 0, n), n,
            pipeline.input()));
        for (int s = 0; s < n; s++) {
          b.outcomes[b.slotOf[s]] = toPrediction(logits[s], b.dims[b.slotOf[s]]);
        }
        return;
      } catch (TranslateException | RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e); // the task is being killed
        }
        LOG.warn("Batch of {} failed ({}); retrying image by image", n, e.toString());
      }
      for (int s = 0; s < n; s++) {
        int i = b.slotOf[s];
        try {
          float[][] logits = forward(model, new ClassifierTranslator.Batch(engineInput(b.data, s, 1), 1,
              pipeline.input()));
          b.outcomes[i] = toPrediction(logits[0], b.dims[i]);
        } catch (TranslateException | RuntimeException e) {
          LOG.warn("{}: INFERENCE_FAILED {}", source.path(b.items.get(i)), e.toString());
          b.outcomes[i] = Prediction.failed(ErrorClass.INFERENCE_FAILED, "inference failed: " + e.getMessage(),
              b.dims[i][0], b.dims[i][1]);
        }
      }
    }

    /** Images {@code [from, from + count)} of {@code data}, copied to the start of {@link #engineInput}. */
    private FloatBuffer engineInput(float[] data, int from, int count) {
      engineInput.clear();
      engineInput.put(data, from * floatsPerImage, count * floatsPerImage);
      return engineInput.flip();
    }

    private float[][] forward(Predictor<ClassifierTranslator.Batch, float[][]> model, ClassifierTranslator.Batch b)
        throws TranslateException {
      return gate == null ? model.predict(b) : gate.run(() -> model.predict(b));
    }

    private Prediction toPrediction(float[] values, int[] dim) {
      float[] p = TopK.probabilities(values, outputKind);
      List<Prediction.Scored> top = TopK.topK(p, artifact.labels(), settings.topK());
      Prediction.Scored best = top.get(0);
      List<Prediction.Scored> above = outputKind == OutputKind.SIGMOID_LOGITS
          ? TopK.atLeast(p, artifact.labels(), threshold) : null;
      return new Prediction(best.label(), best.index(), best.probability(), top, dim[0], dim[1], null, null, above);
    }

    private Predictor<ClassifierTranslator.Batch, float[][]> predictor() {
      if (predictor == null) {
        ZooModel<ClassifierTranslator.Batch, float[][]> model =
            ExecutorModelCache.get(artifact, device, device.isGpu() ? taskCpus
                : settings.intraOpThreads(taskCpus, artifact.card().inputSize()));
        predictor = model.newPredictor();
      }
      return predictor;
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
      if (predictor != null) {
        predictor.close();
        predictor = null;
      }
    }
  }
}
