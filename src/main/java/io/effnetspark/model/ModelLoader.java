package io.effnetspark.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.inference.ClassifierTranslator;
import io.effnetspark.inference.DjlRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Materialises a {@link ModelArtifact} as a DJL {@link ZooModel} on the local disk of this JVM.
 *
 * <p>The bytes go to a private temporary folder (deleted at JVM exit) under a fixed name, {@code model.onnx} or
 * {@code model.pt}, that DJL's {@code Criteria} then loads with the artifact's engine on the given device.
 * ONNX Runtime gets {@code intraOpThreads} intra-op threads and one inter-op thread per session.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /**
   * @param intraOpThreads ONNX Runtime intra-op threads (the task's cores); PyTorch takes its threads from the
   *     JVM-wide properties set by {@link DjlRuntime}
   * @throws IOException when the engine cannot read the model; the message names the model location
   */
  public static ZooModel<ClassifierTranslator.Batch, float[][]> load(ModelArtifact artifact, Device device,
      int intraOpThreads) throws IOException {
    DjlRuntime.configure();
    Path dir = Files.createTempDirectory("effnet-model-" + artifact.sha256().substring(0, 12) + "-");
    String fileName = artifact.engine() == Engine.ONNXRUNTIME ? "model.onnx" : "model.pt";
    Files.write(dir.resolve(fileName), artifact.bytes());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
    Criteria.Builder<ClassifierTranslator.Batch, float[][]> builder = Criteria.builder()
        .setTypes(ClassifierTranslator.Batch.class, float[][].class)
        .optModelPath(dir)
        .optModelName("model")
        .optEngine(artifact.engine().djlName())
        .optDevice(device)
        .optTranslator(new ClassifierTranslator());
    if (artifact.engine() == Engine.ONNXRUNTIME) {
      builder.optOption("intraOpNumThreads", Integer.toString(Math.max(1, intraOpThreads)))
          .optOption("interOpNumThreads", "1");
    } else {
      builder.optOption("mapLocation", "true");
    }
    try {
      return builder.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
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
