package io.effnetspark.spark;

import org.apache.spark.util.AccumulatorV2;

/**
 * The earliest of the epoch-millisecond times that tasks add; {@link Long#MAX_VALUE} while none was added.
 * Used for "first file read" across executors: a minimum is unchanged by task retries, unlike a sum.
 * Across hosts it is only as good as their clocks' agreement (NTP: milliseconds).
 */
public final class EarliestTimeAccumulator extends AccumulatorV2<Long, Long> {
  private static final long serialVersionUID = 1L;
  private long earliest = Long.MAX_VALUE;

  @Override
  public boolean isZero() {
    return earliest == Long.MAX_VALUE;
  }

  @Override
  public EarliestTimeAccumulator copy() {
    EarliestTimeAccumulator c = new EarliestTimeAccumulator();
    c.earliest = earliest;
    return c;
  }

  @Override
  public void reset() {
    earliest = Long.MAX_VALUE;
  }

  @Override
  public void add(Long v) {
    earliest = Math.min(earliest, v);
  }

  @Override
  public void merge(AccumulatorV2<Long, Long> other) {
    earliest = Math.min(earliest, other.value());
  }

  @Override
  public Long value() {
    return earliest;
  }
}
