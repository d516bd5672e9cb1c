package io.effnetspark.inference;

import io.effnetspark.config.Engine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide DJL settings this library needs before a DJL engine initialises, on the driver and on every
 * executor. DJL reads them only as JVM system properties (offline mode also as the environment variable
 * {@code DJL_OFFLINE}); it offers no per-model or per-call switch. So each is set <b>only when unset</b>, just
 * before the first model of an engine loads, and logged once at INFO; a value the user set ({@code -D...},
 * {@code DJL_OFFLINE}) is never changed:
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true} (any engine): with it, a missing native library fails at once ("Offline mode
 *       is enabled") instead of DJL trying to download it from its CDN; natives come from the jars on the
 *       classpath. Nothing of this library downloads anything.
 *   <li>ONNX models only: {@code ai.djl.onnx.disable_alternative=true}. Otherwise, with PyTorch on the classpath,
 *       DJL's ONNX Runtime engine starts PyTorch as its "alternative engine" for NDArray operations ONNX Runtime
 *       lacks: it unpacks libtorch (~430 MB) into the DJL cache and probes CUDA (warnings on CPU hosts), for
 *       nothing: this library hands ONNX Runtime finished input tensors and reads its outputs, no other operation.
 *       A JVM that needs DJL's hybrid engine for its own ONNX work sets the property to false before.
 *   <li>PyTorch models only: {@code ai.djl.pytorch.num_threads=1} and {@code ai.djl.pytorch.num_interop_threads=1}
 *       (N concurrent tasks then use N cores, not N × cores; measured 60 times slower otherwise on 2 cores), and
 *       {@code ai.djl.pytorch.graph_optimizer=false} (the TorchScript optimizer re-optimises for every new batch
 *       shape: 1-3 s stalls on each partition's partial last batch). An ONNX-only JVM gets none of them.
 * </ul>
 *
 * <p>See ../shared/FACTS.md "DJL offline and speed". Nothing else JVM-wide is set ({@code jna.tmpdir} is left to
 * the user).
 */
public final class DjlRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
  public static final String OFFLINE = "ai.djl.offline";
  /** DJL's environment variable for offline mode; it wins over the property. */
  public static final String OFFLINE_ENV = "DJL_OFFLINE";
  /** The PyTorch properties and the values they get when unset. */
  public static final Map<String, String> PYTORCH_DEFAULTS = pytorchDefaults();
  /** ONNX Runtime without DJL's hybrid PyTorch engine: the property, set to true when unset. */
  public static final String ONNX_NO_ALTERNATIVE = "ai.djl.onnx.disable_alternative";
  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private DjlRuntime() {}

  private static Map<String, String> pytorchDefaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ai.djl.pytorch.graph_optimizer", "false");
    m.put("ai.djl.pytorch.num_threads", "1");
    m.put("ai.djl.pytorch.num_interop_threads", "1");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The properties to set before loading a model of {@code engine}: those of this class's list that are unset.
   * Pure: {@code systemProperty} and {@code environment} look the current values up (null when unset).
   *
   * @param engine the engine about to load a model; null: only the engine-independent offline switch
   */
  public static Map<String, String> unsetDefaults(Engine engine, UnaryOperator<String> systemProperty,
      UnaryOperator<String> environment) {
    Map<String, String> set = new LinkedHashMap<>();
    if (systemProperty.apply(OFFLINE) == null && environment.apply(OFFLINE_ENV) == null) {
      set.put(OFFLINE, "true");
    }
    if (engine == Engine.ONNXRUNTIME && systemProperty.apply(ONNX_NO_ALTERNATIVE) == null) {
      set.put(ONNX_NO_ALTERNATIVE, "true");
    }
    if (engine == Engine.PYTORCH) {
      PYTORCH_DEFAULTS.forEach((key, value) -> {
        if (systemProperty.apply(key) == null) {
          set.put(key, value);
        }
      });
    }
    return set;
  }

  /**
   * Sets {@link #unsetDefaults} for {@code engine} on this JVM. Idempotent; cheap to call before every model load.
   *
   * @param engine null: only the offline switch
   */
  public static synchronized void configure(Engine engine) {
    unsetDefaults(engine, System::getProperty, System::getenv).forEach((key, value) -> {
      System.setProperty(key, value);
      if (ANNOUNCED.add(key)) {
        LOG.info("Set JVM system property {}={} (it was unset; DJL reads it only from there; set it yourself to "
            + "choose another value)", key, value);
      }
    });
  }
}
