package io.effnetspark.inference;

import io.effnetspark.config.Settings;
import io.effnetspark.model.HadoopFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * How {@link PartitionInference} gets a name and the file bytes for one input item of type {@code T}
 * (a Spark {@code Row}, a test's byte array, …).
 */
public interface ImageSource<T> extends Serializable {
  /** Files on the local disk, read with java.nio: the executor-side code without Spark (tests, benchmarks). */
  ImageSource<Path> LOCAL_FILES = new ImageSource<>() {
    @Override
    public String path(Path item) {
      return item.toString();
    }

    @Override
    public byte[] read(Path item) throws IOException {
      return read(item, HadoopFiles.MAX_ARRAY_BYTES);
    }

    @Override
    public byte[] read(Path item, long maxBytes) throws IOException {
      return HadoopFiles.readLocal(item, maxBytes, Settings.MAX_FILE_BYTES.option());
    }
  };

  /** The item's path or key, used in messages. */
  String path(T item);

  /**
   * The file's bytes.
   *
   * @throws IOException when the file cannot be read; the item becomes a READ_FAILED row
   */
  byte[] read(T item) throws IOException;

  /**
   * The file's bytes, at most {@code maxBytes} of them. Sources that read files override this to refuse a file over
   * the limit before reading it ({@link HadoopFiles}); this default reads first and checks after.
   *
   * @throws HadoopFiles.TooLarge when the file is larger: the item becomes a TOO_LARGE row
   * @throws IOException when the file cannot be read; the item becomes a READ_FAILED row
   */
  default byte[] read(T item, long maxBytes) throws IOException {
    byte[] bytes = read(item);
    HadoopFiles.checkSize(bytes.length, maxBytes, Settings.MAX_FILE_BYTES.option());
    return bytes;
  }
}
