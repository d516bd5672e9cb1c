package io.effnetspark.inference;

import io.effnetspark.image.ErrorClass;
import io.effnetspark.image.ImageDecodeException;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.model.HadoopFiles;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor-side half of a batch before the engine: read each item's bytes (at most
 * {@link InferenceSettings#maxFileBytes()}), decode and preprocess them through the {@link ImagePipeline} into
 * consecutive slots of an NCHW (or NHWC, as the card says) float array. A file that cannot be read or decoded
 * becomes an error {@link Prediction} in its place; nothing here throws for one bad file.
 *
 * @param <T> the input item (a path, a row with the bytes, ...)
 */
final class BatchPreparer<T> {
  // The logger conf/log4j2.properties names for per-file problems: one name for all of the partition function.
  private static final Logger LOG = LoggerFactory.getLogger(PartitionInference.class);

  private final ImagePipeline pipeline;
  private final ImageSource<T> source;
  private final long maxFileBytes;

  BatchPreparer(ImagePipeline pipeline, ImageSource<T> source, long maxFileBytes) {
    this.pipeline = pipeline;
    this.source = source;
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * A batch after reading, decoding and preprocessing: {@code data} holds its {@code n} decoded images, image
   * {@code s} at {@code s × floatsPerImage}, belonging to item {@code slotOf[s]}; items that failed have their
   * {@code outcomes} entry set, the others get theirs from the engine.
   */
  static final class Prepared<T> {
    final List<T> items;
    final Prediction[] outcomes;
    final int[] slotOf;
    /** Each decoded item's {@code {width, height}} before preprocessing, as the pipeline reports it. */
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

  /** Reads, decodes and preprocesses {@code items} into {@code data}; safe to run on another thread than the task. */
  Prepared<T> prepare(List<T> items, float[] data) {
    Prepared<T> b = new Prepared<>(items, data);
    int floatsPerImage = pipeline.floatsPerImage();
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
      return source.read(item, maxFileBytes);
    } catch (HadoopFiles.TooLarge e) {
      throw new ImageDecodeException(ErrorClass.TOO_LARGE, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(ErrorClass.READ_FAILED, "cannot read file: " + e.getMessage(), e);
    }
  }
}
