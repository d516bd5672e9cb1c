package io.effnetspark.spark;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Setting;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The Params of {@link EfficientNetClassifier} and their getters, in Spark ML's style ({@code getBatchSize()}
 * returns the value the Param holds, set or default; {@code batchSize()} is the Param itself). The column Params
 * are declared here; one Param per setting that {@link Settings} marks as a Param is made from the registry by
 * {@link SettingParams}. Choice settings ({@code engine}, {@code device}, ...) hold their text as the command line
 * writes it ({@code "auto"}, {@code "gpu"}).
 */
public abstract class ClassifierParams extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> pathCol;
  private final SettingParams settings;

  protected ClassifierParams(String uid) {
    // Params take their parent's uid when created: assign uid first.
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol",
        "image column: binary file content, or a string path read through Hadoop FileSystem");
    outputCol = new Param<>(this, "outputCol", "prediction struct column to add");
    pathCol = new Param<>(this, "pathCol", "column naming the file, for messages");
    setDefault(inputCol, "content");
    setDefault(outputCol, "prediction");
    setDefault(pathCol, "path");
    settings = new SettingParams(this, this::setDefaultValue);
  }

  @SuppressWarnings("unchecked")
  private void setDefaultValue(Param<?> param, Object value) {
    setDefault((Param<Object>) param, value);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The column Params and one Param per setting ({@link Settings}); Spark finds Params through this list. */
  @Override
  public Param<?>[] params() {
    List<Param<?>> all = new ArrayList<>(List.of(inputCol, outputCol, pathCol));
    all.addAll(settings.all());
    return all.toArray(new Param<?>[0]);
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> pathCol() {
    return pathCol;
  }

  // The Params of the settings, typed (for ParamMaps and param grids: {@code new ParamMap().put(c.modelUrl(), url)}).

  @SuppressWarnings("unchecked")
  public Param<String> modelUrl() {
    return (Param<String>) settings.of(Settings.MODEL);
  }

  @SuppressWarnings("unchecked")
  public Param<String> engine() {
    return (Param<String>) settings.of(Settings.ENGINE);
  }

  @SuppressWarnings("unchecked")
  public Param<String> device() {
    return (Param<String>) settings.of(Settings.DEVICE);
  }

  public IntParam batchSize() {
    return (IntParam) settings.of(Settings.BATCH_SIZE);
  }

  public IntParam topK() {
    return (IntParam) settings.of(Settings.TOP_K);
  }

  public LongParam maxPixels() {
    return (LongParam) settings.of(Settings.MAX_PIXELS);
  }

  public LongParam maxFileBytes() {
    return (LongParam) settings.of(Settings.MAX_FILE_BYTES);
  }

  @SuppressWarnings("unchecked")
  public Param<String> exifOrientation() {
    return (Param<String>) settings.of(Settings.EXIF_ORIENTATION);
  }

  @SuppressWarnings("unchecked")
  public Param<String> decode() {
    return (Param<String>) settings.of(Settings.DECODE);
  }

  @SuppressWarnings("unchecked")
  public Param<String> decodeScaling() {
    return (Param<String>) settings.of(Settings.DECODE_SCALING);
  }

  @SuppressWarnings("unchecked")
  public Param<String> interpolation() {
    return (Param<String>) settings.of(Settings.INTERPOLATION);
  }

  @SuppressWarnings("unchecked")
  public Param<String> resizeMode() {
    return (Param<String>) settings.of(Settings.RESIZE_MODE);
  }

  public DoubleParam multiLabelThreshold() {
    return (DoubleParam) settings.of(Settings.MULTI_LABEL_THRESHOLD);
  }

  public IntParam gpuBatchSize() {
    return (IntParam) settings.of(Settings.GPU_BATCH_SIZE);
  }

  public IntParam gpuConcurrency() {
    return (IntParam) settings.of(Settings.GPU_CONCURRENCY);
  }

  public IntParam cpuConcurrency() {
    return (IntParam) settings.of(Settings.CPU_CONCURRENCY);
  }

  /** The Param of a job setting ({@code param(Settings.BATCH_SIZE)} is {@code batchSize}). */
  public Param<?> param(Setting<?> setting) {
    return settings.of(setting);
  }

  /** Sets a setting's Param to a value already checked by {@link SettingParams#paramValue}. */
  @SuppressWarnings("unchecked")
  protected final <T> void setSetting(Setting<T> setting, T value) {
    set((Param<Object>) settings.of(setting), settings.paramValue(setting, value, SettingNames.PARAMS));
  }

  /**
   * The typed value of a setting's Param, set or default ({@code get(Settings.DEVICE)} is a {@code DeviceMode};
   * {@code get(Settings.ENGINE)} is null for {@code auto}).
   *
   * @throws java.util.NoSuchElementException when the Param is neither set nor has a default ({@code modelUrl})
   */
  public <T> T get(Setting<T> setting) {
    return settings.value(this, setting);
  }

  /** The job settings these Params give, over the defaults; the Params that are set count as given explicitly. */
  protected JobConfig paramSettings() {
    return settings.read(this, JobConfig.defaults());
  }

  private Object value(Setting<?> setting) {
    return getOrDefault(settings.of(setting));
  }

  public String getInputCol() {
    return getOrDefault(inputCol);
  }

  public String getOutputCol() {
    return getOrDefault(outputCol);
  }

  public String getPathCol() {
    return getOrDefault(pathCol);
  }

  /** @throws java.util.NoSuchElementException when {@code modelUrl} is not set (it has no default) */
  public String getModelUrl() {
    return (String) value(Settings.MODEL);
  }

  /** {@code auto}, {@code onnxruntime} or {@code pytorch}. */
  public String getEngine() {
    return (String) value(Settings.ENGINE);
  }

  /** {@code auto}, {@code cpu} or {@code gpu}. */
  public String getDevice() {
    return (String) value(Settings.DEVICE);
  }

  public int getBatchSize() {
    return (Integer) value(Settings.BATCH_SIZE);
  }

  public int getTopK() {
    return (Integer) value(Settings.TOP_K);
  }

  public long getMaxPixels() {
    return (Long) value(Settings.MAX_PIXELS);
  }

  /** Bytes. */
  public long getMaxFileBytes() {
    return (Long) value(Settings.MAX_FILE_BYTES);
  }

  public String getExifOrientation() {
    return (String) value(Settings.EXIF_ORIENTATION);
  }

  public String getDecode() {
    return (String) value(Settings.DECODE);
  }

  public String getDecodeScaling() {
    return (String) value(Settings.DECODE_SCALING);
  }

  public String getInterpolation() {
    return (String) value(Settings.INTERPOLATION);
  }

  public String getResizeMode() {
    return (String) value(Settings.RESIZE_MODE);
  }

  public double getMultiLabelThreshold() {
    return (Double) value(Settings.MULTI_LABEL_THRESHOLD);
  }

  /** 0: {@code batchSize}. */
  public int getGpuBatchSize() {
    return (Integer) value(Settings.GPU_BATCH_SIZE);
  }

  public int getGpuConcurrency() {
    return (Integer) value(Settings.GPU_CONCURRENCY);
  }

  /** 0: auto. */
  public int getCpuConcurrency() {
    return (Integer) value(Settings.CPU_CONCURRENCY);
  }
}
