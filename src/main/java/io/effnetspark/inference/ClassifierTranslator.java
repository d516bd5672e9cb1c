package io.effnetspark.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/**
 * DJL {@code Translator} from an already preprocessed NCHW batch to logits.
 *
 * <p>Input: {@link Batch} of N images, {@code float[N * 3 * S * S]} in NCHW order (see
 * {@link io.effnetspark.image.Preprocessor}). Output: logits {@code float[N][classes]}.
 * Preprocessing stays in plain Java so that the ONNX Runtime engine needs no PyTorch for image operations.
 */
public final class ClassifierTranslator implements NoBatchifyTranslator<ClassifierTranslator.Batch, float[][]> {

  /** N preprocessed images of size S×S: {@code data} holds at least {@code n * 3 * size * size} floats. */
  public record Batch(float[] data, int n, int size) {}

  @Override
  public NDList processInput(TranslatorContext ctx, Batch batch) {
    int len = batch.n() * 3 * batch.size() * batch.size();
    NDArray array = ctx.getNDManager().create(FloatBuffer.wrap(batch.data(), 0, len),
        new Shape(batch.n(), 3, batch.size(), batch.size()));
    return new NDList(array);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray logits = list.get(0);
    Shape shape = logits.getShape();
    if (shape.dimension() != 2) {
      throw new IllegalStateException("model output must be logits of shape [N, classes], got " + shape);
    }
    int n = (int) shape.get(0);
    int classes = (int) shape.get(1);
    float[] flat = logits.toFloatArray();
    float[][] out = new float[n][classes];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * classes, out[i], 0, classes);
    }
    return out;
  }
}
