package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Setting;
import io.effnetspark.config.Settings;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

/** Spark ML conventions of the Params: every Param has a getter and a setter in Spark's style, and they agree. */
class ClassifierParamsTest {
  /** A valid value other than the default, for each Param, as its setter takes it. */
  private static final Map<String, Object> OTHER = Map.ofEntries(
      Map.entry("inputCol", "image"), Map.entry("outputCol", "pred"), Map.entry("pathCol", "file"),
      Map.entry("modelUrl", "/m/model.onnx"), Map.entry("engine", "pytorch"), Map.entry("device", "gpu"),
      Map.entry("batchSize", 7), Map.entry("topK", 3), Map.entry("maxPixels", 1234L),
      Map.entry("maxFileBytes", 4096L), Map.entry("exifOrientation", "ignore"), Map.entry("decode", "pil"),
      Map.entry("decodeScaling", "auto"), Map.entry("interpolation", "pil_lanczos"), Map.entry("resizeMode", "exact"),
      Map.entry("multiLabelThreshold", 0.25), Map.entry("gpuBatchSize", 16), Map.entry("gpuConcurrency", 3),
      Map.entry("cpuConcurrency", 2));

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static Method method(String name, Class<?>... types) {
    for (Method m : EfficientNetClassifier.class.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == types.length) {
        return m;
      }
    }
    throw new AssertionError("EfficientNetClassifier has no public " + name + "()");
  }

  @Test
  void everyParamHasAGetterAndASetterThatAgree() throws Exception {
    EfficientNetClassifier c = new EfficientNetClassifier();
    Set<String> seen = new HashSet<>();
    for (Param<?> p : c.params()) {
      seen.add(p.name());
      assertEquals(p, method(p.name()).invoke(c), p.name() + "() is the Param");
      Method getter = method("get" + capitalized(p.name()));
      Method setter = method("set" + capitalized(p.name()), Object.class);
      assertEquals(EfficientNetClassifier.class, setter.getReturnType(), setter.getName() + " chains");
      Object value = OTHER.get(p.name());
      assertTrue(value != null, "a test value for Param " + p.name());
      if (c.hasDefault(p)) {
        assertEquals(c.getOrDefault(p), getter.invoke(c), p.name() + ": the getter gives the default");
        assertNotEquals(c.getOrDefault(p), value, p.name() + ": the test value is not the default");
      }
      setter.invoke(c, value);
      assertTrue(c.isSet(p), p.name());
      assertEquals(value, getter.invoke(c), p.name());
      assertEquals(value, c.getOrDefault(p), p.name() + ": the getter gives the Param's value");
    }
    assertEquals(OTHER.keySet(), seen, "the Params are the columns and the registry's Param settings");
    for (Setting<?> s : Settings.ALL) {
      assertEquals(s.from(Setting.Source.PARAM), seen.contains(s.param()), s.key());
    }
    assertEquals(DeviceMode.GPU, c.get(Settings.DEVICE));
  }

  @Test
  void aModelUrlThatWasNeverSetHasNoValueAndSpeaksOfTheParam() {
    EfficientNetClassifier c = new EfficientNetClassifier();
    assertThrows(java.util.NoSuchElementException.class, c::getModelUrl);
    assertEquals("auto", c.getEngine());
    assertEquals(null, c.get(Settings.ENGINE));
  }

  @Test
  void badValuesAreRefusedNamingTheParamNotTheOption() throws Exception {
    EfficientNetClassifier c = new EfficientNetClassifier();
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> c.setBatchSize(0));
    assertTrue(batch.getMessage().startsWith("batchSize must be > 0"), batch.getMessage());
    IllegalArgumentException device = assertThrows(IllegalArgumentException.class, () -> c.setDevice("tpu"));
    assertTrue(device.getMessage().contains("tpu") && !device.getMessage().contains("--"), device.getMessage());
    // Spark's own set(param, value) skips the setters' check: reading the settings still refuses it.
    @SuppressWarnings("unchecked")
    Param<Object> topK = (Param<Object>) c.param(Settings.TOP_K);
    EfficientNetClassifier unchecked = c.copy(new ParamMap().put(topK, 0));
    IllegalArgumentException read = assertThrows(IllegalArgumentException.class,
        () -> unchecked.get(Settings.TOP_K));
    assertTrue(read.getMessage().startsWith("topK must be > 0"), read.getMessage());
  }
}
