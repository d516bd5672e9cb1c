package io.effnetspark.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.ClassifierTranslator;
import io.effnetspark.inference.ExecutorModelCache;
import io.effnetspark.inference.ImageSource;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.inference.PartitionInference;
import io.effnetspark.model.ModelArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;

/**
 * Benchmark stage (b): the job's per-partition loop without Spark. {@code --threads N} threads each run
 * {@link PartitionInference} (read → decode → preprocess → batch → predict → softmax → top-k) over a round-robin
 * share of the files under {@code --input}, laid out as the job's {@code local[N]} executor: N tasks of one core
 * each, with the job's {@code --cpu-concurrency} ({@code auto} by default, or N): when that gates the forward
 * passes, through the executor's {@link io.effnetspark.inference.EngineGate} with N / permits intra-op threads;
 * {@code --ungated true} gives every thread its own single-threaded forward passes whatever the setting. Timed like the job's stage (c): from the first file
 * read to the last result, with the model already in {@link ExecutorModelCache} as the job's preflight check
 * leaves it.
 *
 * <p>Prints {@code BENCH stage=loop images_per_second=… predicted=… errors=… model_loads=… peak_rss_mb=…}.
 */
public final class LoopBench {
  private LoopBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = BenchSupport.args(argv);
    Path model = Path.of(BenchSupport.required(args, "model"));
    Path input = Path.of(BenchSupport.required(args, "input"));
    int threads = Integer.parseInt(args.getOrDefault("threads", "1"));
    int cpuConcurrency = Settings.CPU_CONCURRENCY.parse(args.getOrDefault("cpu-concurrency", "auto"));
    boolean ungated = Boolean.parseBoolean(args.getOrDefault("ungated", "false"));
    int batch = Integer.parseInt(args.getOrDefault("batch-size", "32"));

    ModelArtifact artifact = ModelArtifact.read(model.toUri().toString(), null, new Configuration());
    List<Path> files = BenchSupport.imageFiles(input);
    InferenceSettings settings = new InferenceSettings(JobConfig.defaults().with(Settings.BATCH_SIZE, batch)
        .with(Settings.TOP_K, Math.min(5, artifact.labels().size())).with(Settings.DEVICE, DeviceMode.CPU)
        .with(Settings.CPU_CONCURRENCY, cpuConcurrency)
        .with(Settings.DECODE_SCALING, Settings.DECODE_SCALING.parse(args.getOrDefault("decode-scaling", "off"))),
        ungated ? 0 : threads);
    int intraOp = settings.intraOpThreads(1, artifact.card().inputSize());
    // As in stage (c): there the driver's preflight check has loaded the model into this JVM's executor cache
    // and run one image through it before the first file is read (local mode: driver = executor).
    try (Predictor<ClassifierTranslator.Batch, float[][]> check =
        ExecutorModelCache.get(artifact, Device.cpu(), intraOp).newPredictor()) {
      check.predict(new ClassifierTranslator.Batch(new float[artifact.card().input().floatsPerImage()], 1,
          artifact.card().input()));
    }
    PartitionInference inference = new PartitionInference(artifact, settings, Device::cpu, 1);
    AtomicLong predicted = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Throwable[] failure = new Throwable[1];
    AtomicLong cpuNanos = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    long processCpu0 = BenchSupport.processCpuNanos();
    for (List<Path> shard : BenchSupport.shards(files, threads)) {
      Thread t = new Thread(() -> {
        try (PartitionInference.Results<Path> results = inference.run(shard.iterator(), ImageSource.LOCAL_FILES)) {
          results.forEachRemaining(c -> (c.prediction().isError() ? errors : predicted).incrementAndGet());
        } catch (RuntimeException e) {
          failure[0] = e;
        }
        cpuNanos.addAndGet(BenchSupport.threadCpuNanos());
      }, "loop-" + workers.size());
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long processCpu = BenchSupport.processCpuNanos() - processCpu0;
    if (failure[0] != null) {
      throw new IllegalStateException("loop benchmark failed", failure[0]);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("images", files.size());
    r.put("threads", threads);
    r.put("intra_op", intraOp);
    r.put("gated", settings.cpuGated(artifact.card().inputSize()));
    r.put("batch_size", batch);
    r.put("seconds", seconds);
    r.put("images_per_second", files.size() / seconds);
    // Loop threads' CPU time (decode, preprocess and, with 1 intra-op thread, the forward passes; model load
    // included): the cost per image, much less sensitive than images/s to other processes on the machine.
    r.put("cpu_ms_per_image", intraOp == 1 ? cpuNanos.get() / 1e6 / files.size() : -1.0);
    // Every thread of the JVM (prefetch, GC, JIT included).
    r.put("process_cpu_ms_per_image", processCpu / 1e6 / files.size());
    r.put("predicted", predicted.get());
    r.put("errors", errors.get());
    r.put("model_loads", ExecutorModelCache.loadCount());
    r.put("peak_rss_mb", BenchSupport.procStatusMb("VmHWM"));
    BenchSupport.report("loop", r);
  }
}
