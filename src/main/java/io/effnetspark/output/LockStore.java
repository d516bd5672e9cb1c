package io.effnetspark.output;

import java.io.IOException;
import java.time.Instant;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lock file on one file system: create-if-absent, read, replace, move aside, delete — and what the file system
 * guarantees about create-if-absent ({@link #guarantee()}). Implementations: {@link LocalLockStore} (java.nio)
 * and {@link HadoopLockStore} (HDFS, S3A and other Hadoop file systems).
 */
interface LockStore {
  /** Creates the file with {@code content} if there is none; false when one exists. */
  boolean createNew(byte[] content) throws IOException;

  /** The content, or null when there is no file. */
  byte[] read() throws IOException;

  /** The file's modification time, or null when there is no file. */
  Instant modified() throws IOException;

  /** Replaces the content (heartbeat). */
  void replace(byte[] content) throws IOException;

  /** Renames the file to {@code name} beside it; false when there was no file. */
  boolean moveTo(String name) throws IOException;

  /** Writes a file called {@code name} beside the lock. */
  void writeSibling(String name, byte[] content) throws IOException;

  /** Reads and deletes the file called {@code name} beside the lock; null when there is none. */
  byte[] takeSibling(String name) throws IOException;

  /** Renames the sibling {@code name} back to the lock if there is no lock; false otherwise. */
  boolean restoreFrom(String name) throws IOException;

  void delete() throws IOException;

  /** Whether two runs creating the lock at once cannot both succeed. */
  boolean atomic();

  /** What create-if-absent guarantees here, for the log and the refusal message. */
  String guarantee();

  /** The store for {@code lock} on {@code fs}: java.nio for local disks, Hadoop's FileSystem otherwise. */
  static LockStore of(FileSystem fs, Path lock) {
    if ("file".equals(fs.getUri().getScheme())) {
      return new LocalLockStore(java.nio.file.Path.of(fs.makeQualified(lock).toUri()));
    }
    return new HadoopLockStore(fs, fs.makeQualified(lock));
  }
}
