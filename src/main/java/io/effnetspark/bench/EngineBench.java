package io.effnetspark.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.config.JobConfig;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.model.InputSpec;
import io.effnetspark.inference.ClassifierTranslator;
import io.effnetspark.inference.ModelLoader;
import io.effnetspark.model.ModelArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.apache.hadoop.conf.Configuration;

/**
 * Benchmark stage (a): the engine alone. Forward passes through the job's own {@link Predictor} and translator on
 * tensors that were decoded and preprocessed beforehand, so decoding, preprocessing and Spark are out of the figure.
 *
 * <p>{@code --streams S} threads each own a Predictor on one shared model loaded with {@code --intra-op T} ONNX
 * Runtime threads (the job's layout on a {@code local[S]} executor is S streams × 1 thread). They run
 * {@code --images} images in total in batches of {@code --batch-size} (the last batch of each stream partial, as in
 * a partition), after {@code --warmup} untimed batches each. The batches cycle over the first images of
 * {@code --input}: the time of a forward pass does not depend on the pixel values.
 *
 * <p>{@code --engine-options k=v,k=v} passes DJL engine options (ONNX Runtime: {@code optLevel},
 * {@code executionMode}, ...) to compare session settings.
 *
 * <p>Prints {@code BENCH stage=engine images_per_second=… ms_per_batch=… peak_rss_mb=…}.
 */
public final class EngineBench {
  private EngineBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = BenchSupport.args(argv);
    Path model = Path.of(BenchSupport.required(args, "model"));
    Path input = Path.of(BenchSupport.required(args, "input"));
    int streams = Integer.parseInt(args.getOrDefault("streams", "1"));
    int intraOp = Integer.parseInt(args.getOrDefault("intra-op", "1"));
    int batch = Integer.parseInt(args.getOrDefault("batch-size", "32"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "2"));

    ModelArtifact artifact = ModelArtifact.read(model.toUri().toString(), null, new Configuration());
    List<Path> files = BenchSupport.imageFiles(input);
    int images = Integer.parseInt(args.getOrDefault("images", Integer.toString(files.size())));
    // The job's own path (the card's preprocessing, shape and layout).
    ImagePipeline pre = ImagePipeline.of(artifact.card(), JobConfig.defaults());
    int fpi = pre.floatsPerImage();
    InputSpec size = pre.input();
    // Two distinct full batches of real, preprocessed images; read-only, shared by every stream.
    // Direct buffers, as PartitionInference hands them to the engine (read in place, no copy per call).
    List<java.nio.FloatBuffer> batches = new ArrayList<>();
    int f = 0;
    for (int k = 0; k < 2; k++) {
      float[] data = new float[batch * fpi];
      for (int i = 0; i < batch; i++) {
        pre.prepare(java.nio.file.Files.readAllBytes(files.get(f++ % files.size())), data, i * fpi);
      }
      batches.add(ClassifierTranslator.directBuffer(data.length).put(data).flip());
    }

    long loadStart = System.nanoTime();
    Map<String, String> engineOptions = new LinkedHashMap<>();
    for (String kv : args.getOrDefault("engine-options", "").split(",")) {
      if (kv.contains("=")) {
        engineOptions.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    try (ZooModel<ClassifierTranslator.Batch, float[][]> zoo =
        ModelLoader.load(artifact, Device.cpu(), intraOp, engineOptions)) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      CyclicBarrier ready = new CyclicBarrier(streams + 1);
      CyclicBarrier done = new CyclicBarrier(streams + 1);
      List<Thread> threads = new ArrayList<>();
      Throwable[] failure = new Throwable[1];
      long[] cpuNanos = new long[streams];
      for (int s = 0; s < streams; s++) {
        int stream = s;
        int share = images / streams + (s < images % streams ? 1 : 0);
        Thread t = new Thread(() -> {
          try (Predictor<ClassifierTranslator.Batch, float[][]> p = zoo.newPredictor()) {
            for (int w = 0; w < warmup; w++) {
              p.predict(new ClassifierTranslator.Batch(batches.get(w % 2), batch, size));
            }
            ready.await();
            long cpu0 = BenchSupport.threadCpuNanos();
            int k = 0;
            for (int left = share; left > 0; left -= batch) {
              p.predict(new ClassifierTranslator.Batch(batches.get(k++ % 2), Math.min(batch, left), size));
            }
            cpuNanos[stream] = BenchSupport.threadCpuNanos() - cpu0;
            done.await();
          } catch (Exception e) {
            failure[0] = e;
            ready.reset();
            done.reset();
          }
        }, "engine-stream-" + s);
        t.start();
        threads.add(t);
      }
      ready.await();
      long start = System.nanoTime();
      done.await();
      double seconds = (System.nanoTime() - start) / 1e9;
      for (Thread t : threads) {
        t.join();
      }
      if (failure[0] != null) {
        throw new IllegalStateException("engine benchmark failed", failure[0]);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("images", images);
      r.put("streams", streams);
      r.put("intra_op", intraOp);
      r.put("batch_size", batch);
      r.put("engine_options", engineOptions.isEmpty() ? "default" : String.join(",", args.get("engine-options")));
      r.put("seconds", seconds);
      r.put("images_per_second", images / seconds);
      r.put("ms_per_image_per_stream", seconds * 1000.0 * streams / images);
      // CPU time of the streams (with 1 intra-op thread ONNX Runtime computes on the calling thread): the cost per
      // image, much less sensitive than images/s to other processes on the machine.
      r.put("cpu_ms_per_image", intraOp == 1 ? java.util.Arrays.stream(cpuNanos).sum() / 1e6 / images : -1.0);
      r.put("model_load_seconds", loadSeconds);
      r.put("peak_rss_mb", BenchSupport.procStatusMb("VmHWM"));
      BenchSupport.report("engine", r);
    }
  }
}
