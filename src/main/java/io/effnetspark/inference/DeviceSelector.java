package io.effnetspark.inference;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import ai.onnxruntime.OrtProvider;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Engine;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
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

  /** GPUs the named DJL engine sees; messages name {@code --device}. */
  public static int visibleGpus(String djlEngine, DeviceMode mode) {
    return visibleGpus(djlEngine, mode, SettingNames.OPTIONS);
  }

  /**
   * GPUs the named DJL engine sees, asked once per JVM. On a host without an NVIDIA driver (Linux: no
   * {@code /proc/driver/nvidia}, {@code /dev/nvidiactl} or WSL's {@code /dev/dxg}) the answer is 0 without asking
   * DJL, whose CUDA probe loads the CUDA runtime through JNA and logs warnings on a CPU host; ONNX Runtime is asked
   * only when its build has the CUDA execution provider. With {@code auto} and no GPU, one INFO line says that the
   * executor runs on the CPU: that is the expected case on a CPU host, not a problem.
   *
   * @param names how the line names the device setting ({@code --device} or the Param {@code device})
   */
  public static int visibleGpus(String djlEngine, DeviceMode mode, SettingNames names) {
    return GPU_COUNTS.computeIfAbsent(djlEngine, name -> {
      int n = !gpuDriverPresent(System.getProperty("os.name", ""), p -> Files.exists(Path.of(p))) ? 0
          : builtWithCuda(name) ? ai.djl.engine.Engine.getEngine(name).getGpuCount() : 0;
      if (n == 0 && mode == DeviceMode.AUTO) {
        LOG.info("{} auto: {} sees no GPU in this JVM; inference runs on the CPU", names.of(Settings.DEVICE), name);
      }
      return n;
    });
  }

  private static boolean builtWithCuda(String djlEngine) {
    if (Engine.ONNXRUNTIME.djlName().equals(djlEngine)) {
      // (DJL's OrtEngine.hasCapability would log a WARN for a CPU build.)
      return ortHasCuda();
    }
    return ai.djl.engine.Engine.getEngine(djlEngine).hasCapability(StandardCapabilities.CUDA);
  }

  /**
   * Whether a GPU driver may be present, so that asking the engine for GPUs is worth its cost and its warnings:
   * on Linux one of the NVIDIA driver's files (or WSL's GPU device); on any other system, yes (ask the engine).
   */
  static boolean gpuDriverPresent(String osName, Predicate<String> exists) {
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return true;
    }
    return exists.test("/proc/driver/nvidia") || exists.test("/dev/nvidiactl") || exists.test("/dev/dxg");
  }

  /**
   * Gives DJL's ONNX Runtime engine its default device, the CPU, when its build has no CUDA execution provider,
   * before DJL works it out itself: DJL's way (OrtEngine.hasCapability("CUDA"), called when the engine's first
   * NDManager is made, i.e. on the first model load) tries to add the CUDA provider and logs a WARN "CUDA is not
   * supported" on every CPU host. The answer is the same; only the warning goes. DJL has no setter: the private
   * field {@code Engine.defaultDevice} is set by reflection, and left alone (DJL then warns) if it is not there.
   */
  static void presetOrtDefaultDevice() {
    if (ortHasCuda()) {
      return;
    }
    try {
      ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine(Engine.ONNXRUNTIME.djlName());
      java.lang.reflect.Field field = ai.djl.engine.Engine.class.getDeclaredField("defaultDevice");
      field.setAccessible(true);
      if (field.get(engine) == null) {
        field.set(engine, Device.cpu());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Could not preset ONNX Runtime's default device: {}", e.toString());
    }
  }

  /** Whether ONNX Runtime's build has the CUDA execution provider (DJL's own check logs a warning when not). */
  private static boolean ortHasCuda() {
    try {
      return OrtNatives.providers().contains(OrtProvider.CUDA);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * @throws IllegalStateException when {@code mode} is GPU and no GPU is visible, or an assigned address is not a
   *     GPU index the engine sees
   */
  public static Device select(DeviceMode mode, int visibleGpus, List<String> taskGpuAddresses) {
    return select(mode, visibleGpus, taskGpuAddresses, SettingNames.OPTIONS);
  }

  /**
   * As {@link #select(DeviceMode, int, List)}, the messages naming the device setting as {@code names} does.
   *
   * @throws IllegalStateException as there
   */
  public static Device select(DeviceMode mode, int visibleGpus, List<String> taskGpuAddresses, SettingNames names) {
    if (mode == DeviceMode.CPU) {
      return Device.cpu();
    }
    if (visibleGpus <= 0) {
      if (mode == DeviceMode.GPU) {
        throw new IllegalStateException(names.of(Settings.DEVICE) + " gpu, but the engine sees no GPU (is the GPU build of the engine "
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
