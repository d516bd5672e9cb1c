package io.effnetspark.inference;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
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
      return Files.readAllBytes(item);
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
}
