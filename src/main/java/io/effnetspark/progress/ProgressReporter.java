package io.effnetspark.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The driver's progress lines. A daemon thread writes a line to the sink (the job passes its SLF4J logger) whenever
 * an interval has passed since the last line: while images are classified, {@code done / total}, errors so far,
 * images/s, an ETA and the running tasks; during the other phases (listing, incremental check, summary, report),
 * which phase is running and for how long. A terminal is therefore never silent for much longer than the interval.
 *
 * <p>Counts come from a {@link ProgressListener} over the two accumulators this reporter registers; the final
 * line uses the accumulators' driver-side values, exact once the job has returned.
 */
public final class ProgressReporter implements AutoCloseable {
  private final SparkContext sc;
  private final LongAccumulator rows;
  private final LongAccumulator errors;
  private final ProgressListener listener;
  private final Consumer<String> sink;
  private final Duration interval;
  private final ScheduledExecutorService timer;
  private volatile Phase phase;
  /** Held while the classifying phase writes its last line, so that no tick of that phase follows it. */
  private final Object phaseEnd = new Object();
  /** When the last line went out (nanoTime): a tick writes a line once an interval has passed since. */
  private volatile long lastLineNanos = System.nanoTime();

  /** The phase now running; {@code total} is -1 for a phase that does not count images. */
  private record Phase(String name, long startNanos, long total, Throughput throughput) {}

  /**
   * How the classification went.
   *
   * @param rows rows written (exact: the accumulator after the job)
   * @param errors error rows among them
   * @param inferenceSeconds from the start of classification to the last task's end
   * @param commitSeconds from the last task's end until the write returned (the output commit), or NaN when the
   *     last task's end was not seen
   */
  public record Result(long rows, long errors, double inferenceSeconds, double commitSeconds) {}

  private ProgressReporter(SparkContext sc, Duration interval, Consumer<String> sink) {
    this.sc = sc;
    this.interval = interval;
    this.sink = sink;
    this.rows = sc.longAccumulator("effnet-spark rows written");
    this.errors = sc.longAccumulator("effnet-spark error rows");
    this.listener = new ProgressListener(rows, errors);
    sc.addSparkListener(listener);
    if (interval.isZero()) {
      timer = null;
    } else {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "effnet-progress");
        t.setDaemon(true);
        return t;
      });
      // Ticks five times per interval, so a line follows the previous one (any line) after about one interval.
      long millis = Math.max(100, interval.toMillis() / 5);
      timer.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Registers the accumulators and listener on {@code sc}; lines every {@code interval} (zero: none). */
  public static ProgressReporter start(SparkContext sc, Duration interval, Consumer<String> sink) {
    return new ProgressReporter(sc, interval, sink);
  }

  /** Rows emitted; pass to {@code ProgressCounter.count}. */
  public LongAccumulator rowsAccumulator() {
    return rows;
  }

  /** Error rows among them. */
  public LongAccumulator errorsAccumulator() {
    return errors;
  }

  public ProgressListener listener() {
    return listener;
  }

  /** Writes a line of the job's own (it counts as a sign of life, like a progress line). */
  public void info(String line) {
    emit(line);
  }

  private void emit(String line) {
    lastLineNanos = System.nanoTime();
    sink.accept(line);
  }

  /** A phase that does not count images, e.g. "listing s3a://bucket/images". */
  public void phase(String name) {
    phase = new Phase(name, System.nanoTime(), -1, null);
  }

  /** Classification of {@code total} images starts now. */
  public void classifying(long total) {
    phase = new Phase("classifying", System.nanoTime(), total, new Throughput());
  }

  /**
   * Ends classification once the write has returned: waits briefly for the last task-end events, writes the
   * final line and returns the counts and timings.
   */
  public Result finishClassifying() throws InterruptedException {
    long writeReturned = System.currentTimeMillis();
    double total = (System.nanoTime() - phase.startNanos()) / 1e9;
    long done = rows.value();
    long errs = errors.value();
    double commit = Double.NaN;
    if (listener.awaitMergedRows(done, 10_000)) {
      long lastTask = listener.snapshot().lastTaskFinishMillis();
      if (lastTask > 0) {
        commit = Math.max(0, (writeReturned - lastTask) / 1000.0);
      }
    }
    double inference = Double.isNaN(commit) ? total : Math.max(0, total - commit);
    synchronized (phaseEnd) {
      emit(String.format(Locale.ROOT, "classified %,d / %,d images in %s: %s images/s, %,d errors%s", done,
          phase.total(), duration(inference), rate(done, inference), errs,
          Double.isNaN(commit) ? "" : String.format(Locale.ROOT, "; output committed in %.1f s", commit)));
      phase("finishing");
    }
    return new Result(done, errs, inference, commit);
  }

  void tick() {
    Phase p = phase;
    long now = System.nanoTime();
    if (p == null || now - lastLineNanos < interval.toNanos() * 95 / 100) {
      return;
    }
    double elapsed = (now - p.startNanos()) / 1e9;
    String line;
    if (p.total() < 0) {
      line = String.format(Locale.ROOT, "%s ... (%s so far)", p.name(), duration(elapsed));
    } else {
      ProgressListener.Snapshot s = listener.snapshot();
      line = line(s.rows(), p.total(), s.errors(), elapsed, p.throughput().perSecond(now, s.rows()),
          s.runningTasks());
    }
    synchronized (phaseEnd) {
      if (phase == p) { // not a line of a phase whose last line is already out ("classified ...")
        emit(line);
      }
    }
  }

  /**
   * Images per second measured from the first tick that saw results on, so that model loading and the first
   * batches (before any count reaches the driver) do not drag the rate and the ETA down for the whole run.
   */
  private static final class Throughput {
    private long firstNanos;
    private long firstDone = -1;

    /** NaN until two ticks with results exist. */
    synchronized double perSecond(long nowNanos, long done) {
      if (done <= 0) {
        return Double.NaN;
      }
      if (firstDone < 0) {
        firstDone = done;
        firstNanos = nowNanos;
        return Double.NaN;
      }
      double seconds = (nowNanos - firstNanos) / 1e9;
      return seconds > 0 && done > firstDone ? (done - firstDone) / seconds : Double.NaN;
    }
  }

  /**
   * One progress line, e.g. {@code classifying: 1,250 / 10,000 images (12.5 %), 25.0 images/s, 3 errors,
   * ETA 5m50s, 4 tasks running}.
   *
   * @param imagesPerSecond recent throughput, NaN while it is not known yet
   */
  public static String line(long done, long total, long errors, double elapsedSeconds, double imagesPerSecond,
      int runningTasks) {
    long shown = Math.min(done, total);
    String tasks = runningTasks == 1 ? "1 task running" : runningTasks + " tasks running";
    if (shown == 0) {
      return String.format(Locale.ROOT, "classifying: 0 / %,d images, %s elapsed, %s (%s)", total,
          duration(elapsedSeconds), tasks, runningTasks == 0 ? "planning and starting the tasks"
              : "reading the input, loading the model, first batches");
    }
    String speed = Double.isNaN(imagesPerSecond) || imagesPerSecond <= 0 ? "measuring speed"
        : String.format(Locale.ROOT, "%.1f images/s, ETA %s", imagesPerSecond,
            duration((total - shown) / imagesPerSecond));
    return String.format(Locale.ROOT, "classifying: %,d / %,d images (%.1f %%), %,d error%s, %s, %s elapsed, %s",
        shown, total, 100.0 * shown / total, errors, errors == 1 ? "" : "s", speed, duration(elapsedSeconds), tasks);
  }

  private static String rate(long n, double seconds) {
    return seconds > 0 ? String.format(Locale.ROOT, "%.1f", n / seconds) : "-";
  }

  /** 0.4 s, 12 s, 3m05s, 2h07m. */
  static String duration(double seconds) {
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    sc.removeSparkListener(listener);
  }
}
