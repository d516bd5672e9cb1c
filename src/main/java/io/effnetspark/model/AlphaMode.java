package io.effnetspark.model;

/** What transparent pixels become ({@code preprocessing.alpha}). */
public enum AlphaMode {
  /** The colour channels as stored, alpha ignored: PIL's {@code convert("RGB")}. */
  DROP,
  /** Composited over white: {@code round((c × a + 255 × (255 − a)) / 255)}. */
  WHITE,
  /** Composited over black: {@code round(c × a / 255)}. */
  BLACK
}
