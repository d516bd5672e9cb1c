package io.effnetspark.model;

/** What the model's output values are ({@code output.kind}), and so how they become probabilities. */
public enum OutputKind {
  /** Raw scores of one-of-N classes: softmax applied. */
  LOGITS,
  /** Already probabilities (a softmax head, e.g. Keras' {@code activation="softmax"}): taken as they are. */
  PROBABILITIES,
  /** Raw scores of independent labels (multi-label): a sigmoid per class. */
  SIGMOID_LOGITS
}
