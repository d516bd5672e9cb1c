package io.effnetspark.tools;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.ClassifierTranslator;
import io.effnetspark.inference.DeviceSelector;
import io.effnetspark.inference.DjlRuntime;
import io.effnetspark.inference.ExecutorModelCache;
import io.effnetspark.inference.ImageSource;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.inference.PartitionInference;
import io.effnetspark.model.ModelArtifact;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The executor-side inference on one device, without Spark or Hadoop: what {@code jobs/gpu-check.sh} runs on a GPU
 * host. For each model it prints the device used, the engine-only rate on preprocessed batches and the rate of the
 * whole decode → preprocess → batch → infer loop ({@link PartitionInference}) on generated PNG images.
 *
 * <p>Usage: {@code GpuCheck [--device gpu|auto|cpu] [--batch-size N] [--images N] MODEL_FILE...}. Exit 0 when
 * every model ran on the requested kind of device, 1 otherwise.
 */
public final class GpuCheck {
  private GpuCheck() {}

  public static void main(String[] args) throws Exception {
    DeviceMode mode = DeviceMode.GPU;
    int batchSize = 32;
    int images = 512;
    List<Path> models = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--device" -> mode = Settings.DEVICE.parse(args[++i]);
        case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
        case "--images" -> images = Integer.parseInt(args[++i]);
        default -> models.add(Path.of(args[i]));
      }
    }
    if (models.isEmpty()) {
      System.err.println("usage: GpuCheck [--device gpu|auto|cpu] [--batch-size N] [--images N] MODEL_FILE...");
      System.exit(2);
    }
    boolean ok = true;
    for (Path model : models) {
      ok &= check(ModelArtifact.readLocal(model, null), mode, batchSize, images);
    }
    System.exit(ok ? 0 : 1);
  }

  private static boolean check(ModelArtifact artifact, DeviceMode mode, int batchSize, int images)
      throws Exception {
    DjlRuntime.configure(artifact.engine());
    int gpus = mode == DeviceMode.CPU ? 0 : DeviceSelector.visibleGpus(artifact.engine().djlName(), mode);
    Device device;
    try {
      device = DeviceSelector.select(mode, gpus, List.of());
    } catch (IllegalStateException e) {
      System.out.printf("model %s (%s): FAILED: %s%n", artifact.card().name(), artifact.engine(), e.getMessage());
      return false;
    }
    System.out.printf("model %s (%s, %s), input %d px, visible GPUs %d, device %s%n", artifact.card().name(),
        artifact.engine(), artifact.sha256().substring(0, 12), artifact.card().inputSize(), gpus, device);
    ZooModel<ClassifierTranslator.Batch, float[][]> model = ExecutorModelCache.get(artifact, device, 1);
    float[] data = new float[batchSize * artifact.card().input().floatsPerImage()];
    try (Predictor<ClassifierTranslator.Batch, float[][]> p = model.newPredictor()) {
      ClassifierTranslator.Batch batch = new ClassifierTranslator.Batch(data, batchSize, artifact.card().input());
      p.predict(batch); // warm-up: session init, CUDA kernels, memory arena
      int rounds = Math.max(1, images / batchSize);
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        p.predict(batch);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("  engine only: batch %d, %d images, %.1f images/s%n", batchSize, rounds * batchSize,
          rounds * batchSize / seconds);
    }

    List<byte[]> files = syntheticPngs(images, artifact.card().preprocessing().resize());
    InferenceSettings settings = InferenceSettings.defaults().with(Settings.BATCH_SIZE, batchSize)
        .with(Settings.TOP_K, 1).with(Settings.DEVICE, mode);
    long start = System.nanoTime();
    int errors = 0;
    Device used;
    try (PartitionInference.Results<byte[]> results =
        new PartitionInference(artifact, settings, () -> device, 1).run(files.iterator(), BYTES)) {
      used = results.device();
      while (results.hasNext()) {
        errors += results.next().prediction().isError() ? 1 : 0;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("  decode+preprocess+infer: %d PNG images, %d errors, %.1f images/s on %s%n", images, errors,
        images / seconds, used);
    return errors == 0 && (mode != DeviceMode.GPU || used.isGpu());
  }

  /** Noise PNGs a little larger than the model's resize, so the resize path runs. */
  private static List<byte[]> syntheticPngs(int count, int resize) throws IOException {
    Random random = new Random(42);
    List<byte[]> out = new ArrayList<>(count);
    int distinct = Math.min(count, 16);
    for (int i = 0; i < distinct; i++) {
      BufferedImage img = new BufferedImage(resize * 5 / 4, resize, BufferedImage.TYPE_3BYTE_BGR);
      byte[] px = new byte[img.getWidth() * img.getHeight() * 3];
      random.nextBytes(px);
      img.getRaster().setDataElements(0, 0, img.getWidth(), img.getHeight(), px);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      out.add(png.toByteArray());
    }
    while (out.size() < count) {
      out.add(out.get(out.size() % distinct));
    }
    return out;
  }

  private static final ImageSource<byte[]> BYTES = new ImageSource<>() {
    @Override
    public String path(byte[] item) {
      return "generated.png";
    }

    @Override
    public byte[] read(byte[] item) {
      return item;
    }
  };
}
