package io.effnetspark.job;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * {@code --input-list FILE}: the paths a list file names, in its order, read on the driver without Spark (the
 * driver's checks run before Spark starts). The format follows the file's name:
 * <ul>
 *   <li>{@code .parquet}, or a folder (Spark's output: its {@code part-*.parquet} files, {@code _}/{@code .} names
 *       ignored): the string column {@code path}, read with parquet-hadoop; null values ignored;</li>
 *   <li>{@code .csv}: RFC 4180 with a header row holding a {@code path} column (Spark's own CSV parser,
 *       univocity); empty values ignored;</li>
 *   <li>anything else: UTF-8 text, one path or URI per line; surrounding white space trimmed, blank lines and lines
 *       starting with {@code #} ignored.</li>
 * </ul>
 * A relative path is resolved against the list file's folder ({@link #resolve}). The list is read through Hadoop's
 * FileSystem: any scheme.
 */
public final class InputList {
  /** The column of a Parquet or CSV list that holds the paths. */
  public static final String PATH_COLUMN = "path";

  private InputList() {}

  /**
   * The non-empty entries of {@code listFile}, as written, in order.
   *
   * @throws FileNotFoundException when the list file does not exist
   * @throws IllegalArgumentException when a Parquet or CSV list has no {@code path} column, or it is not a string
   * @throws IOException when the file system or the Parquet reader fails
   */
  public static List<String> read(String listFile, Configuration conf) throws IOException {
    Path path = new Path(listFile);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new FileNotFoundException("input list not found: " + listFile);
    }
    String name = path.getName().toLowerCase(Locale.ROOT);
    if (fs.getFileStatus(path).isDirectory() || name.endsWith(".parquet")) {
      return readParquet(fs, path, conf, listFile);
    }
    try (Reader in = new InputStreamReader(fs.open(path), StandardCharsets.UTF_8)) {
      return name.endsWith(".csv") ? readCsv(in, listFile) : readText(in);
    }
  }

  /**
   * The qualified path of one entry: as it is when absolute or a URI, else below the list file's folder. Taken
   * literally, as Hadoop's {@code Path} string form that the job's {@code path} column writes; but an entry with a
   * scheme and {@code %XX} escapes that names nothing literally, while its percent-decoded form names a file or
   * folder, is taken decoded: Spark's {@code binaryFile} source and {@code input_file_name()} write paths as
   * encoded URIs ({@code file:/photos/with%20space.jpg}). One extra metadata call for such entries only.
   */
  public static Path resolve(Path listFile, String entry, Configuration conf) throws IOException {
    Path p = new Path(entry);
    if (!p.isAbsolute() && p.toUri().getScheme() == null) {
      p = new Path(listFile.getParent(), entry);
    }
    FileSystem fs = p.getFileSystem(conf);
    Path q = fs.makeQualified(p);
    Path decoded = percentDecoded(entry);
    if (decoded != null && literal(fs, q) == null) {
      FileSystem dfs = decoded.getFileSystem(conf);
      Path d = dfs.makeQualified(decoded);
      if (literal(dfs, d) != null) {
        return d;
      }
    }
    return q;
  }

  private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  /** {@code entry} read as an encoded URI with a scheme, or null when it is none or has no escapes. */
  static Path percentDecoded(String entry) {
    if (!ESCAPE.matcher(entry).find()) {
      return null;
    }
    try {
      URI uri = new URI(entry);
      return uri.getScheme() == null || uri.getPath() == null ? null : new Path(uri);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * {@code path} taken literally (no glob): its status for {@link InputWalk#entries}, or null when nothing has that
   * name. On the local disk a broken link or a FIFO is something (the walk skips it and says why).
   */
  static FileStatus literal(FileSystem fs, Path path) throws IOException {
    Path q = fs.makeQualified(path);
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path p = java.nio.file.Path.of(q.toUri());
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? new FileStatus(0, Files.isDirectory(p), 0, 0, 0, q) : null;
    }
    try {
      return fs.getFileStatus(q);
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  private static List<String> readText(Reader in) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader lines = new BufferedReader(in);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<String> readCsv(Reader in, String listFile) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.setMaxCharsPerColumn(-1);
    settings.setLineSeparatorDetectionEnabled(true);
    CsvParser parser = new CsvParser(settings);
    parser.beginParsing(in);
    String[] headers = parser.getContext().headers();
    int column = headers == null ? -1 : Arrays.asList(headers).indexOf(PATH_COLUMN);
    if (column < 0) {
      parser.stopParsing();
      throw new IllegalArgumentException("--input-list " + listFile + ": its header has no '" + PATH_COLUMN
          + "' column (columns: " + (headers == null ? "none" : String.join(", ", headers)) + ")");
    }
    List<String> out = new ArrayList<>();
    for (String[] row = parser.parseNext(); row != null; row = parser.parseNext()) {
      if (column < row.length && row[column] != null && !row[column].isBlank()) {
        out.add(row[column].strip());
      }
    }
    return out;
  }

  private static List<String> readParquet(FileSystem fs, Path path, Configuration conf, String listFile)
      throws IOException {
    List<Path> files = new ArrayList<>();
    if (fs.getFileStatus(path).isDirectory()) {
      for (FileStatus f : fs.listStatus(path)) {
        String n = f.getPath().getName();
        if (f.isFile() && !n.startsWith("_") && !n.startsWith(".") && f.getLen() > 0) {
          files.add(f.getPath());
        }
      }
      files.sort(null);
    } else {
      files.add(path);
    }
    List<String> out = new ArrayList<>();
    for (Path file : files) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
        int column = -1;
        for (Group g = reader.read(); g != null; g = reader.read()) {
          if (column < 0) {
            column = pathColumn(g.getType(), listFile);
          }
          if (g.getFieldRepetitionCount(column) > 0) {
            String s = g.getString(column, 0);
            if (!s.isBlank()) {
              out.add(s.strip());
            }
          }
        }
      }
    }
    return out;
  }

  private static int pathColumn(GroupType schema, String listFile) {
    if (!schema.containsField(PATH_COLUMN)) {
      throw new IllegalArgumentException("--input-list " + listFile + ": no '" + PATH_COLUMN + "' column (columns: "
          + String.join(", ", schema.getFields().stream().map(Type::getName).toList()) + ")");
    }
    Type t = schema.getType(PATH_COLUMN);
    if (!t.isPrimitive() || t.asPrimitiveType().getPrimitiveTypeName()
        != org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY) {
      throw new IllegalArgumentException("--input-list " + listFile + ": its '" + PATH_COLUMN
          + "' column is not a string column (" + t + ")");
    }
    return schema.getFieldIndex(PATH_COLUMN);
  }
}
