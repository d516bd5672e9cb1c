package io.effnetspark.spark;

import ai.djl.Device;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.DeviceSelector;
import io.effnetspark.inference.DjlRuntime;
import io.effnetspark.inference.ImageSource;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.inference.PartitionInference;
import io.effnetspark.model.HadoopFiles;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Spark side of {@link PartitionInference}: takes the broadcast model, the task's cores and GPU assignment
 * from {@link TaskContext}, and turns each input {@link Row} into the same row plus the prediction struct.
 */
final class PartitionFunction implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionFunction.class);
  /** Broadcast ids whose model this JVM has already announced in its log (once per executor, not per task). */
  private static final Set<Long> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private final Broadcast<ModelArtifact> model;
  private final Broadcast<SerializableHadoopConf> hadoopConf;
  private final InferenceSettings settings;
  private final int inputIndex;
  private final boolean binary;
  private final int pathIndex;
  private final EarliestTimeAccumulator firstRead;

  /** @param firstRead gets each task's first file-read time (epoch ms): where the job's timed span starts */
  PartitionFunction(Broadcast<ModelArtifact> model, Broadcast<SerializableHadoopConf> hadoopConf,
      InferenceSettings settings, int inputIndex, boolean binary, int pathIndex, EarliestTimeAccumulator firstRead) {
    this.model = model;
    this.hadoopConf = hadoopConf;
    this.settings = settings;
    this.inputIndex = inputIndex;
    this.binary = binary;
    this.pathIndex = pathIndex;
    this.firstRead = firstRead;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ModelArtifact artifact = model.value();
    DjlRuntime.configure(artifact.engine());
    TaskContext task = TaskContext.get();
    if (ANNOUNCED.add(model.id())) {
      LOG.info("Model {} ({} bytes, sha256 {}) received as broadcast {}", artifact.fileName(),
          artifact.bytes().length, artifact.sha256().substring(0, 12), model.id());
    }
    boolean injectFault = FaultInjection.failsThisAttempt(task);
    long delayMs = FaultInjection.partitionDelayMs();
    int cores = task != null ? Math.max(1, task.cpus()) : 1;
    List<String> gpus = task != null ? gpuAddresses(task) : List.of();
    Supplier<Device> device = () -> DeviceSelector.select(settings.device(),
        settings.device() == DeviceMode.CPU ? 0 : DeviceSelector.visibleGpus(artifact.engine().djlName(),
            settings.device(), settings.names()), gpus, settings.names());
    PartitionInference.Results<Row> results =
        new PartitionInference(artifact, settings, device, cores).run(rows, source());
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> results.close());
    }
    String modelId = artifact.sha256();
    return new Iterator<>() {
      private long emitted;
      private boolean done;
      private boolean delayed;

      @Override
      public boolean hasNext() {
        if (injectFault && emitted == 1) {
          throw FaultInjection.failure(task);
        }
        if (delayMs > 0 && emitted == 1 && !delayed) {
          delayed = true;
          FaultInjection.delay(delayMs);
        }
        boolean more = results.hasNext();
        if (!more && !done && task != null) {
          done = true;
          LOG.info("Partition {} (task attempt {}): {} rows", task.partitionId(), task.attemptNumber(), emitted);
        }
        return more;
      }

      @Override
      public Row next() {
        PartitionInference.Classified<Row> c = results.next();
        emitted++;
        Row in = c.input();
        int width = in.length() - (binary ? 1 : 0) + 1;
        Object[] values = new Object[width];
        int j = 0;
        for (int i = 0; i < in.length(); i++) {
          if (!(binary && i == inputIndex)) {
            values[j++] = in.get(i);
          }
        }
        values[j] = PredictionSchema.toRow(c.prediction(), modelId);
        return RowFactory.create(values);
      }
    };
  }

  private static List<String> gpuAddresses(TaskContext task) {
    Map<String, ResourceInformation> resources = task.resourcesJMap();
    ResourceInformation gpu = resources == null ? null : resources.get("gpu");
    return gpu == null ? List.of() : List.of(gpu.addresses());
  }

  private ImageSource<Row> source() {
    int input = inputIndex;
    int pathAt = pathIndex;
    boolean isBinary = binary;
    Broadcast<SerializableHadoopConf> conf = hadoopConf;
    EarliestTimeAccumulator readClock = firstRead;
    String limitName = settings.names().of(Settings.MAX_FILE_BYTES);
    return new ImageSource<>() {
      private boolean readYet;

      @Override
      public String path(Row row) {
        if (!isBinary) {
          return row.getString(input);
        }
        return pathAt >= 0 ? String.valueOf(row.get(pathAt)) : "(binary input)";
      }

      @Override
      public byte[] read(Row row) throws IOException {
        return read(row, HadoopFiles.MAX_ARRAY_BYTES);
      }

      @Override
      public byte[] read(Row row, long maxBytes) throws IOException {
        if (!readYet && readClock != null) {
          readYet = true;
          readClock.add(System.currentTimeMillis());
        }
        if (isBinary) {
          byte[] content = (byte[]) row.get(input);
          HadoopFiles.checkSize(content == null ? 0 : content.length, maxBytes, limitName);
          return content;
        }
        return readFile(row.getString(input), conf.value(), maxBytes, limitName);
      }
    };
  }

  /**
   * The file's bytes, at most {@code maxBytes} ({@link HadoopFiles}): a larger file is refused from its size before
   * it is opened, and the read stops at the limit if it grew. Only a file is opened (a FIFO would block the task);
   * the error becomes the row's READ_FAILED or TOO_LARGE.
   *
   * @param limit the size limit's name in messages: {@code --max-file-bytes} or {@code maxFileBytes}
   */
  static byte[] readFile(String location, SerializableHadoopConf conf, long maxBytes, String limit)
      throws IOException {
    Path path = new Path(location);
    if ("file".equals(path.toUri().getScheme())) {
      return readLocalFile(path, maxBytes, limit);
    }
    FileSystem fs = path.getFileSystem(conf.get());
    FileStatus status = fs.getFileStatus(path);
    if (!status.isFile()) {
      throw new IOException(location + " is not a file: not read");
    }
    try (InputStream in = fs.open(path)) {
      return HadoopFiles.read(in, status.getLen(), maxBytes, limit);
    }
  }

  /**
   * {@code file:} URIs are read with java.nio, not through Hadoop's LocalFileSystem: the same bytes, without its
   * per-file cost (Path parsing, FileSystem cache and Configuration locks that concurrent tasks contend for, a
   * checksum-file lookup, statistics): 1.4 ms against 0.14 ms per small file on a loaded 2-core machine, more than
   * decoding and classifying a 28×28 PNG. And java.nio tells a FIFO from a file before opening it (Hadoop's calls it
   * a file), and opens names with {@code :} (Hadoop's checksummed one cannot). Errors keep Hadoop's wording.
   */
  private static byte[] readLocalFile(Path path, long maxBytes, String limit) throws IOException {
    return HadoopFiles.readLocal(java.nio.file.Paths.get(path.toUri()), maxBytes, limit);
  }
}
