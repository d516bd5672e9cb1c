package io.effnetspark.spark;

import io.effnetspark.image.ExifOrientation;
import io.effnetspark.image.ImageDecoder;
import io.effnetspark.inference.BatchMemory;
import io.effnetspark.inference.DeviceMode;
import io.effnetspark.inference.FileBytes;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.Engine;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
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
 * ({@link PredictionSchema#PREDICTION}); {@code pathCol} — names files in error messages (binary input);
 * {@code modelUrl} — the model file, with {@code labels.txt} and {@code model-card.json} beside it;
 * {@code engine} — {@code onnxruntime}, {@code pytorch} or {@code auto} (from the file extension);
 * {@code batchSize}; {@code topK}; {@code device} — {@code auto}, {@code cpu}, {@code gpu};
 * {@code maxPixels} — decompression-bomb guard; {@code maxFileBytes} — the largest file read into memory (a larger
 * one is a TOO_LARGE row, not read); {@code exifOrientation} — {@code apply} (default) or {@code ignore};
 * {@code gpuBatchSize}, {@code gpuConcurrency}, {@code cpuConcurrency} — see
 * {@link io.effnetspark.inference.EngineGate}; the executors' cores come from Spark's configuration
 * ({@link ExecutorCores}).
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
  private final Param<String> modelUrl;
  private final Param<String> engine;
  private final IntParam batchSize;
  private final IntParam topK;
  private final Param<String> device;
  private final LongParam maxPixels;
  private final LongParam maxFileBytes;
  private final IntParam gpuBatchSize;
  private final IntParam gpuConcurrency;
  private final IntParam cpuConcurrency;
  private final Param<String> exifOrientation;

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
    modelUrl = new Param<>(this, "modelUrl", "model file (.onnx or .pt), any Hadoop scheme");
    engine = new Param<>(this, "engine", "onnxruntime, pytorch or auto (from extension)");
    batchSize = new IntParam(this, "batchSize", "images per forward pass",
        ParamValidators.gt(0));
    topK = new IntParam(this, "topK", "classes kept per image", ParamValidators.gt(0));
    device = new Param<>(this, "device", "auto, cpu or gpu");
    maxPixels = new LongParam(this, "maxPixels",
        "largest width*height an image may declare", ParamValidators.gt(0));
    maxFileBytes = new LongParam(this, "maxFileBytes",
        "largest file read into memory; a larger one becomes a TOO_LARGE row without being read",
        ParamValidators.inRange(1, FileBytes.MAX_ARRAY_BYTES));
    gpuBatchSize = new IntParam(this, "gpuBatchSize", "batch size on a GPU; 0 = batchSize",
        ParamValidators.gtEq(0));
    gpuConcurrency = new IntParam(this, "gpuConcurrency", "most concurrent forward passes per GPU per executor",
        ParamValidators.gt(0));
    cpuConcurrency = new IntParam(this, "cpuConcurrency",
        "most concurrent ONNX Runtime forward passes on the CPU per executor, sharing its cores; 0 = auto",
        ParamValidators.gtEq(0));
    exifOrientation = new Param<>(this, "exifOrientation",
        "apply or ignore the EXIF orientation tag of JPEG and TIFF images");
    setDefault(inputCol, "content");
    setDefault(outputCol, "prediction");
    setDefault(pathCol, "path");
    setDefault(engine, "auto");
    setDefault(batchSize, 32);
    setDefault(topK, 5);
    setDefault(device, "auto");
    setDefault(maxPixels, ImageDecoder.DEFAULT_MAX_PIXELS);
    setDefault(maxFileBytes, FileBytes.DEFAULT_MAX_FILE_BYTES);
    setDefault(gpuBatchSize, 0);
    setDefault(gpuConcurrency, InferenceSettings.DEFAULT_GPU_CONCURRENCY);
    setDefault(cpuConcurrency, InferenceSettings.DEFAULT_CPU_CONCURRENCY);
    setDefault(exifOrientation, ExifOrientation.APPLY.optionName());
  }

  @Override
  public String uid() {
    return uid;
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

  public Param<String> modelUrl() {
    return modelUrl;
  }

  public Param<String> engine() {
    return engine;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam topK() {
    return topK;
  }

  public Param<String> device() {
    return device;
  }

  public LongParam maxPixels() {
    return maxPixels;
  }

  public LongParam maxFileBytes() {
    return maxFileBytes;
  }

  public EfficientNetClassifier setMaxFileBytes(long value) {
    set(maxFileBytes, value);
    return this;
  }

  public IntParam gpuBatchSize() {
    return gpuBatchSize;
  }

  public IntParam gpuConcurrency() {
    return gpuConcurrency;
  }

  public EfficientNetClassifier setGpuBatchSize(int value) {
    set(gpuBatchSize, value);
    return this;
  }

  public EfficientNetClassifier setGpuConcurrency(int value) {
    set(gpuConcurrency, value);
    return this;
  }

  public IntParam cpuConcurrency() {
    return cpuConcurrency;
  }

  public EfficientNetClassifier setCpuConcurrency(int value) {
    set(cpuConcurrency, value);
    return this;
  }

  public Param<String> exifOrientation() {
    return exifOrientation;
  }

  public EfficientNetClassifier setExifOrientation(String value) {
    set(exifOrientation, ExifOrientation.parse(value).optionName());
    return this;
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

  public EfficientNetClassifier setModelUrl(String value) {
    set(modelUrl, value);
    artifact = null;
    return this;
  }

  public EfficientNetClassifier setEngine(String value) {
    set(engine, value);
    return this;
  }

  public EfficientNetClassifier setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  public EfficientNetClassifier setTopK(int value) {
    set(topK, value);
    return this;
  }

  public EfficientNetClassifier setDevice(String value) {
    set(device, value);
    return this;
  }

  public EfficientNetClassifier setMaxPixels(long value) {
    set(maxPixels, value);
    return this;
  }

  /**
   * Uses an already-read model instead of reading {@code modelUrl} again (the job reads it once while validating).
   */
  public EfficientNetClassifier setModelArtifact(ModelArtifact value) {
    set(modelUrl, value.location());
    set(engine, value.engine().optionName());
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
      if (!isDefined(modelUrl)) {
        throw new IllegalArgumentException("modelUrl is not set");
      }
      String e = getOrDefault(engine);
      try {
        artifact = ModelArtifact.read(getOrDefault(modelUrl), "auto".equalsIgnoreCase(e) ? null : Engine.parse(e),
            spark.sparkContext().hadoopConfiguration());
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return artifact;
  }

  InferenceSettings settings() {
    // IntParam/LongParam are Param<Object> seen from Java.
    return new InferenceSettings((Integer) getOrDefault(batchSize), (Integer) getOrDefault(topK),
        DeviceMode.parse(getOrDefault(device)), (Long) getOrDefault(maxPixels),
        ExifOrientation.parse(getOrDefault(exifOrientation)), (Integer) getOrDefault(gpuBatchSize),
        (Integer) getOrDefault(gpuConcurrency), (Integer) getOrDefault(cpuConcurrency), 0,
        (Long) getOrDefault(maxFileBytes));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getOrDefault(inputCol);
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("inputCol '" + in + "' not found in " + schema.simpleString());
    }
    DataType type = schema.apply(in).dataType();
    if (!type.equals(DataTypes.BinaryType) && !type.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("inputCol '" + in + "' must be binary (file content) or string (path), got "
          + type.simpleString());
    }
    if (java.util.Arrays.asList(schema.fieldNames()).contains(getOrDefault(outputCol))) {
      throw new IllegalArgumentException("outputCol '" + getOrDefault(outputCol) + "' already exists");
    }
    return PredictionSchema.append(schema, type.equals(DataTypes.BinaryType) ? in : null, getOrDefault(outputCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType input = dataset.schema();
    StructType output = transformSchema(input);
    SparkSession spark = dataset.sparkSession();
    InferenceSettings settings = settings().withExecutorCores(ExecutorCores.of(spark.sparkContext().getConf()));
    ModelArtifact model = modelArtifact(spark);
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
    int pathIndex = java.util.Arrays.asList(input.fieldNames()).contains(path) ? input.fieldIndex(path) : -1;
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
  public java.util.OptionalLong firstFileReadMillis() {
    return firstRead == null || firstRead.isZero() ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(firstRead.value());
  }

  @Override
  public EfficientNetClassifier copy(ParamMap extra) {
    EfficientNetClassifier copy = defaultCopy(extra);
    copy.artifact = artifact;
    return copy;
  }
}
