package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.effnetspark.config.Settings;
import io.effnetspark.image.ErrorClass;
import io.effnetspark.model.InputSpec;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.model.OutputKind;
import java.nio.FloatBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine half of a batch: one forward pass over a {@link BatchPreparer.Prepared} batch (through the executor's
 * {@link EngineGate} when there is one), probabilities as the card's {@code output.kind} says, top-k. When the
 * engine fails on the whole batch, it is retried image by image so that only the offending image carries
 * {@code INFERENCE_FAILED}. Owns one {@link Predictor} of the partition's thread and one direct buffer of
 * {@code batchFloats} floats the engine reads (each batch is copied there, so none is allocated per batch).
 */
final class BatchClassifier {
  // The logger conf/log4j2.properties names for per-file problems: one name for all of the partition function.
  private static final Logger LOG = LoggerFactory.getLogger(PartitionInference.class);

  private final ModelArtifact artifact;
  private final InferenceSettings settings;
  private final Device device;
  private final int taskCpus;
  private final EngineGate gate;
  private final InputSpec input;
  private final int floatsPerImage;
  private final FloatBuffer engineInput;
  private final OutputKind outputKind;
  private final double threshold;
  private Predictor<ClassifierTranslator.Batch, float[][]> predictor;

  /**
   * @param gate the executor's gate for forward passes on {@code device}, or null when tasks run theirs ungated
   * @param batchFloats the largest batch in floats (batch × C × H × W)
   */
  BatchClassifier(ModelArtifact artifact, InferenceSettings settings, Device device, int taskCpus, EngineGate gate,
      InputSpec input, int batchFloats) {
    this.artifact = artifact;
    this.settings = settings;
    this.device = device;
    this.taskCpus = taskCpus;
    this.gate = gate;
    this.input = input;
    this.floatsPerImage = input.floatsPerImage();
    this.engineInput = ClassifierTranslator.directBuffer(batchFloats);
    this.outputKind = artifact.card().outputKind();
    this.threshold = settings.config().get(Settings.MULTI_LABEL_THRESHOLD);
  }

  /** Sets the {@code outcomes} of the batch's {@code n} decoded images. */
  <T> void classify(BatchPreparer.Prepared<T> b, ImageSource<T> source) {
    int n = b.n;
    // Outside the try: a model that cannot load or a missing GPU fails the task, it is not an image problem.
    Predictor<ClassifierTranslator.Batch, float[][]> model = predictor();
    try {
      float[][] logits = forward(model, new ClassifierTranslator.Batch(engineInput(b.data, 0, n), n, input));
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
        float[][] logits = forward(model, new ClassifierTranslator.Batch(engineInput(b.data, s, 1), 1, input));
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

  /** Closes the predictor (the model stays in {@link ExecutorModelCache}). */
  void close() {
    if (predictor != null) {
      predictor.close();
      predictor = null;
    }
  }
}
