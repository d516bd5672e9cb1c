package io.effnetspark.inference;

import io.effnetspark.model.OutputKind;
import java.util.ArrayList;
import java.util.List;

/** Probabilities from a model's outputs (as the card's {@code output.kind} says) and top-k, on one image's vector. */
public final class TopK {
  private TopK() {}

  /**
   * Numerically stable softmax: {@code exp(x_i - max x) / sum_j exp(x_j - max x)}, computed in double.
   *
   * @param logits one image's logits, length = number of classes
   * @return probabilities, same length, summing to 1
   */
  public static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double[] e = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max);
      sum += e[i];
    }
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (e[i] / sum);
    }
    return p;
  }

  /**
   * One image's probabilities from the model's values: softmax of {@link OutputKind#LOGITS}, a sigmoid per value of
   * {@link OutputKind#SIGMOID_LOGITS}, {@link OutputKind#PROBABILITIES} as they are (the model's softmax head is not
   * applied a second time).
   *
   * @return a new array (the input is not changed)
   */
  public static float[] probabilities(float[] values, OutputKind kind) {
    return switch (kind) {
      case LOGITS -> softmax(values);
      case SIGMOID_LOGITS -> sigmoid(values);
      case PROBABILITIES -> values.clone();
    };
  }

  /** {@code 1 / (1 + exp(-x))} per value, in double; stable for large |x|. */
  public static float[] sigmoid(float[] logits) {
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      double x = logits[i];
      p[i] = (float) (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
    }
    return p;
  }

  /** Every class with probability {@code >= threshold}, best first (ties: lower index first); may be empty. */
  public static List<Prediction.Scored> atLeast(float[] probabilities, List<String> labels, double threshold) {
    int n = 0;
    for (float p : probabilities) {
      n += p >= threshold ? 1 : 0;
    }
    List<Prediction.Scored> all = topK(probabilities, labels, n);
    return all;
  }

  /**
   * The k highest probabilities, best first; ties keep the lower index first (as {@code torch.topk} on CPU does
   * for distinct values, and deterministically otherwise).
   */
  public static List<Prediction.Scored> topK(float[] probabilities, List<String> labels, int k) {
    int n = Math.min(k, probabilities.length);
    boolean[] taken = new boolean[probabilities.length];
    List<Prediction.Scored> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int best = -1;
      for (int i = 0; i < probabilities.length; i++) {
        if (!taken[i] && (best < 0 || probabilities[i] > probabilities[best])) {
          best = i;
        }
      }
      taken[best] = true;
      out.add(new Prediction.Scored(labels.get(best), best, probabilities[best]));
    }
    return out;
  }
}
