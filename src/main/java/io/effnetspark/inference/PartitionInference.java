package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.effnetspark.image.ErrorClass;
import io.effnetspark.image.ImageDecodeException;
import io.effnetspark.image.ImageDecoder;
import io.effnetspark.image.Preprocessor;
import io.effnetspark.image.RgbImage;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-partition function of the job, plain Java: read → decode → preprocess → batch → predict → softmax →
 * top-k, one {@link Classified} out for every item in, in input order.
 *
 * <p>A file that cannot be read or decoded becomes an error {@link Prediction}; it never fails the partition.
 * When the engine fails on a whole batch, the batch is retried image by image so that only the offending image
 * carries INFERENCE_FAILED. The model comes from {@link ExecutorModelCache} (once per JVM and device); the
 * {@link Predictor} belongs to this partition's thread and is closed when the output is exhausted or on
 * {@link Results#close()}.
 */
public final class PartitionInference {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionInference.class);

  private final ModelArtifact artifact;
  private final InferenceSettings settings;
  private final Supplier<Device> device;
  private final int intraOpThreads;

  /**
   * @param device chosen per task (see {@link DeviceSelector}); called once per partition
   * @param intraOpThreads the task's cores, given to ONNX Runtime on first load
   */
  public PartitionInference(ModelArtifact artifact, InferenceSettings settings, Supplier<Device> device,
      int intraOpThreads) {
    this.artifact = artifact;
    this.settings = settings;
    this.device = device;
    this.intraOpThreads = intraOpThreads;
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

  /** The output iterator; holds one batch of results at a time. */
  public final class Results<T> implements Iterator<Classified<T>>, AutoCloseable {
    private final Iterator<T> inputs;
    private final ImageSource<T> source;
    private final ImageDecoder decoder = new ImageDecoder(settings.maxPixels(), settings.exifOrientation());
    private final Preprocessor preprocessor = new Preprocessor(artifact.card().preprocessing());
    private final int floatsPerImage = preprocessor.spec().floatsPerImage();
    private final Device device;
    private final int batchSize;
    private final GpuGate gate;
    private final float[] batchData;
    private final List<Classified<T>> ready = new ArrayList<>();
    private int next;
    private Predictor<ClassifierTranslator.Batch, float[][]> predictor;
    private boolean closed;

    Results(Iterator<T> inputs, ImageSource<T> source) {
      this.inputs = inputs;
      this.source = source;
      this.device = PartitionInference.this.device.get();
      this.batchSize = settings.batchSizeFor(device.isGpu());
      this.gate = device.isGpu() ? GpuGate.forDevice(device.getDeviceId(), settings.gpuConcurrency()) : null;
      this.batchData = new float[batchSize * floatsPerImage];
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
      if (closed || !inputs.hasNext()) {
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
      List<T> items = new ArrayList<>(batchSize);
      Prediction[] outcomes = new Prediction[batchSize];
      int[] slotOf = new int[batchSize];
      int[][] dims = new int[batchSize][];
      int n = 0;
      while (items.size() < batchSize && inputs.hasNext()) {
        T item = inputs.next();
        int i = items.size();
        items.add(item);
        try {
          RgbImage img = decoder.decode(readBytes(item));
          preprocessor.preprocess(img, batchData, n * floatsPerImage);
          dims[i] = new int[] {img.width(), img.height()};
          slotOf[n++] = i;
        } catch (ImageDecodeException e) {
          LOG.warn("{}: {} {}", source.path(item), e.errorClass(), e.getMessage());
          outcomes[i] = Prediction.failed(e.errorClass(), e.getMessage(), -1, -1);
        }
      }
      if (n > 0) {
        predictBatch(items, n, slotOf, dims, outcomes);
      }
      for (int i = 0; i < items.size(); i++) {
        ready.add(new Classified<>(items.get(i), outcomes[i]));
      }
    }

    private byte[] readBytes(T item) throws ImageDecodeException {
      try {
        return source.read(item);
      } catch (IOException | RuntimeException e) {
        throw new ImageDecodeException(ErrorClass.READ_FAILED, "cannot read file: " + e.getMessage(), e);
      }
    }

    private void predictBatch(List<T> items, int n, int[] slotOf, int[][] dims, Prediction[] outcomes) {
      int size = preprocessor.spec().crop();
      // Outside the try: a model that cannot load or a missing GPU fails the task, it is not an image problem.
      Predictor<ClassifierTranslator.Batch, float[][]> model = predictor();
      try {
        float[][] logits = forward(model, new ClassifierTranslator.Batch(batchData, n, size));
        for (int s = 0; s < n; s++) {
          outcomes[slotOf[s]] = toPrediction(logits[s], dims[slotOf[s]]);
        }
        return;
      } catch (TranslateException | RuntimeException e) {
        LOG.warn("Batch of {} failed ({}); retrying image by image", n, e.toString());
      }
      float[] single = new float[floatsPerImage];
      for (int s = 0; s < n; s++) {
        int i = slotOf[s];
        System.arraycopy(batchData, s * floatsPerImage, single, 0, floatsPerImage);
        try {
          float[][] logits = forward(model, new ClassifierTranslator.Batch(single, 1, size));
          outcomes[i] = toPrediction(logits[0], dims[i]);
        } catch (TranslateException | RuntimeException e) {
          LOG.warn("{}: INFERENCE_FAILED {}", source.path(items.get(i)), e.toString());
          outcomes[i] = Prediction.failed(ErrorClass.INFERENCE_FAILED, "inference failed: " + e.getMessage(),
              dims[i][0], dims[i][1]);
        }
      }
    }

    private float[][] forward(Predictor<ClassifierTranslator.Batch, float[][]> model, ClassifierTranslator.Batch b)
        throws TranslateException {
      return gate == null ? model.predict(b) : gate.run(() -> model.predict(b));
    }

    private Prediction toPrediction(float[] logits, int[] dim) {
      float[] p = TopK.softmax(logits);
      List<Prediction.Scored> top = TopK.topK(p, artifact.labels(), settings.topK());
      Prediction.Scored best = top.get(0);
      return new Prediction(best.label(), best.index(), best.probability(), top, dim[0], dim[1], null, null);
    }

    private Predictor<ClassifierTranslator.Batch, float[][]> predictor() {
      if (predictor == null) {
        ZooModel<ClassifierTranslator.Batch, float[][]> model =
            ExecutorModelCache.get(artifact, device, intraOpThreads);
        predictor = model.newPredictor();
      }
      return predictor;
    }

    @Override
    public void close() {
      closed = true;
      if (predictor != null) {
        predictor.close();
        predictor = null;
      }
    }
  }
}
