package io.effnetspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.effnetspark.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvenSpreadTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType().add("path", DataTypes.StringType, false);

  @ParameterizedTest(name = "{0} images from {1} slices into {2} partitions: sizes differ by at most one")
  @CsvSource({"4, 2, 4", "4, 4, 4", "10, 2, 4", "3, 3, 8", "1000, 7, 6", "5, 1, 2"})
  void everyPartitionGetsItsShareAndEveryRowOnce(int images, int slices, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      rows.add(RowFactory.create("file:/in/" + i + ".jpg"));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> in = spark.createDataFrame(jsc.parallelize(rows, slices), SCHEMA);

    Dataset<Row> out = EvenSpread.spread(in, images, n);

    List<Integer> sizes = out.javaRDD().glom().map(List::size).collect();
    assertEquals(n, sizes.size());
    List<Integer> expected = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      expected.add(images / n + (p < images % n ? 1 : 0));
    }
    assertEquals(expected, sizes, "rows per partition");
    assertEquals(rows.stream().map(r -> r.getString(0)).sorted().collect(Collectors.toList()),
        out.collectAsList().stream().map(r -> r.getString(0)).sorted().collect(Collectors.toList()));
  }
}
