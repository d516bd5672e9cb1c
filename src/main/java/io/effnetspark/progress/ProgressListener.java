package io.effnetspark.progress;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.util.LongAccumulator;
import scala.Option;
import scala.Tuple4;

/**
 * Follows two accumulators (rows emitted, error rows among them; see {@code spark.ProgressCounter}) on the driver's
 * listener bus, so progress is known while tasks still run.
 *
 * <ul>
 *   <li>Finished tasks: when a task succeeds, Spark merges its counts into the accumulator and the task-end event
 *       carries the merged total ({@link AccumulableInfo#value()}). Failed attempts are never merged (the
 *       accumulators do not count failed values) and a result partition is merged once, so retries do not
 *       double-count.</li>
 *   <li>Running tasks: executor heartbeats carry each running task's partial counts
 *       ({@link AccumulableInfo#update()}); they are dropped when the task ends, whatever its outcome.</li>
 * </ul>
 *
 * <p>Callbacks run on the listener-bus thread; {@link #snapshot()} may be called from any thread.
 */
public final class ProgressListener extends SparkListener {
  private final long rowsId;
  private final long errorsId;
  private long mergedRows;
  private long mergedErrors;
  /** Task id → partial {rows, errors} from heartbeats, for tasks that have started and not ended. */
  private final Map<Long, long[]> running = new HashMap<>();
  private long lastSuccessfulTaskFinishMillis;

  public ProgressListener(LongAccumulator rows, LongAccumulator errors) {
    this.rowsId = rows.id();
    this.errorsId = errors.id();
  }

  /**
   * What the driver knows now.
   *
   * @param rows rows emitted: merged from successful tasks plus the running tasks' last heartbeat
   * @param errors error rows, counted the same way
   * @param runningTasks tasks started and not yet ended (any job)
   * @param mergedRows rows of successful tasks only
   * @param lastTaskFinishMillis epoch millis at which the last successful task finished, 0 if none
   */
  public record Snapshot(long rows, long errors, int runningTasks, long mergedRows, long lastTaskFinishMillis) {}

  public synchronized Snapshot snapshot() {
    long rows = mergedRows;
    long errors = mergedErrors;
    for (long[] partial : running.values()) {
      rows += partial[0];
      errors += partial[1];
    }
    return new Snapshot(rows, errors, running.size(), mergedRows, lastSuccessfulTaskFinishMillis);
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart event) {
    running.put(event.taskInfo().taskId(), new long[2]);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    running.remove(event.taskInfo().taskId());
    if (!(event.reason() instanceof Success$)) {
      return;
    }
    boolean ours = false;
    for (AccumulableInfo info : each(event.taskInfo().accumulables(), AccumulableInfo.class)) {
      if (info.id() == rowsId) {
        mergedRows = Math.max(mergedRows, asLong(info.value()));
        ours = true;
      } else if (info.id() == errorsId) {
        mergedErrors = Math.max(mergedErrors, asLong(info.value()));
      }
    }
    if (ours) {
      lastSuccessfulTaskFinishMillis = Math.max(lastSuccessfulTaskFinishMillis, event.taskInfo().finishTime());
      notifyAll();
    }
  }

  @Override
  public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
    for (Tuple4<?, ?, ?, ?> task : each(event.accumUpdates(), Tuple4.class)) {
      long[] partial = running.get((Long) task._1());
      if (partial == null) {
        continue;
      }
      for (AccumulableInfo info : each((scala.collection.Iterable<?>) task._4(), AccumulableInfo.class)) {
        if (info.id() == rowsId) {
          partial[0] = asLong(info.update());
        } else if (info.id() == errorsId) {
          partial[1] = asLong(info.update());
        }
      }
    }
  }

  /**
   * Waits until successful tasks account for {@code rows} rows (task-end events arrive asynchronously, after the
   * job that ran them has returned), at most {@code timeoutMillis}.
   *
   * @return whether they do
   */
  public synchronized boolean awaitMergedRows(long rows, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (mergedRows < rows) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  private static long asLong(Option<Object> value) {
    if (value.isEmpty()) {
      return 0;
    }
    Object v = value.get();
    return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
  }

  /**
   * A Scala collection as a Java Iterable, through its iterator: works on Scala 2.12 and 2.13 alike (their
   * converter classes differ, and Spark's Seq types are collection.Seq in 2.12, immutable.Seq in 2.13).
   */
  private static <T> Iterable<T> each(scala.collection.Iterable<?> seq, Class<T> type) {
    return () -> new java.util.Iterator<T>() {
      private final scala.collection.Iterator<?> it = seq.iterator();

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return type.cast(it.next());
      }
    };
  }
}
