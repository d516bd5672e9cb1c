package io.effnetspark.spark;

import io.effnetspark.inference.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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

  /** Fields of the prediction; the job flattens them into top-level output columns. */
  public static final StructType PREDICTION = new StructType()
      .add("label", DataTypes.StringType, true)
      .add("label_index", DataTypes.IntegerType, true)
      .add("probability", DataTypes.FloatType, true)
      .add("top_k", DataTypes.createArrayType(TOP_K_ENTRY, false), true)
      .add("width", DataTypes.IntegerType, true)
      .add("height", DataTypes.IntegerType, true)
      .add("error_class", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true);

  private PredictionSchema() {}

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

  static Row toRow(Prediction p) {
    if (p.isError()) {
      return RowFactory.create(null, null, null, null, dim(p.width()), dim(p.height()), p.errorClass().name(),
          p.error());
    }
    // A Java array, not a List: Spark's Row encoder accepts arrays and Scala Seqs for ArrayType.
    Row[] top = new Row[p.topK().size()];
    for (int i = 0; i < top.length; i++) {
      Prediction.Scored s = p.topK().get(i);
      top[i] = RowFactory.create(s.label(), s.index(), s.probability());
    }
    return RowFactory.create(p.label(), p.labelIndex(), p.probability(), top, p.width(), p.height(), null, null);
  }

  private static Integer dim(int v) {
    return v < 0 ? null : v;
  }
}
