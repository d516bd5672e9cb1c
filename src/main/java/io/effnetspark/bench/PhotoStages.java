package io.effnetspark.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.config.DecodeScaling;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.image.ImageDecoder;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.image.RgbImage;
import io.effnetspark.inference.ClassifierTranslator;
import io.effnetspark.inference.ModelLoader;
import io.effnetspark.inference.TopK;
import io.effnetspark.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Benchmark of camera photos, one thread, CPU time of that thread per stage and image: decode (full size, and at
 * reduced scale as {@code --decode-scaling auto} does), resize (the card's preprocessing into the model's input
 * tensor, from either decode), and inference (ONNX Runtime, one intra-op thread, batches of {@code --batch-size}).
 * Then the fidelity of reduced decoding: the largest and mean absolute difference of the model's input tensors
 * (normalised floats) between the two decodes, and of the model's probabilities, with top-1 agreement.
 *
 * <p>Prints {@code BENCH stage=photo-stages decode_full_ms=… decode_reduced_ms=… resize_full_ms=…
 * resize_reduced_ms=… inference_ms=… tensor_max_diff=… tensor_mean_diff=… prob_max_diff=… prob_mean_diff=…
 * top1_agree=… scales=…}.
 */
public final class PhotoStages {
  private PhotoStages() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = BenchSupport.args(argv);
    Path model = Path.of(BenchSupport.required(args, "model"));
    List<Path> files = BenchSupport.imageFiles(Path.of(BenchSupport.required(args, "input")));
    int batch = Integer.parseInt(args.getOrDefault("batch-size", "16"));
    ModelArtifact artifact = ModelArtifact.read(model.toUri().toString(), null, new Configuration());
    JobConfig config = JobConfig.defaults();
    ImagePipeline full = ImagePipeline.of(artifact.card(), config.with(Settings.DECODE_SCALING, DecodeScaling.OFF));
    ImagePipeline reduced = ImagePipeline.of(artifact.card(), config.with(Settings.DECODE_SCALING,
        DecodeScaling.AUTO));
    int fpi = full.floatsPerImage();
    int n = files.size();
    float[] fullTensors = new float[n * fpi];
    float[] reducedTensors = new float[n * fpi];
    long[] cpu = new long[4]; // decode full, decode reduced, resize full, resize reduced
    Map<Integer, Integer> scales = new java.util.TreeMap<>();
    // One untimed pass first: class loading, OpenCV's native, JIT.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < n; i++) {
        byte[] bytes = Files.readAllBytes(files.get(i));
        ImagePipeline[] pipes = {full, reduced};
        float[][] outs = {fullTensors, reducedTensors};
        for (int p = 0; p < 2; p++) {
          ImageDecoder d = pipes[p].decoder();
          long t0 = BenchSupport.threadCpuNanos();
          RgbImage img = d.decodeReusing(bytes);
          long t1 = BenchSupport.threadCpuNanos();
          pipes[p].preprocess(img, outs[p], i * fpi);
          long t2 = BenchSupport.threadCpuNanos();
          if (pass == 1) {
            cpu[p] += t1 - t0;
            cpu[2 + p] += t2 - t1;
            if (p == 1) {
              scales.merge(d.lastScale(), 1, Integer::sum);
            }
          }
        }
      }
    }
    double tensorMax = 0;
    double tensorSum = 0;
    for (int i = 0; i < n * fpi; i++) {
      double d = Math.abs(fullTensors[i] - reducedTensors[i]);
      tensorMax = Math.max(tensorMax, d);
      tensorSum += d;
    }
    float[][] logitsFull = new float[n][];
    float[][] logitsReduced = new float[n][];
    long inferenceCpu;
    try (ZooModel<ClassifierTranslator.Batch, float[][]> zoo = ModelLoader.load(artifact, Device.cpu(), 1);
        Predictor<ClassifierTranslator.Batch, float[][]> predictor = zoo.newPredictor()) {
      run(predictor, fullTensors, Math.min(batch, n), fpi, batch, full, new float[n][]); // warm-up
      long t0 = BenchSupport.threadCpuNanos();
      run(predictor, fullTensors, n, fpi, batch, full, logitsFull);
      inferenceCpu = BenchSupport.threadCpuNanos() - t0;
      run(predictor, reducedTensors, n, fpi, batch, full, logitsReduced);
    }
    double probMax = 0;
    double probSum = 0;
    int agree = 0;
    int classes = 0;
    double top1Sum = 0;
    for (int i = 0; i < n; i++) {
      float[] a = TopK.probabilities(logitsFull[i], artifact.card().outputKind());
      float[] b = TopK.probabilities(logitsReduced[i], artifact.card().outputKind());
      classes = a.length;
      int ta = 0;
      int tb = 0;
      for (int c = 0; c < a.length; c++) {
        double d = Math.abs(a[c] - b[c]);
        probMax = Math.max(probMax, d);
        probSum += d;
        ta = a[c] > a[ta] ? c : ta;
        tb = b[c] > b[tb] ? c : tb;
      }
      agree += ta == tb ? 1 : 0;
      top1Sum += a[ta];
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("images", n);
    r.put("decode_full_ms", cpu[0] / 1e6 / n);
    r.put("decode_reduced_ms", cpu[1] / 1e6 / n);
    r.put("resize_full_ms", cpu[2] / 1e6 / n);
    r.put("resize_reduced_ms", cpu[3] / 1e6 / n);
    r.put("inference_ms", inferenceCpu / 1e6 / n);
    r.put("tensor_max_diff", tensorMax);
    r.put("tensor_mean_diff", tensorSum / ((double) n * fpi));
    // An untrained B0's probabilities are all near 1/1000: the differences need more than three decimals.
    r.put("prob_max_diff", String.format(java.util.Locale.ROOT, "%.3g", probMax));
    r.put("prob_mean_diff", String.format(java.util.Locale.ROOT, "%.3g", probSum / ((double) n * Math.max(1, classes))));
    r.put("top1_prob_mean", String.format(java.util.Locale.ROOT, "%.3g", top1Sum / n));
    r.put("top1_agree", agree + "/" + n);
    r.put("scales", scales.toString().replace(" ", ""));
    BenchSupport.report("photo-stages", r);
  }

  /** Forward passes over the first {@code n} images of {@code tensors}, logits into {@code out}. */
  private static void run(Predictor<ClassifierTranslator.Batch, float[][]> predictor, float[] tensors, int n,
      int fpi, int batch, ImagePipeline pipeline, float[][] out) throws Exception {
    for (int from = 0; from < n; from += batch) {
      int m = Math.min(batch, n - from);
      java.nio.FloatBuffer data = ClassifierTranslator.directBuffer(m * fpi).put(tensors, from * fpi, m * fpi).flip();
      float[][] logits = predictor.predict(new ClassifierTranslator.Batch(data, m, pipeline.input()));
      System.arraycopy(logits, 0, out, from, m);
    }
  }
}
