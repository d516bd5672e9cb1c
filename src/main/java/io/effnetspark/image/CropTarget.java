package io.effnetspark.image;

import io.effnetspark.model.ColorMode;
import io.effnetspark.model.PreprocessingSpec;
import io.effnetspark.model.TensorLayout;

/**
 * Where and how the crop's samples land in the batch array: the crop size, the tensor layout (NCHW: channel planes
 * of {@code cropH × cropW}; NHWC: channels interleaved per pixel), the channel order (RGB or BGR as bit shifts of a
 * packed {@code 0xRRGGBB} pixel) and the normalisation {@code v × mul[c] + add[c]} with {@code mul = scale / std[c]}
 * and {@code add = −mean[c] / std[c]} (the card's {@code (v × scale − mean) / std} rearranged).
 */
final class CropTarget {
  final TensorLayout layout;
  final ColorMode color;
  final int channels;
  final int cropH;
  final int cropW;
  /** Bit shift of each model channel in a packed 0xRRGGBB pixel (unused for GRAY). */
  final int[] shift;
  final float[] mul;
  final float[] add;

  CropTarget(PreprocessingSpec spec, TensorLayout layout) {
    this.layout = layout;
    this.color = spec.color();
    this.channels = spec.channels();
    this.cropH = spec.cropHeight();
    this.cropW = spec.cropWidth();
    this.shift = spec.color() == ColorMode.BGR ? new int[] {0, 8, 16} : new int[] {16, 8, 0};
    float[] mean = spec.mean();
    float[] std = spec.std();
    mul = new float[channels];
    add = new float[channels];
    for (int c = 0; c < channels; c++) {
      mul[c] = spec.scale() / std[c];
      add[c] = -mean[c] / std[c];
    }
  }

  /** Index of channel 0 of pixel {@code i} (row-major in the crop) of the image starting at {@code offset}. */
  int pixelIndex(int offset, int i) {
    return layout == TensorLayout.NCHW ? offset + i : offset + i * channels;
  }

  /** The stride between a pixel's channels. */
  int channelStride() {
    return layout == TensorLayout.NCHW ? cropH * cropW : 1;
  }
}
