package io.effnetspark.spark;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Setting;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.BatchMemory;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML {@link Transformer} that classifies images with an EfficientNet through DJL: the role of DJL's Spark
 * extension ({@code ai.djl.spark}, not served by the registry here), with its vocabulary.
 *
 * <p>Params: {@code inputCol} — either binary file content (e.g. Spark's {@code binaryFile} source) or a string
 * path/URI that executors read through Hadoop's FileSystem (any scheme); {@code outputCol} — the appended struct
 * ({@link PredictionSchema#PREDICTION}); {@code pathCol} — names files in error messages (binary input); and one
 * Param per job setting that {@link Settings} marks as a Param ({@code modelUrl}, {@code engine}, {@code batchSize},
 * {@code topK}, {@code device}, {@code maxPixels}, {@code maxFileBytes}, {@code exifOrientation}, {@code decode},
 * {@code interpolation}, {@code resizeMode}, {@code multiLabelThreshold}, {@code gpuBatchSize},
 * {@code gpuConcurrency}, {@code cpuConcurrency}): set them one by one ({@link #set(Setting, Object)}, or Spark's
 * own {@code set(param, value)}) or all at once from the job's settings ({@link #setSettings}). The executors'
 * cores come from Spark's configuration ({@link ExecutorCores}); a model card's settings (its {@code settings} and
 * its {@code preprocessing.decode}, {@code interpolation}, {@code resize_mode}) apply below the Params.
 *
 * <p>{@link #transform} reads the model once on the driver, broadcasts it with its sha256, and runs
 * {@link PartitionFunction} over each partition with {@code mapPartitions}. Every input row yields exactly one
 * output row; a binary {@code inputCol} is dropped from the output, a path column is kept.
 */
public class EfficientNetClassifier extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private transient ModelArtifact artifact;
  private transient EarliestTimeAccumulator firstRead;

  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> pathCol;
  private final SettingParams settings;

  public EfficientNetClassifier() {
    this(Identifiable$.MODULE$.randomUID("effnetClassifier"));
  }

  public EfficientNetClassifier(String uid) {
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

  public EfficientNetClassifier setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public EfficientNetClassifier setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  public EfficientNetClassifier setPathCol(String value) {
    set(pathCol, value);
    return this;
  }

  /** The Param of a job setting ({@code param(Settings.BATCH_SIZE)} is {@code batchSize}). */
  public Param<?> param(Setting<?> setting) {
    return settings.of(setting);
  }

  /**
   * Sets the Param of a job setting, checked as the command line checks it.
   *
   * @throws IllegalArgumentException for a bad value, or a setting that is no Param
   */
  @SuppressWarnings("unchecked")
  public <T> EfficientNetClassifier set(Setting<T> setting, T value) {
    set((Param<Object>) settings.of(setting), settings.paramValue(setting, value));
    if (setting == Settings.MODEL || setting == Settings.ENGINE) {
      artifact = null;
    }
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

  public EfficientNetClassifier setModelUrl(String value) {
    return set(Settings.MODEL, value);
  }

  /**
   * Uses an already-read model instead of reading {@code modelUrl} again (the job reads it once while validating).
   */
  public EfficientNetClassifier setModelArtifact(ModelArtifact value) {
    set(Settings.MODEL, value.location());
    set(Settings.ENGINE, value.engine());
    artifact = value;
    return this;
  }

  /**
   * The model this transformer runs, read from {@code modelUrl} on first use.
   *
   * @throws UncheckedIOException when the model, its labels or card cannot be read
   */
  public ModelArtifact modelArtifact(SparkSession spark) {
    if (artifact == null) {
      JobConfig config = settings.read(this, JobConfig.defaults());
      if (!config.isExplicit(Settings.MODEL)) {
        throw new IllegalArgumentException("modelUrl is not set");
      }
      try {
        artifact = ModelArtifact.read(config.model(), config.engine(), spark.sparkContext().hadoopConfiguration());
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return artifact;
  }

  /** The job settings these Params give, over the defaults, with {@code model}'s card below the Params. */
  JobConfig settings(ModelArtifact model) {
    return settings.read(this, JobConfig.defaults()).withModelCard(model.card().settings());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getOrDefault(inputCol);
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("inputCol '" + in + "' not found in " + schema.simpleString());
    }
    DataType type = schema.apply(in).dataType();
    if (!type.equals(DataTypes.BinaryType) && !type.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("inputCol '" + in + "' must be binary (file content) or string (path), got "
          + type.simpleString());
    }
    if (Arrays.asList(schema.fieldNames()).contains(getOrDefault(outputCol))) {
      throw new IllegalArgumentException("outputCol '" + getOrDefault(outputCol) + "' already exists");
    }
    return PredictionSchema.append(schema, type.equals(DataTypes.BinaryType) ? in : null, getOrDefault(outputCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType input = dataset.schema();
    StructType output = transformSchema(input);
    SparkSession spark = dataset.sparkSession();
    ModelArtifact model = modelArtifact(spark);
    InferenceSettings settings = ExecutorCores.settings(settings(model), spark.sparkContext().getConf());
    if (settings.topK() > model.labels().size()) {
      throw new IllegalArgumentException("topK=" + settings.topK() + " exceeds the model's "
          + model.labels().size() + " classes");
    }
    // A batch that no buffer can hold fails here, on the driver, not as an exception in every task.
    int floatsPerImage = model.card().preprocessing().floatsPerImage();
    BatchMemory.batchFloats("batchSize", settings.batchSize(), floatsPerImage);
    BatchMemory.batchFloats("gpuBatchSize", settings.batchSizeFor(true), floatsPerImage);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ModelArtifact> broadcastModel = jsc.broadcast(model);
    Broadcast<SerializableHadoopConf> hadoopConf =
        jsc.broadcast(new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
    String in = getOrDefault(inputCol);
    boolean binary = input.apply(in).dataType().equals(DataTypes.BinaryType);
    String path = getOrDefault(pathCol);
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

  @Override
  public EfficientNetClassifier copy(ParamMap extra) {
    EfficientNetClassifier copy = defaultCopy(extra);
    copy.artifact = artifact;
    return copy;
  }
}
