package io.effnetspark.inference;

import io.effnetspark.image.ErrorClass;
import java.util.List;

/**
 * The outcome for one input file: either a prediction (label, probabilities, top-k) or an error.
 *
 * @param label top-1 class name, null on error
 * @param labelIndex top-1 class index (logit position), -1 on error
 * @param probability softmax probability of the top-1 class in [0, 1], NaN on error
 * @param topK the k most probable classes, best first; empty on error
 * @param width decoded image width in pixels, -1 when not decoded
 * @param height decoded image height in pixels, -1 when not decoded
 * @param errorClass null when the row holds a prediction
 * @param error one-line message, null when the row holds a prediction
 * @param aboveThreshold multi-label models ({@code output.kind: sigmoid_logits}): every class whose probability is
 *     at least {@code --multi-label-threshold}, best first (may be empty); null for other models and on error
 */
public record Prediction(String label, int labelIndex, float probability, List<Scored> topK, int width, int height,
    ErrorClass errorClass, String error, List<Scored> aboveThreshold) {

  /** A prediction without a multi-label list. */
  public Prediction(String label, int labelIndex, float probability, List<Scored> topK, int width, int height,
      ErrorClass errorClass, String error) {
    this(label, labelIndex, probability, topK, width, height, errorClass, error, null);
  }

  /** One entry of the top-k list. */
  public record Scored(String label, int index, float probability) {}

  public static Prediction failed(ErrorClass errorClass, String message, int width, int height) {
    String oneLine = message == null ? errorClass.name() : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return new Prediction(null, -1, Float.NaN, List.of(), width, height, errorClass, oneLine);
  }

  public boolean isError() {
    return errorClass != null;
  }
}
