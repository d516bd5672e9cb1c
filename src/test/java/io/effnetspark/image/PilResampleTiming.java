package io.effnetspark.image;

import io.effnetspark.config.Interpolation;
import io.effnetspark.config.ResizeMode;
import io.effnetspark.image.PilResample.Filter;
import io.effnetspark.model.TensorLayout;
import io.effnetspark.model.PreprocessingSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Prints the CPU time per image of torchvision's {@code Resize(256)} + {@code CenterCrop(224)} on a PIL image as
 * {@link PilResample} computes it, from a 683×512 (0.35 MP) RGB image; the job's current {@link Preprocessor}
 * (non-antialiased bilinear, with normalisation) for comparison. A measurement, not a test: run it by hand,
 *
 * <pre>
 *   mvn -o -q test-compile
 *   java -cp target/classes:target/test-classes io.effnetspark.image.PilResampleTiming [iterations]
 * </pre>
 */
public final class PilResampleTiming {
  private PilResampleTiming() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    RgbImage img = ResampleFixtures.generated(683, 512);
    ResizeSizes.Size size = ResizeSizes.shorterSide(img.width(), img.height(), 256);
    int crop = 224;
    int left = CenterCrop.offset(size.width(), crop);
    int top = CenterCrop.offset(size.height(), crop);
    PilResample resample = new PilResample();
    int[] dst = new int[crop * crop];
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    System.out.printf("%dx%d -> Resize(256) %dx%d -> CenterCrop(%d) at (%d, %d), %d iterations, 1 thread, CPU time%n",
        img.width(), img.height(), size.width(), size.height(), crop, left, top, iterations);
    for (Filter filter : new Filter[] {Filter.BILINEAR, Filter.BICUBIC, Filter.LANCZOS}) {
      Runnable window = () -> resample.resizeWindow(img, size.width(), size.height(), filter, left, top, crop, crop,
          dst);
      Runnable full = () -> resample.resize(img, size.width(), size.height(), filter);
      report("PIL " + filter + ", crop window only", window, iterations, bean);
      report("PIL " + filter + ", whole resize", full, iterations, bean);
    }
    PreprocessingSpec spec = new PreprocessingSpec(256, crop, 1f / 255, new float[] {0.485f, 0.456f, 0.406f},
        new float[] {0.229f, 0.224f, 0.225f});
    Preprocessor p = new Preprocessor(spec);
    float[] out = new float[3 * crop * crop];
    report("Preprocessor (torch bilinear, no antialias, incl. normalisation)", () -> p.preprocess(img, out, 0),
        iterations, bean);
    // The job's one path for each interpolation a card may state (resize, crop, normalisation, NCHW floats)
    for (Interpolation f : Interpolation.values()) {
      Preprocessor q = new Preprocessor(spec, TensorLayout.NCHW, f, ResizeMode.SHORTER_SIDE);
      report("Preprocessor, interpolation " + f, () -> q.preprocess(img, out, 0), iterations, bean);
    }
  }

  private static void report(String label, Runnable r, int iterations, ThreadMXBean bean) {
    for (int i = 0; i < Math.max(50, iterations / 4); i++) {
      r.run();
    }
    long cpu0 = bean.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      r.run();
    }
    double cpuMs = (bean.getCurrentThreadCpuTime() - cpu0) / 1e6 / iterations;
    double wallMs = (System.nanoTime() - wall0) / 1e6 / iterations;
    System.out.printf("  %-66s %6.2f ms CPU/image (%6.2f ms wall)%n", label, cpuMs, wallMs);
  }
}
