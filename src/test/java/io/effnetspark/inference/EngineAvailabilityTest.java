package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import io.effnetspark.config.Engine;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The driver's decision whether a model's engine can run here: a pure function of what the classpath holds. */
class EngineAvailabilityTest {
  private static final EngineAvailability.Classpath ALL = new EngineAvailability.Classpath(true, true, true);
  private static final EngineAvailability.Classpath NO_PYTORCH =
      new EngineAvailability.Classpath(false, false, false);

  @Test
  void aTorchScriptModelWithoutThePytorchJarsIsRefusedNamingTheThreeDependencies() {
    String m = EngineAvailability.problem(Engine.PYTORCH, NO_PYTORCH, true, false, "modelUrl /m/model.pt");
    assertTrue(m.startsWith("modelUrl /m/model.pt is a TorchScript model (engine pytorch), but DJL's PyTorch "
        + "engine is not on the classpath"), m);
    for (String dependency : new String[] {"ai.djl.pytorch:pytorch-engine:0.36.0",
        "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0", "ai.djl.pytorch:pytorch-native-cpu:2.7.1 with classifier "
        + "linux-x86_64"}) {
      assertTrue(m.contains(dependency), dependency + " in: " + m);
    }
  }

  @Test
  void nativesMissingAreRefusedOfflineOnlyAndNotWhenLibtorchIsNamed() {
    EngineAvailability.Classpath engineOnly = new EngineAvailability.Classpath(true, false, false);
    String offline = EngineAvailability.problem(Engine.PYTORCH, engineOnly, true, false, "--model m.pt");
    assertTrue(offline.contains("cannot load offline") && offline.contains("missing: ai.djl.pytorch:pytorch-jni")
        && offline.contains("pytorch-native-cpu:2.7.1 (classifier"), offline);
    assertNull(EngineAvailability.problem(Engine.PYTORCH, engineOnly, false, false, "--model m.pt"),
        "DJL may download them when the user turned offline mode off");
    String jniOnly = EngineAvailability.problem(Engine.PYTORCH, engineOnly, true, true, "--model m.pt");
    assertTrue(jniOnly.contains("missing: ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0)"), jniOnly);
  }

  @Test
  void everythingPresentIsNoProblem() {
    assertNull(EngineAvailability.problem(Engine.PYTORCH, ALL, true, false, "m"));
    assertNull(EngineAvailability.problem(Engine.ONNXRUNTIME, ALL, true, false, "m"));
  }

  @Test
  void anOnnxModelWithoutOnnxRuntimeIsRefusedToo() {
    String m = EngineAvailability.problem(Engine.ONNXRUNTIME, NO_PYTORCH, true, false, "modelUrl m.onnx");
    assertTrue(m.contains("ai.djl.onnxruntime:onnxruntime-engine:0.36.0"), m);
  }

  @Test
  void thisClasspathHoldsBothEngines() {
    assertNull(EngineAvailability.problem(Engine.PYTORCH, "m"));
    assertNull(EngineAvailability.problem(Engine.ONNXRUNTIME, "m"));
    assertEquals(ALL, EngineAvailability.Classpath.of(Engine.PYTORCH, getClass().getClassLoader()));
  }

  @Test
  void theVersionsInTheMessagesAreThePoms() throws Exception {
    String pom = Files.readString(TestPaths.ROOT.resolve("pom.xml"));
    Properties shipped = new Properties();
    try (InputStream in = EngineAvailability.class.getResourceAsStream("engine-dependencies.properties")) {
      shipped.load(in);
    }
    for (String key : new String[] {"djl.version", "pytorch.native.version"}) {
      Matcher m = Pattern.compile("<" + Pattern.quote(key) + ">([^<]+)</").matcher(pom);
      assertTrue(m.find(), key + " in pom.xml");
      assertEquals(m.group(1).trim(), shipped.getProperty(key), key);
    }
  }
}
