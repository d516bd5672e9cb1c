package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.effnetspark.config.Engine;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Materialises a {@link ModelArtifact} as a DJL {@link ZooModel} on the local disk of this JVM.
 *
 * <p>The bytes go to a private temporary folder (deleted at JVM exit) under a fixed name, {@code model.onnx} or
 * {@code model.pt}, that DJL then loads with the artifact's engine on the given device (TorchScript through
 * {@code Criteria}, ONNX through {@code Model.load} with the session options of {@link #loadOnnx}).
 * ONNX Runtime gets {@code intraOpThreads} intra-op threads and one inter-op thread per session.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /**
   * @param intraOpThreads ONNX Runtime intra-op threads (the task's cores); PyTorch takes its threads from the
   *     JVM-wide properties {@link DjlRuntime} sets when unset
   * @throws IOException when the engine cannot read the model; the message names the model location
   */
  public static ZooModel<ClassifierTranslator.Batch, float[][]> load(ModelArtifact artifact, Device device,
      int intraOpThreads) throws IOException {
    return load(artifact, device, intraOpThreads, java.util.Map.of());
  }

  /**
   * @param engineOptions more DJL engine options (for ONNX Runtime e.g. {@code optLevel=BASIC_OPT}); the benchmark
   *     compares settings with them
   */
  public static ZooModel<ClassifierTranslator.Batch, float[][]> load(ModelArtifact artifact, Device device,
      int intraOpThreads, java.util.Map<String, String> engineOptions) throws IOException {
    DjlRuntime.configure(artifact.engine());
    Path dir = Files.createTempDirectory("effnet-model-" + artifact.sha256().substring(0, 12) + "-");
    String fileName = artifact.engine() == Engine.ONNXRUNTIME ? "model.onnx" : "model.pt";
    Files.write(dir.resolve(fileName), artifact.bytes());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
    if (artifact.engine() == Engine.ONNXRUNTIME) {
      return loadOnnx(artifact, dir, device, intraOpThreads, engineOptions);
    }
    Criteria.Builder<ClassifierTranslator.Batch, float[][]> builder = Criteria.builder()
        .setTypes(ClassifierTranslator.Batch.class, float[][].class)
        .optModelPath(dir)
        .optModelName("model")
        .optEngine(artifact.engine().djlName())
        .optDevice(device)
        .optTranslator(new ClassifierTranslator());
    builder.optOption("mapLocation", "true");
    engineOptions.forEach(builder::optOption);
    try {
      return builder.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
      deleteQuietly(dir);
      throw new IOException("cannot load model " + artifact.location() + " with " + artifact.engine() + ": "
          + rootMessage(e), e);
    }
  }

  /**
   * ONNX Runtime through DJL's {@code Model.load} with a {@link OrtSession.SessionOptions} of our own: DJL's string
   * options can switch the CPU memory arena and memory-pattern planning on but never off. {@code engineOptions}:
   * DJL's keys ({@code optLevel}, {@code executionMode}, ...), plus {@code cpuArenaAllocator} and
   * {@code memoryPatternOptimization} (true/false) and {@code config.KEY=VALUE} session config entries.
   */
  private static ZooModel<ClassifierTranslator.Batch, float[][]> loadOnnx(ModelArtifact artifact, Path dir,
      Device device, int intraOpThreads, java.util.Map<String, String> engineOptions) throws IOException {
    java.util.Map<String, Object> options = new java.util.HashMap<>();
    options.put("intraOpNumThreads", Integer.toString(Math.max(1, intraOpThreads)));
    options.put("interOpNumThreads", "1");
    Model model = null;
    // Not closed with the model (DJL does not own it); one per model load, a few bytes of native memory.
    OrtSession.SessionOptions session = new OrtSession.SessionOptions();
    OrtNatives.removeExtractionFolder();
    try {
      // Measured on EfficientNet-B0 224 px, batch 32, 2 tasks (docs/benchmarks.md): all graph optimizations (the
      // ORT default, set here so that it does not depend on it) cost 19-22 ms of CPU per image, basic ones 38 ms.
      // Memory-pattern planning pre-allocates a block per input shape and adds nothing to speed on CPU: off, peak
      // RSS 1.45 GB instead of 1.81 GB, and no new block for each partition's partial last batch. The memory arena
      // stays on: without it every forward pass maps fresh pages for its activations, 3.5 times slower.
      session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session.setMemoryPatternOptimization(false);
      for (java.util.Map.Entry<String, String> e : engineOptions.entrySet()) {
        switch (e.getKey()) {
          case "cpuArenaAllocator" -> session.setCPUArenaAllocator(Boolean.parseBoolean(e.getValue()));
          case "memoryPatternOptimization" ->
              session.setMemoryPatternOptimization(Boolean.parseBoolean(e.getValue()));
          default -> {
            if (e.getKey().startsWith("config.")) {
              session.addConfigEntry(e.getKey().substring("config.".length()), e.getValue());
            } else {
              options.put(e.getKey(), e.getValue());
            }
          }
        }
      }
      options.put("sessionOptions", session);
      DeviceSelector.presetOrtDefaultDevice();
      model = Model.newInstance("model", device, artifact.engine().djlName());
      model.load(dir, "model", options);
      return new ZooModel<>(model, new ClassifierTranslator());
    } catch (OrtException | MalformedModelException | IOException | RuntimeException e) {
      if (model != null) {
        model.close();
      }
      deleteQuietly(dir);
      throw new IOException("cannot load model " + artifact.location() + " with " + artifact.engine() + ": "
          + rootMessage(e), e);
    }
  }

  /** The innermost cause's first message line: engines wrap the useful part several levels deep. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m).strip();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp folder
    }
  }
}
