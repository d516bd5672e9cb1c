package io.effnetspark.output;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.VersionInfo;

/** HDFS, S3A and other Hadoop file systems. */
final class HadoopLockStore implements LockStore {
  /** Hadoop 3.4+ S3A: {@code createFile().opt(...)} asks for a PUT with {@code If-None-Match: *}. */
  static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";
  /** Hadoop 3.4+ S3A path capability: conditional creates are enabled ({@code fs.s3a.create.conditional.enabled}). */
  static final String S3A_CONDITIONAL_ENABLED = "fs.s3a.create.conditional.enabled";

  private final FileSystem fs;
  private final Path file;
  private final String scheme;
  private final boolean conditional;
  /** Why the store rejected a conditional create, once it has. */
  private volatile String refused;

  HadoopLockStore(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
    this.scheme = fs.getUri().getScheme();
    boolean c;
    try {
      c = fs.hasPathCapability(file, S3A_CONDITIONAL_ENABLED);
    } catch (IOException | RuntimeException e) {
      c = false;
    }
    this.conditional = c;
  }

  private boolean hdfs() {
    return fs.getClass().getName().equals("org.apache.hadoop.hdfs.DistributedFileSystem")
        || "hdfs".equals(scheme) || "viewfs".equals(scheme);
  }

  @Override
  public boolean createNew(byte[] content) throws IOException {
    if (exists()) {
      return false; // spares a failed request; the create below decides
    }
    try (FSDataOutputStream out = (FSDataOutputStream) fs.createFile(file).overwrite(false).recursive()
        .opt(CONDITIONAL_CREATE, "true").build()) {
      out.write(content);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // S3A reports a failed If-None-Match (412) on close; whatever else failed, a lock there now is another's.
      if (exists()) {
        return false;
      }
      if (!conditional || refused != null) {
        throw e;
      }
      // A store that rejects the conditional header: the plain check-then-write, read back by the caller.
      refused = e.getMessage();
      try (FSDataOutputStream out = fs.create(file, false)) {
        out.write(content);
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException exists) {
        return false;
      }
    }
    return true;
  }

  private boolean exists() throws IOException {
    return fs.exists(file);
  }

  @Override
  public byte[] read() throws IOException {
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public Instant modified() throws IOException {
    try {
      return Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime());
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public void replace(byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(content);
    }
  }

  @Override
  public boolean moveTo(String name) throws IOException {
    return exists() && fs.rename(file, new Path(file.getParent(), name));
  }

  @Override
  public void writeSibling(String name, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(new Path(file.getParent(), name), true)) {
      out.write(content);
    }
  }

  @Override
  public byte[] takeSibling(String name) throws IOException {
    Path sibling = new Path(file.getParent(), name);
    try (InputStream in = fs.open(sibling)) {
      byte[] content = in.readAllBytes();
      fs.delete(sibling, false);
      return content;
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public boolean restoreFrom(String name) throws IOException {
    // HDFS's rename refuses an existing target atomically; the check first covers file systems that replace it.
    return !exists() && fs.rename(new Path(file.getParent(), name), file);
  }

  @Override
  public void delete() throws IOException {
    fs.delete(file, false);
  }

  @Override
  public boolean atomic() {
    return hdfs() || (conditional && refused == null);
  }

  @Override
  public String guarantee() {
    if (hdfs()) {
      return "atomic on HDFS (the NameNode creates the lock only if it is absent)";
    }
    if ("s3a".equals(scheme)) {
      if (conditional && refused != null) {
        return "not atomic: the store rejected S3A's conditional write (If-None-Match: *: " + refused + "), so "
            + "the lock was checked for, then written, and read back after a pause";
      }
      return conditional
          ? "atomic only if the S3 store honours conditional writes: S3A (Hadoop " + VersionInfo.getVersion()
              + ", fs.s3a.create.conditional.enabled) writes the lock with If-None-Match: *, which AWS S3 honours;"
              + " a store that ignores the header gives no guarantee"
          : "not atomic: S3A of Hadoop " + VersionInfo.getVersion() + " checks for the lock, then writes it (no "
              + "conditional writes before Hadoop 3.4, or fs.s3a.create.conditional.enabled=false); two runs "
              + "starting within about a second can both pass, so the lock is read back after a pause";
    }
    return "as atomic as " + scheme + "'s create without overwrite (" + fs.getClass().getSimpleName() + ")";
  }
}
