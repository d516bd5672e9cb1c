package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.effnetspark.config.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which JVM-wide properties the library sets: only unset ones, and PyTorch's only for PyTorch models. */
class DjlRuntimeTest {
  private static final Map<String, String> NONE = Map.of();

  @Test
  void anOnnxModelGetsOfflineAndNoHybridEngineWhenUnset() {
    assertEquals(Map.of(DjlRuntime.OFFLINE, "true", DjlRuntime.ONNX_NO_ALTERNATIVE, "true"),
        DjlRuntime.unsetDefaults(Engine.ONNXRUNTIME, NONE::get, NONE::get));
    assertEquals(Map.of(DjlRuntime.OFFLINE, "true"), DjlRuntime.unsetDefaults(null, NONE::get, NONE::get));
  }

  @Test
  void aPytorchModelAlsoGetsOneThreadAndNoGraphOptimizerWhenUnset() {
    Map<String, String> set = DjlRuntime.unsetDefaults(Engine.PYTORCH, NONE::get, NONE::get);
    assertEquals(Map.of(DjlRuntime.OFFLINE, "true", "ai.djl.pytorch.num_threads", "1",
        "ai.djl.pytorch.num_interop_threads", "1", "ai.djl.pytorch.graph_optimizer", "false"), set);
  }

  @Test
  void aValueTheUserSetIsNeverChanged() {
    Map<String, String> user = Map.of(DjlRuntime.OFFLINE, "false", "ai.djl.pytorch.num_threads", "4");
    assertEquals(Map.of("ai.djl.pytorch.num_interop_threads", "1", "ai.djl.pytorch.graph_optimizer", "false"),
        DjlRuntime.unsetDefaults(Engine.PYTORCH, user::get, NONE::get));
    Map<String, String> env = Map.of(DjlRuntime.OFFLINE_ENV, "false");
    Map<String, String> hybrid = Map.of(DjlRuntime.ONNX_NO_ALTERNATIVE, "false");
    assertEquals(NONE, DjlRuntime.unsetDefaults(Engine.ONNXRUNTIME, hybrid::get, env::get),
        "DJL_OFFLINE in the environment decides, as DJL reads it first");
  }
}
