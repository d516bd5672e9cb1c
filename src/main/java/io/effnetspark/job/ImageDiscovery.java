package io.effnetspark.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Lists the input on the driver with Hadoop's {@link FileSystem} (any scheme; a folder is listed recursively; a path
 * that does not exist is expanded as a glob) without reading file contents, and keeps the files {@link InputFiles} accepts.
 *
 * <p>Why not Spark's {@code binaryFile} listing: its file index silently drops every name starting with {@code .}
 * or {@code _}, so hidden files could be neither counted nor included, and {@code _DSC0001.JPG} would vanish. One
 * streaming {@code listFiles(root, recursive)} per root sees every file exactly once: on S3A that is a flat,
 * paginated listing (1,000 keys per request), on HDFS one batched RPC per folder; the local file system is walked
 * with java.nio instead, each name once with what it is (see {@link InputWalk}: FIFOs, broken links and link loops
 * are skipped and counted, a literal path with glob characters is taken as it is). Only the accepted files' path,
 * length and modification time are kept on the driver (about 150 bytes each; Spark's own file index holds a
 * full FileStatus per file there too); skipped files are only counted.
 */
public final class ImageDiscovery {
  /** The extensions that get a row by default; see {@link InputFiles#IMAGE_NAME_REGEX}. */
  public static final String IMAGE_NAME_REGEX = InputFiles.IMAGE_NAME_REGEX;
  /** Columns of {@link Listing#images()}: what the {@code binaryFile} source gives, without {@code content}. */
  public static final StructType SCHEMA = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("length", DataTypes.LongType, false)
      .add("modificationTime", DataTypes.TimestampType, false);

  /** Columns of a {@link #discoverList} listing: as {@link #SCHEMA}, null size and time for a missing file. */
  public static final StructType LIST_SCHEMA = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("length", DataTypes.LongType, true)
      .add("modificationTime", DataTypes.TimestampType, true);

  private ImageDiscovery() {}

  /**
   * @param images one row per accepted file: {@code path} (qualified URI string), {@code length} (bytes),
   *     {@code modificationTime} (timestamp)
   * @param filesListed every name the listing saw, other than the folders it walked
   * @param imagesFound rows of {@code images}
   * @param skippedByReason skipped files per {@link InputFiles.Skip#key()}, every reason present (0 when none)
   */
  public record Listing(Dataset<Row> images, long filesListed, long imagesFound, Map<String, Long> skippedByReason) {
    public long skipped() {
      return filesListed - imagesFound;
    }
  }

  /** Lists visible files with an image extension (the default). */
  public static Listing discover(SparkSession spark, String input) throws IOException {
    return discover(spark, input, false);
  }

  /**
   * @param includeAll every file gets a row (see {@link InputFiles}); FIFOs, sockets, devices, broken links and
   *     folders already listed are skipped and counted in every mode ({@link InputWalk})
   * @throws FileNotFoundException when nothing matches {@code input}
   */
  public static Listing discover(SparkSession spark, String input, boolean includeAll) throws IOException {
    Path pattern = new Path(input);
    FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
    FileStatus[] roots = InputWalk.roots(fs, pattern);
    if (roots.length == 0) {
      throw new FileNotFoundException("input not found: " + input);
    }
    List<Row> rows = new ArrayList<>();
    EnumMap<InputFiles.Skip, Long> skipped = new EnumMap<>(InputFiles.Skip.class);
    long listed = 0;
    InputWalk walk = new InputWalk(fs);
    for (FileStatus root : roots) {
      RemoteIterator<InputWalk.Entry> files = walk.entries(root);
      while (files.hasNext()) {
        InputWalk.Entry f = files.next();
        listed++;
        InputFiles.Skip skip = f.skip(includeAll);
        if (skip == null) {
          rows.add(RowFactory.create(f.path(), f.length(), new Timestamp(f.modificationTime())));
        } else {
          skipped.merge(skip, 1L, Long::sum);
        }
      }
    }
    return listing(spark, rows, listed, skipped, SCHEMA);
  }

  /**
   * {@code --input-list}: the files a list names ({@link InputList}), each as a folder listing would have found it
   * (a listed folder is walked; hidden and extension rules apply to the names as listed), in the list's order. A
   * listed path that does not exist keeps its row (null size and time): reading it makes its {@code READ_FAILED}
   * error row, naming it. A path listed again is skipped as {@link InputFiles.Skip#DUPLICATE}.
   *
   * @throws FileNotFoundException when the list file does not exist
   * @throws IllegalArgumentException when a Parquet or CSV list has no {@code path} column
   */
  public static Listing discoverList(SparkSession spark, String listFile, boolean includeAll) throws IOException {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path list = new Path(listFile);
    List<Row> rows = new ArrayList<>();
    EnumMap<InputFiles.Skip, Long> skipped = new EnumMap<>(InputFiles.Skip.class);
    Set<String> seen = new HashSet<>();
    Map<java.net.URI, InputWalk> walks = new HashMap<>();
    long listed = 0;
    for (String entry : InputList.read(listFile, conf)) {
      Path p = InputList.resolve(list, entry, conf);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus status = InputList.literal(fs, p);
      if (status == null) {
        listed++;
        InputFiles.Skip skip = !seen.add(p.toString()) ? InputFiles.Skip.DUPLICATE
            : InputFiles.classify(p.getName(), includeAll);
        if (skip == null) {
          rows.add(RowFactory.create(p.toString(), null, null));
        } else {
          skipped.merge(skip, 1L, Long::sum);
        }
        continue;
      }
      RemoteIterator<InputWalk.Entry> files = walks.computeIfAbsent(fs.getUri(), u -> new InputWalk(fs))
          .entries(status);
      while (files.hasNext()) {
        InputWalk.Entry f = files.next();
        listed++;
        InputFiles.Skip skip = f.skip(includeAll);
        if (skip == null && !seen.add(f.path())) {
          skip = InputFiles.Skip.DUPLICATE;
        }
        if (skip == null) {
          rows.add(RowFactory.create(f.path(), f.length(), new Timestamp(f.modificationTime())));
        } else {
          skipped.merge(skip, 1L, Long::sum);
        }
      }
    }
    return listing(spark, rows, listed, skipped, LIST_SCHEMA);
  }

  private static Listing listing(SparkSession spark, List<Row> rows, long listed,
      EnumMap<InputFiles.Skip, Long> skipped, StructType schema) {
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (InputFiles.Skip s : InputFiles.Skip.values()) {
      byReason.put(s.key(), skipped.getOrDefault(s, 0L));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(rows.size(), jsc.defaultParallelism()));
    Dataset<Row> images = spark.createDataFrame(jsc.parallelize(rows, slices), schema);
    return new Listing(images, listed, rows.size(), byReason);
  }
}
