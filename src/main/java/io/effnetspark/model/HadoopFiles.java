package io.effnetspark.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads a whole file through Hadoop's FileSystem, with a size cap: the model's files, images, thumbnails. */
public final class HadoopFiles {
  /** The most bytes one Java array holds. */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private HadoopFiles() {}

  /**
   * The bytes of {@code path}.
   *
   * @throws IOException when the file is over {@code limit} bytes (checked from its status before reading), or
   *     cannot be read
   */
  public static byte[] readAll(FileSystem fs, Path path, long limit) throws IOException {
    long length = fs.getFileStatus(path).getLen();
    if (length > Math.min(limit, MAX_ARRAY_BYTES)) {
      throw new IOException(path + " is " + length + " bytes, over the limit of " + Math.min(limit, MAX_ARRAY_BYTES));
    }
    try (InputStream in = fs.open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(length, 32));
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
