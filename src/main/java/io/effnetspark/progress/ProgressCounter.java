package io.effnetspark.progress;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts output rows, and the error rows among them, into two accumulators as executors emit them; the rows pass
 * through unchanged. The driver's progress lines read these counts.
 *
 * <p>Each running task's partial counts reach the driver with executor heartbeats
 * ({@code spark.executor.heartbeatInterval}); a finished task's counts are merged by Spark only if the task
 * succeeded, and only once per partition of a result stage, so failed or retried attempts are not counted twice.
 */
public final class ProgressCounter implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator rows;
  private final LongAccumulator errors;
  private final int errorClassIndex;

  private ProgressCounter(LongAccumulator rows, LongAccumulator errors, int errorClassIndex) {
    this.rows = rows;
    this.errors = errors;
    this.errorClassIndex = errorClassIndex;
  }

  /**
   * @param output rows with an {@code error_class} column (null for a prediction), e.g. the job's output rows
   * @return the same rows, counted as they pass
   */
  public static Dataset<Row> count(Dataset<Row> output, LongAccumulator rows, LongAccumulator errors) {
    int errorClass = output.schema().fieldIndex("error_class");
    return output.mapPartitions(new ProgressCounter(rows, errors, errorClass), Encoders.row(output.schema()));
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        Row row = input.next();
        rows.add(1);
        if (!row.isNullAt(errorClassIndex)) {
          errors.add(1);
        }
        return row;
      }
    };
  }
}
