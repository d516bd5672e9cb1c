package io.effnetspark.inference;

import io.effnetspark.config.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Whether the DJL engine a model needs is on the classpath, asked on the driver before any Spark job: a TorchScript
 * model in a project without DJL's PyTorch engine would otherwise fail only in the executors' tasks ("Deep learning
 * engine not found: PyTorch"), once per task. Looks for the jars' marker resources; loads no engine and no native.
 *
 * <p>PyTorch needs three jars: {@code ai.djl.pytorch:pytorch-engine} (the engine), {@code pytorch-jni} (DJL's JNI
 * library) and {@code pytorch-native-cpu} with the platform's classifier (libtorch itself). Without the last two
 * DJL would download them, which offline mode forbids ({@link DjlRuntime}); libtorch named by
 * {@code PYTORCH_LIBRARY_PATH} replaces the native jar. ONNX Runtime ships its natives in its jar.
 */
public final class EngineAvailability {
  /** The versions of pom.xml the messages give ({@code engine-dependencies.properties}). */
  private static final Properties VERSIONS = versions();

  private EngineAvailability() {}

  /** What the classpath holds of one engine's jars. */
  public record Classpath(boolean engine, boolean jni, boolean natives) {
    /** Looks for the marker resource of each jar with {@code loader}. */
    public static Classpath of(Engine engine, ClassLoader loader) {
      if (engine == Engine.PYTORCH) {
        return new Classpath(loader.getResource("ai/djl/pytorch/engine/PtEngineProvider.class") != null,
            loader.getResource("jnilib/pytorch.properties") != null,
            loader.getResource("native/lib/pytorch.properties") != null);
      }
      boolean ort = loader.getResource("ai/djl/onnxruntime/engine/OrtEngineProvider.class") != null;
      return new Classpath(ort, true, loader.getResource("ai/onnxruntime/OrtEnvironment.class") != null);
    }
  }

  /**
   * The problem running a model of {@code engine} here, or null when there is none; for this JVM's classpath,
   * system properties and environment.
   *
   * @param model names the model in the message ({@code modelUrl /m/model.pt} or {@code --model /m/model.pt})
   */
  public static String problem(Engine engine, String model) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : EngineAvailability.class.getClassLoader();
    String offline = System.getenv(DjlRuntime.OFFLINE_ENV) != null ? System.getenv(DjlRuntime.OFFLINE_ENV)
        : System.getProperty(DjlRuntime.OFFLINE);
    return problem(engine, Classpath.of(engine, loader), offline == null || Boolean.parseBoolean(offline),
        System.getenv("PYTORCH_LIBRARY_PATH") != null, model);
  }

  /**
   * The decision, as a pure function: null when {@code engine} can run, else one message naming the model, what
   * is missing and the Maven dependencies to add (with this build's versions).
   *
   * @param offline DJL's offline mode is (or will be) on: natives missing from the classpath cannot be downloaded
   * @param libtorchPath {@code PYTORCH_LIBRARY_PATH} names a libtorch: the native jar is not needed
   */
  public static String problem(Engine engine, Classpath found, boolean offline, boolean libtorchPath,
      String model) {
    List<String> missing = new ArrayList<>();
    if (engine == Engine.ONNXRUNTIME) {
      if (!found.engine() || !found.natives()) {
        return model + " is an ONNX model, but DJL's ONNX Runtime engine is not on the classpath: add the Maven "
            + "dependency ai.djl.onnxruntime:onnxruntime-engine:" + djlVersion() + " (it brings "
            + "com.microsoft.onnxruntime:onnxruntime)";
      }
      return null;
    }
    String djl = djlVersion();
    String torch = VERSIONS.getProperty("pytorch.native.version");
    if (!found.engine()) {
      missing.add("ai.djl.pytorch:pytorch-engine:" + djl);
    }
    boolean fromJars = offline && !libtorchPath;
    if (!found.jni() && offline) {
      missing.add("ai.djl.pytorch:pytorch-jni:" + torch + "-" + djl);
    }
    if (!found.natives() && fromJars) {
      missing.add("ai.djl.pytorch:pytorch-native-cpu:" + torch + " (classifier linux-x86_64, or your platform's)");
    }
    if (missing.isEmpty()) {
      return null;
    }
    return model + " is a TorchScript model (engine pytorch), but DJL's PyTorch engine "
        + (found.engine() ? "cannot load offline: its native libraries are" : "is") + " not on the classpath. Add "
        + "the Maven dependencies ai.djl.pytorch:pytorch-engine:" + djl + ", ai.djl.pytorch:pytorch-jni:" + torch
        + "-" + djl + " and ai.djl.pytorch:pytorch-native-cpu:" + torch + " with classifier linux-x86_64 (missing: "
        + String.join(", ", missing) + "), or export the model to ONNX";
  }

  private static String djlVersion() {
    return VERSIONS.getProperty("djl.version");
  }

  private static Properties versions() {
    Properties p = new Properties();
    try (InputStream in = EngineAvailability.class.getResourceAsStream("engine-dependencies.properties")) {
      if (in == null) {
        throw new IllegalStateException("engine-dependencies.properties missing beside " + EngineAvailability.class);
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
