package io.effnetspark.spark;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Setting;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.BatchMemory;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.ModelArtifact;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML {@link org.apache.spark.ml.Transformer} that classifies images with an EfficientNet through DJL: the role
 * of DJL's Spark extension ({@code ai.djl.spark}, not served by the registry here), with its vocabulary.
 *
 * <p>Params ({@link ClassifierParams}, each with its getter and setter): {@code inputCol} — either binary file
 * content (e.g. Spark's {@code binaryFile} source) or a string path/URI that executors read through Hadoop's
 * FileSystem (any scheme); {@code outputCol} — the appended struct ({@link PredictionSchema#PREDICTION}, whose
 * {@code model_id} is the sha256 of the model that made the row); {@code pathCol} — names files in error messages
 * (binary input); and one Param per job setting that {@link Settings} marks as a Param ({@code modelUrl},
 * {@code engine}, {@code batchSize}, {@code topK}, {@code device}, {@code maxPixels}, {@code maxFileBytes},
 * {@code exifOrientation}, {@code decode}, {@code decodeScaling}, {@code interpolation}, {@code resizeMode},
 * {@code multiLabelThreshold}, {@code gpuBatchSize}, {@code gpuConcurrency}, {@code cpuConcurrency}). The executors' cores come from Spark's
 * configuration ({@link ExecutorCores}); a model card's settings apply below the Params.
 *
 * <p>Every {@link #transform} runs the model and settings the Params name at that moment, also through
 * {@code transform(df, paramMap)}, {@link #copy}, a {@code PipelineModel} or a param grid: it reads the model named
 * by {@code modelUrl} anew on the driver (the instance keeps no model from an earlier call), broadcasts it with its
 * sha256, and runs {@link PartitionFunction} over each partition with {@code mapPartitions}. Executors keep loaded
 * models per (sha256, engine, device). Every input row yields exactly one output row; a binary {@code inputCol} is
 * dropped from the output, a path column is kept.
 *
 * <p>ML persistence: {@link #write()} and {@link #load(String)} (Spark's default Params persistence: the Params,
 * not the model; a loaded instance reads {@code modelUrl} when it transforms).
 *
 * <p>Errors at {@code transform}, on the driver, before any Spark job: {@code IllegalArgumentException} for a bad
 * column, Param or model file; {@code IllegalStateException} when the engine the model needs is not on the
 * classpath (e.g. a TorchScript model without DJL's PyTorch jars: the message names the Maven dependencies).
 * JVM-wide DJL properties set when unset: see {@link io.effnetspark.inference.DjlRuntime}.
 */
public class EfficientNetClassifier extends ClassifierParams implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** A model given by {@link #setModelArtifact}, used while {@code modelUrl} and {@code engine} still name it. */
  private transient ModelArtifact givenModel;
  private transient String givenFor;
  private transient EarliestTimeAccumulator firstRead;
  private SettingNames names = SettingNames.PARAMS;

  public EfficientNetClassifier() {
    this(Identifiable$.MODULE$.randomUID("effnetClassifier"));
  }

  public EfficientNetClassifier(String uid) {
    super(uid);
  }

  /** Spark's default Params reader for this class (ML persistence; {@code PipelineModel.load} finds it). */
  public static MLReader<EfficientNetClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** An instance saved with {@code write().save(path)}. */
  public static EfficientNetClassifier load(String path) {
    return read().load(path);
  }

  public EfficientNetClassifier setInputCol(String value) {
    set(inputCol(), value);
    return this;
  }

  public EfficientNetClassifier setOutputCol(String value) {
    set(outputCol(), value);
    return this;
  }

  public EfficientNetClassifier setPathCol(String value) {
    set(pathCol(), value);
    return this;
  }

  /**
   * Sets the Param of a job setting, checked as the command line checks it.
   *
   * @throws IllegalArgumentException for a bad value (naming the Param), or a setting that is no Param
   */
  public <T> EfficientNetClassifier set(Setting<T> setting, T value) {
    setSetting(setting, value);
    return this;
  }

  /** Sets the Params of every setting that {@code config} was given explicitly (the rest keep their defaults). */
  public EfficientNetClassifier setSettings(JobConfig config) {
    for (Setting<?> s : Settings.ALL) {
      if (s.from(Setting.Source.PARAM) && config.isExplicit(s)) {
        setFrom(config, s);
      }
    }
    return this;
  }

  private <T> void setFrom(JobConfig config, Setting<T> s) {
    set(s, config.get(s));
  }

  /** Sets a setting from its text as the command line writes it ({@code "gpu"}, {@code "auto"}). */
  private <T> EfficientNetClassifier setText(Setting<T> setting, String text) {
    T value;
    try {
      value = setting.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SettingNames.PARAMS.rename(setting, e.getMessage()), e);
    }
    return set(setting, value);
  }

  public EfficientNetClassifier setModelUrl(String value) {
    return set(Settings.MODEL, value);
  }

  public EfficientNetClassifier setEngine(String value) {
    return setText(Settings.ENGINE, value);
  }

  public EfficientNetClassifier setDevice(String value) {
    return setText(Settings.DEVICE, value);
  }

  public EfficientNetClassifier setBatchSize(int value) {
    return set(Settings.BATCH_SIZE, value);
  }

  public EfficientNetClassifier setTopK(int value) {
    return set(Settings.TOP_K, value);
  }

  public EfficientNetClassifier setMaxPixels(long value) {
    return set(Settings.MAX_PIXELS, value);
  }

  /** @param value bytes */
  public EfficientNetClassifier setMaxFileBytes(long value) {
    return set(Settings.MAX_FILE_BYTES, value);
  }

  public EfficientNetClassifier setExifOrientation(String value) {
    return setText(Settings.EXIF_ORIENTATION, value);
  }

  public EfficientNetClassifier setDecode(String value) {
    return setText(Settings.DECODE, value);
  }

  public EfficientNetClassifier setDecodeScaling(String value) {
    return setText(Settings.DECODE_SCALING, value);
  }

  public EfficientNetClassifier setInterpolation(String value) {
    return setText(Settings.INTERPOLATION, value);
  }

  public EfficientNetClassifier setResizeMode(String value) {
    return setText(Settings.RESIZE_MODE, value);
  }

  public EfficientNetClassifier setMultiLabelThreshold(double value) {
    return set(Settings.MULTI_LABEL_THRESHOLD, value);
  }

  /** @param value 0: {@code batchSize} */
  public EfficientNetClassifier setGpuBatchSize(int value) {
    return set(Settings.GPU_BATCH_SIZE, value);
  }

  public EfficientNetClassifier setGpuConcurrency(int value) {
    return set(Settings.GPU_CONCURRENCY, value);
  }

  /** @param value 0: auto */
  public EfficientNetClassifier setCpuConcurrency(int value) {
    return set(Settings.CPU_CONCURRENCY, value);
  }

  /**
   * Uses an already-read model (the job reads it once while validating) as long as {@code modelUrl} and
   * {@code engine} keep the values this sets; a Param changed later makes {@link #transform} read its own.
   */
  public EfficientNetClassifier setModelArtifact(ModelArtifact value) {
    set(Settings.MODEL, value.location());
    set(Settings.ENGINE, value.engine());
    givenModel = value;
    givenFor = modelKey();
    return this;
  }

  /**
   * Names settings in messages as the job's command line does ({@code --device}) instead of as Params
   * ({@code device}): for the job, which runs this Transformer for its command line. Not a Param.
   */
  public EfficientNetClassifier setMessageNames(SettingNames value) {
    names = value;
    return this;
  }

  private String modelKey() {
    return getModelUrl() + "\n" + getEngine();
  }

  /**
   * The model the Params name now: the one given by {@link #setModelArtifact} while they still name it, else read
   * from {@code modelUrl} (on every call: the file's content decides the model id).
   *
   * @throws IllegalArgumentException when {@code modelUrl} is not set or its file name implies no engine
   * @throws IllegalStateException when the engine the model needs is not on the classpath ({@link
   *     io.effnetspark.inference.EngineAvailability})
   * @throws UncheckedIOException when the model, its labels or card cannot be read
   */
  public ModelArtifact modelArtifact(SparkSession spark) {
    if (!isDefined(param(Settings.MODEL))) {
      throw new IllegalArgumentException(names.of(Settings.MODEL) + " is not set");
    }
    if (givenModel != null && modelKey().equals(givenFor)) {
      return givenModel;
    }
    return ModelSource.read(paramSettings(), names, spark.sparkContext().hadoopConfiguration());
  }

  /** The job settings these Params give, over the defaults, with {@code model}'s card below the Params. */
  JobConfig settings(ModelArtifact model) {
    return paramSettings().withModelCard(model.card().settings());
  }

  /** {@code schema} less a binary {@code inputCol}, plus {@code outputCol} ({@link PredictionSchema#output}). */
  @Override
  public StructType transformSchema(StructType schema) {
    return PredictionSchema.output(schema, getInputCol(), getOutputCol());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType input = dataset.schema();
    StructType output = transformSchema(input);
    SparkSession spark = dataset.sparkSession();
    ModelArtifact model = modelArtifact(spark);
    InferenceSettings settings = ExecutorCores.settings(settings(model), spark.sparkContext().getConf())
        .withNames(names);
    // A batch that no buffer can hold fails here, on the driver, not as an exception in every task.
    int floatsPerImage = model.card().preprocessing().floatsPerImage();
    BatchMemory.batchFloats(names.of(Settings.BATCH_SIZE), settings.batchSize(), floatsPerImage);
    BatchMemory.batchFloats(names.of(Settings.GPU_BATCH_SIZE), settings.batchSizeFor(true), floatsPerImage);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ModelArtifact> broadcastModel = jsc.broadcast(model);
    Broadcast<SerializableHadoopConf> hadoopConf =
        jsc.broadcast(new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
    String in = getInputCol();
    boolean binary = input.apply(in).dataType().equals(DataTypes.BinaryType);
    String path = getPathCol();
    int pathIndex = Arrays.asList(input.fieldNames()).contains(path) ? input.fieldIndex(path) : -1;
    firstRead = new EarliestTimeAccumulator();
    spark.sparkContext().register(firstRead, "effnet first file read (epoch ms)");
    PartitionFunction fn = new PartitionFunction(broadcastModel, hadoopConf, settings, input.fieldIndex(in), binary,
        pathIndex, firstRead);
    return dataset.toDF().mapPartitions(fn, Encoders.row(output));
  }

  /**
   * When the first task of the last {@link #transform} output read its first file (epoch ms, the earliest over
   * executors), once that output has been computed; empty before.
   */
  public OptionalLong firstFileReadMillis() {
    return firstRead == null || firstRead.isZero() ? OptionalLong.empty()
        : OptionalLong.of(firstRead.value());
  }

  /**
   * A copy with {@code extra}'s Params over these. It keeps a model given by {@link #setModelArtifact} only for as
   * long as its own Params name that model, and never one read by an earlier {@link #transform}.
   */
  @Override
  public EfficientNetClassifier copy(ParamMap extra) {
    EfficientNetClassifier copy = defaultCopy(extra);
    copy.givenModel = givenModel;
    copy.givenFor = givenFor;
    copy.names = names;
    return copy;
  }
}
