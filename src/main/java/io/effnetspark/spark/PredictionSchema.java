package io.effnetspark.spark;

import io.effnetspark.inference.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The prediction struct the {@link EfficientNetClassifier} appends, and its conversion from {@link Prediction}. */
public final class PredictionSchema {
  /** One top-k entry: class name, logit index, softmax probability. */
  public static final StructType TOP_K_ENTRY = new StructType()
      .add("label", DataTypes.StringType, false)
      .add("index", DataTypes.IntegerType, false)
      .add("probability", DataTypes.FloatType, false);

  /** The multi-label field: every class at or above {@code --multi-label-threshold}. */
  public static final String ABOVE_THRESHOLD = "above_threshold";

  /** The field naming the model that made the row: the model file's sha256, lower-case hex. */
  public static final String MODEL_ID = "model_id";

  /** Fields of the prediction; the job flattens them into top-level output columns. */
  public static final StructType PREDICTION = new StructType()
      .add("label", DataTypes.StringType, true)
      .add("label_index", DataTypes.IntegerType, true)
      .add("probability", DataTypes.FloatType, true)
      .add("top_k", DataTypes.createArrayType(TOP_K_ENTRY, false), true)
      .add("width", DataTypes.IntegerType, true)
      .add("height", DataTypes.IntegerType, true)
      .add("error_class", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true)
      // Last, so that readers of the earlier fields by position are not disturbed; null unless the model is
      // multi-label (output.kind sigmoid_logits).
      .add(ABOVE_THRESHOLD, DataTypes.createArrayType(TOP_K_ENTRY, false), true)
      // Every row, error rows too: which model the Params named when the row was made (ParamMaps, copies,
      // pipelines and param grids can run several models over one input).
      .add(MODEL_ID, DataTypes.StringType, false);

  private PredictionSchema() {}

  /**
   * The Transformer's output schema: {@code input} less {@code inputCol} when it is binary content, plus
   * {@code outputCol} of type {@link #PREDICTION}.
   *
   * @throws IllegalArgumentException when {@code inputCol} is missing or neither binary nor string, or
   *     {@code outputCol} exists
   */
  public static StructType output(StructType input, String inputCol, String outputCol) {
    List<String> names = java.util.Arrays.asList(input.fieldNames());
    if (!names.contains(inputCol)) {
      throw new IllegalArgumentException("inputCol '" + inputCol + "' not found in " + input.simpleString());
    }
    DataType type = input.apply(inputCol).dataType();
    if (!type.equals(DataTypes.BinaryType) && !type.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("inputCol '" + inputCol + "' must be binary (file content) or string "
          + "(path), got " + type.simpleString());
    }
    if (names.contains(outputCol)) {
      throw new IllegalArgumentException("outputCol '" + outputCol + "' already exists");
    }
    return append(input, type.equals(DataTypes.BinaryType) ? inputCol : null, outputCol);
  }

  /** Input schema without {@code dropColumn} (may be null), plus {@code outputCol} of type {@link #PREDICTION}. */
  public static StructType append(StructType input, String dropColumn, String outputCol) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : input.fields()) {
      if (!f.name().equals(dropColumn)) {
        fields.add(f);
      }
    }
    fields.add(DataTypes.createStructField(outputCol, PREDICTION, false));
    return DataTypes.createStructType(fields);
  }

  /** The struct of {@code p}, made by the model whose sha256 is {@code modelId}. */
  static Row toRow(Prediction p, String modelId) {
    if (p.isError()) {
      return RowFactory.create(null, null, null, null, dim(p.width()), dim(p.height()), p.errorClass().name(),
          p.error(), null, modelId);
    }
    return RowFactory.create(p.label(), p.labelIndex(), p.probability(), entries(p.topK()), p.width(), p.height(),
        null, null, p.aboveThreshold() == null ? null : entries(p.aboveThreshold()), modelId);
  }

  /** A Java array, not a List: Spark's Row encoder accepts arrays and Scala Seqs for ArrayType. */
  private static Row[] entries(List<Prediction.Scored> scored) {
    Row[] rows = new Row[scored.size()];
    for (int i = 0; i < rows.length; i++) {
      Prediction.Scored s = scored.get(i);
      rows[i] = RowFactory.create(s.label(), s.index(), s.probability());
    }
    return rows;
  }

  private static Integer dim(int v) {
    return v < 0 ? null : v;
  }
}
