package io.effnetspark.job;

import java.util.Iterator;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Spreads the images over exactly {@code n} partitions in turn, so that every task gets ⌊rows/n⌋ or ⌈rows/n⌉ of
 * them. {@code Dataset.repartition(n)} starts each input partition's round robin at a pseudo-random position: 4
 * images in 4 partitions could leave two tasks empty and two with two images each, doubling a small run's wall time.
 *
 * <p>A row's turn is its position in the input, counted as {@code parallelize} slices a list (input partition
 * {@code i} of {@code k} starts at {@code i * rows / k}): exact for a listing, which is parallelized that way; for a
 * listing filtered by {@code --incremental}, uneven by at most the number of input partitions.
 */
public final class EvenSpread {
  private EvenSpread() {}

  /**
   * @param rows the images (any schema; the result has the same)
   * @param count the number of {@code rows} (known from the listing)
   * @param n the partitions wanted, at least 1
   */
  public static Dataset<Row> spread(Dataset<Row> rows, long count, int n) {
    JavaRDD<Row> in = rows.javaRDD();
    int k = in.getNumPartitions();
    JavaRDD<Tuple2<Long, Row>> numbered = in.mapPartitionsWithIndex((i, it) -> numbered(i * count / k, it), true);
    JavaRDD<Row> spread = JavaPairRDD.fromJavaRDD(numbered).partitionBy(new Turns(n)).values();
    return rows.sparkSession().createDataFrame(spread, rows.schema());
  }

  private static Iterator<Tuple2<Long, Row>> numbered(long first, Iterator<Row> rows) {
    return new Iterator<>() {
      private long turn = first;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Tuple2<Long, Row> next() {
        return new Tuple2<>(turn++, rows.next());
      }
    };
  }

  /** Turn {@code t} goes to partition {@code t mod n}. */
  static final class Turns extends Partitioner {
    private final int n;

    Turns(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("partitions must be at least 1: " + n);
      }
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (int) Math.floorMod((Long) key, (long) n);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Turns t && t.n == n;
    }

    @Override
    public int hashCode() {
      return n;
    }
  }
}
