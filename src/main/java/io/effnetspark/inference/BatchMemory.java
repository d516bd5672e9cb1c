package io.effnetspark.inference;

import io.effnetspark.model.HadoopFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a batch fits, decided on the driver before any Spark work (exit 2), so a batch size that cannot work is an
 * option error rather than a {@code NegativeArraySizeException} or an {@code OutOfMemoryError} in every task.
 *
 * <p>What one task holds, by design ({@link PartitionInference}): the batch's input tensor, B × C × H × W floats of 4
 * bytes, up to {@link #COPIES_PER_TASK} times (the array being filled, the one prefetched with
 * {@code -Deffnet.prefetch=true}, the direct buffer handed to the engine, the engine's own input tensor); one file's
 * bytes at a time (at most {@code --max-file-bytes}); one decoded image at a time (about 8 bytes per pixel, at most
 * {@code --max-pixels}); B result rows. The rules:
 * <ol>
 *   <li>one input tensor must fit one Java buffer: B × C × H × W × 4 bytes ≤ 2^31 − 1;</li>
 *   <li>the tensor copies of all the tasks one executor runs at once must fit in {@link #MEMORY_SHARE} of its
 *       memory: {@code spark.executor.memory} (default 1g), or in local mode the driver's heap; tasks at once =
 *       executor cores / {@code spark.task.cpus}, 1 when the cores are not stated.</li>
 * </ol>
 * Both apply to {@code --batch-size} and to {@code --gpu-batch-size} (a GPU task's batch is prepared in host memory).
 */
public final class BatchMemory {
  /** Copies of one batch's input tensor a task may hold at once. */
  public static final int COPIES_PER_TASK = 4;
  /** Share of an executor's memory its tasks' batch tensors may take; the rest is for decoding, the model, Spark. */
  public static final double MEMORY_SHARE = 0.5;

  private BatchMemory() {}

  /**
   * The memory the tasks of one executor share.
   *
   * @param bytes the executor's memory (local mode: the driver's heap)
   * @param source where {@code bytes} came from, for messages ({@code spark.executor.memory}, ...)
   * @param tasksAtOnce tasks one executor runs at once (&gt;= 1)
   */
  public record Budget(long bytes, String source, int tasksAtOnce) {}

  /**
   * Floats of one batch's input tensor.
   *
   * @param option the option or parameter that set {@code batchSize}, for the message
   * @throws IllegalArgumentException naming {@code option} when the tensor does not fit one Java buffer
   */
  public static int batchFloats(String option, int batchSize, int floatsPerImage) {
    long floats = (long) batchSize * floatsPerImage;
    if (floats * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d: a batch of %,d images of %s floats is "
          + "%,d floats (%s), over the %,d bytes one Java buffer holds; use %s %d or less", option, batchSize,
          batchSize, shape(floatsPerImage), floats, HadoopFiles.human(floats * Float.BYTES), Integer.MAX_VALUE, option,
          Integer.MAX_VALUE / Float.BYTES / floatsPerImage));
    }
    return (int) floats;
  }

  /** The problems of {@code settings}' batch sizes for a model of {@code floatsPerImage} within {@code budget}. */
  public static List<String> check(InferenceSettings settings, int floatsPerImage, Budget budget) {
    List<String> problems = new ArrayList<>();
    check("--batch-size", settings.batchSize(), floatsPerImage, budget, problems);
    if (settings.gpuBatchSize() > 0) {
      check("--gpu-batch-size", settings.gpuBatchSize(), floatsPerImage, budget, problems);
    }
    return problems;
  }

  private static void check(String option, int batchSize, int floatsPerImage, Budget budget, List<String> problems) {
    try {
      batchFloats(option, batchSize, floatsPerImage);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return;
    }
    long perImage = (long) floatsPerImage * Float.BYTES * COPIES_PER_TASK * Math.max(1, budget.tasksAtOnce());
    long allowed = (long) (budget.bytes() * MEMORY_SHARE);
    long held = perImage * batchSize;
    if (held > allowed) {
      problems.add(String.format(Locale.ROOT, "%s %d: each task holds its batch of %s floats (%s) up to %d times, "
          + "%d task(s) at once per executor: %s, over %.0f%% of the executor's memory (%s, %s); %s", option,
          batchSize, shape(floatsPerImage), HadoopFiles.human((long) batchSize * floatsPerImage * Float.BYTES),
          COPIES_PER_TASK, budget.tasksAtOnce(), HadoopFiles.human(held), MEMORY_SHARE * 100,
          HadoopFiles.human(budget.bytes()), budget.source(), allowed >= perImage
              ? "use " + option + " " + allowed / perImage + " or less, or give executors more memory"
              : "give executors more memory (or run fewer tasks per executor)"));
    }
  }

  /** {@code 1000000 x 3x32x32} style: the per-image shape when it is 3 square channels, else the count. */
  private static String shape(int floatsPerImage) {
    int side = (int) Math.round(Math.sqrt(floatsPerImage / 3.0));
    return 3 * side * side == floatsPerImage ? "3x" + side + "x" + side : String.valueOf(floatsPerImage);
  }
}
