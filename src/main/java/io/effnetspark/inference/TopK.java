package io.effnetspark.inference;

import java.util.ArrayList;
import java.util.List;

/** Softmax over logits and top-k selection, in plain Java on one image's logit vector. */
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
