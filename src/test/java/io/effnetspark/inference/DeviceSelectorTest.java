package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which device each task gets, from the GPUs the engine sees and Spark's per-task GPU assignment. */
class DeviceSelectorTest {

  @Test
  void cpuModeUsesTheCpuEvenWhenGpusAreAssigned() {
    assertEquals(Device.cpu(), DeviceSelector.select(DeviceMode.CPU, 4, List.of("2")));
  }

  @Test
  void autoWithoutGpusFallsBackToTheCpu() {
    assertEquals(Device.cpu(), DeviceSelector.select(DeviceMode.AUTO, 0, List.of()));
  }

  @Test
  void gpuModeWithoutGpusFailsWithAReason() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DeviceSelector.select(DeviceMode.GPU, 0, List.of()));
    assertTrue(e.getMessage().contains("sees no GPU"), e.getMessage());
  }

  @Test
  void eachTaskRunsOnTheGpuSparkAssignedIt() {
    // four tasks on a 4-GPU executor, spark.task.resource.gpu.amount=1
    for (int gpu = 0; gpu < 4; gpu++) {
      assertEquals(Device.gpu(gpu), DeviceSelector.select(DeviceMode.AUTO, 4, List.of(Integer.toString(gpu))));
      assertEquals(Device.gpu(gpu), DeviceSelector.select(DeviceMode.GPU, 4, List.of(Integer.toString(gpu))));
    }
  }

  @Test
  void tasksSharingAFractionalGpuGetTheSameDevice() {
    // spark.task.resource.gpu.amount=0.5: Spark hands address "1" to two concurrent tasks
    Device first = DeviceSelector.select(DeviceMode.GPU, 2, List.of("1"));
    Device second = DeviceSelector.select(DeviceMode.GPU, 2, List.of("1"));
    assertEquals(Device.gpu(1), first);
    assertEquals(Device.gpu(1), second);
  }

  @Test
  void aTaskHoldingSeveralGpusRunsOnItsFirst() {
    assertEquals(Device.gpu(2), DeviceSelector.select(DeviceMode.GPU, 4, List.of("2", "3")));
  }

  @Test
  void withoutSparkGpuSchedulingTheFirstGpuIsUsed() {
    assertEquals(Device.gpu(0), DeviceSelector.select(DeviceMode.AUTO, 2, List.of()));
  }

  @Test
  void anAssignedAddressTheEngineCannotSeeFailsWithAReason() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DeviceSelector.select(DeviceMode.GPU, 2, List.of("5")));
    assertTrue(e.getMessage().contains("GPU 5") && e.getMessage().contains("only 2"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> DeviceSelector.select(DeviceMode.GPU, 2, List.of("GPU-abc")));
    assertTrue(e.getMessage().contains("GPU-abc"), e.getMessage());
  }

  @Test
  void gpuBatchSizeAppliesOnlyOnGpus() {
    InferenceSettings s = InferenceSettings.defaults().with(Settings.GPU_BATCH_SIZE, 128);
    assertEquals(128, s.batchSizeFor(true));
    assertEquals(32, s.batchSizeFor(false));
    assertEquals(32, InferenceSettings.defaults().batchSizeFor(true));
  }

  @Test
  void aLinuxHostWithoutAGpuDriverIsNotProbed() {
    assertFalse(DeviceSelector.gpuDriverPresent("Linux", p -> false));
    for (String driverFile : List.of("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/dxg")) {
      assertTrue(DeviceSelector.gpuDriverPresent("Linux", driverFile::equals), driverFile);
    }
    assertTrue(DeviceSelector.gpuDriverPresent("Windows 11", p -> false), "elsewhere the engine is asked");
  }

  @Test
  void theMessagesNameTheDeviceSettingAsTheCallerDoes() {
    IllegalStateException param = assertThrows(IllegalStateException.class,
        () -> DeviceSelector.select(DeviceMode.GPU, 0, List.of(), SettingNames.PARAMS));
    assertTrue(param.getMessage().startsWith("device gpu, but"), param.getMessage());
    IllegalStateException option = assertThrows(IllegalStateException.class,
        () -> DeviceSelector.select(DeviceMode.GPU, 0, List.of(), SettingNames.OPTIONS));
    assertTrue(option.getMessage().startsWith("--device gpu, but"), option.getMessage());
  }
}
