package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import ai.onnxruntime.OrtProvider;
import io.effnetspark.config.DeviceMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the DJL {@link Device} for one task.
 *
 * <p>Pure logic, testable without GPUs: the caller supplies how many GPUs the engine sees and which GPU addresses
 * Spark assigned to the task ({@code TaskContext.resources().get("gpu")}, empty outside Spark or without GPU
 * scheduling). With an assignment the task runs on its first assigned GPU, so tasks on a multi-GPU node spread
 * over their GPUs instead of all landing on GPU 0.
 */
public final class DeviceSelector {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);
  private static final Map<String, Integer> GPU_COUNTS = new ConcurrentHashMap<>();

  private DeviceSelector() {}

  /**
   * GPUs the named DJL engine sees, asked once per JVM: the probe is slow and logs a CUDA warning each time.
   * With {@code auto} and no GPU, one warning says the executor falls back to the CPU. An engine built without
   * CUDA (the default jars' ONNX Runtime and libtorch) sees none, without DJL's probe: that probe needs JNA, which
   * only the GPU build carries (pom, -Pgpu), and writes {@code ~/.cache/JNA}.
   */
  public static int visibleGpus(String djlEngine, DeviceMode mode) {
    return GPU_COUNTS.computeIfAbsent(djlEngine, name -> {
      int n = builtWithCuda(name) ? ai.djl.engine.Engine.getEngine(name).getGpuCount() : 0;
      if (n == 0 && mode == DeviceMode.AUTO) {
        LOG.warn("--device auto: {} sees no GPU in this JVM; inference runs on the CPU", name);
      }
      return n;
    });
  }

  private static boolean builtWithCuda(String djlEngine) {
    if ("OnnxRuntime".equals(djlEngine)) {
      // (DJL's OrtEngine.hasCapability would log a WARN for a CPU build.)
      return OrtNatives.providers().contains(OrtProvider.CUDA);
    }
    return ai.djl.engine.Engine.getEngine(djlEngine).hasCapability(StandardCapabilities.CUDA);
  }

  /**
   * @throws IllegalStateException when {@code mode} is GPU and no GPU is visible, or an assigned address is not a
   *     GPU index the engine sees
   */
  public static Device select(DeviceMode mode, int visibleGpus, List<String> taskGpuAddresses) {
    if (mode == DeviceMode.CPU) {
      return Device.cpu();
    }
    if (visibleGpus <= 0) {
      if (mode == DeviceMode.GPU) {
        throw new IllegalStateException("--device gpu, but the engine sees no GPU (is the GPU build of the engine "
            + "on the classpath and a CUDA driver installed?)");
      }
      return Device.cpu();
    }
    if (taskGpuAddresses == null || taskGpuAddresses.isEmpty()) {
      return Device.gpu(0);
    }
    String address = taskGpuAddresses.get(0).trim();
    int index;
    try {
      index = Integer.parseInt(address);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Spark assigned GPU address '" + address + "', which is not a GPU index");
    }
    if (index < 0 || index >= visibleGpus) {
      throw new IllegalStateException("Spark assigned GPU " + index + " but the engine sees only " + visibleGpus
          + " GPU(s); check the GPU discovery script and CUDA_VISIBLE_DEVICES");
    }
    return Device.gpu(index);
  }
}
