package io.effnetspark.job;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What {@code --input} names, shared by the driver's check ({@code cli.Preflight}) and the listing
 * ({@link ImageDiscovery}): its roots, then every name below them exactly once, each a regular file or a name
 * skipped for what it is ({@link InputFiles.Skip}).
 *
 * <p><b>Roots</b> ({@link #roots}): a path that exists is taken literally, even when it holds glob characters
 * ({@code photos [2024]}, {@code a{b}}, {@code *.jpg} as a real name); only a path that does not exist is expanded
 * as a Hadoop glob.
 *
 * <p><b>Local disks</b> are walked with java.nio, not Hadoop's RawLocalFileSystem, because Hadoop's listing hides
 * what the job must see: it follows every folder link (a link loop is walked again and again until the path is too
 * long: 6 files became 245 rows), reports a FIFO, socket or device as a plain file (the task that opens a FIFO
 * blocks forever), drops a dangling link silently, and its {@code listFiles} forks a {@code stat} process per file
 * without Hadoop's native library (24 ms each). Here each name is {@code lstat}ed once:
 * <ul>
 *   <li>a regular file, or a link to one, is listed (its length and modification time, the link's path);</li>
 *   <li>a FIFO, socket or device, or a link to one: {@link InputFiles.Skip#NOT_REGULAR_FILE};</li>
 *   <li>a link whose target is missing (or a chain of links that loops): {@link InputFiles.Skip#BROKEN_LINK};</li>
 *   <li>a folder is walked once per real folder (device and inode): real folders first, then the folder links met
 *       on the way, in order; a folder already walked is {@link InputFiles.Skip#FOLDER_ALREADY_LISTED}, so a link
 *       loop or a second link into the tree costs one count, not a second copy of its files;</li>
 *   <li>a name the JVM cannot turn into a string and back ({@code sun.jnu.encoding}, e.g. Latin-1 bytes under a
 *       UTF-8 locale) could not be opened by its path: {@link InputFiles.Skip#UNREADABLE_NAME}.</li>
 * </ul>
 * Names within a folder are taken in byte order, so which of two ways into a folder is listed does not depend on
 * the disk. Other file systems (HDFS, S3A) keep one streaming Hadoop {@code listFiles(root, recursive)}: S3 has no
 * links or FIFOs, HDFS symlinks are off by default.
 *
 * <p>The local walk itself is {@link LocalWalk}. One instance per listing: the real folders walked are remembered across its roots, so overlapping glob
 * matches list a folder once.
 */
public final class InputWalk {
  /**
   * One name the walk met.
   *
   * @param path the qualified Hadoop path string ({@link Path#toString()}: {@code file:/a/b c.png}, not
   *     percent-encoded); {@code new Path(path)} names the file again
   * @param relative the path below the input root, {@code /}-separated (the name alone for a file given directly)
   * @param kindSkip null for a regular file, else why the name is skipped whatever its name
   */
  public record Entry(String path, String relative, long length, long modificationTime, InputFiles.Skip kindSkip) {
    /** Null when this entry gets a row, else why it is skipped: what it is first, then its name. */
    public InputFiles.Skip skip(boolean includeAll) {
      return kindSkip != null ? kindSkip : InputFiles.classify(relative, includeAll);
    }
  }

  private final FileSystem fs;
  private final Set<Object> visited = new HashSet<>();
  private final EnumMap<InputFiles.Skip, Integer> warned = new EnumMap<>(InputFiles.Skip.class);

  public InputWalk(FileSystem fs) {
    this.fs = fs;
  }

  /**
   * The roots {@code input} names: the path itself when it exists (glob characters taken literally), else the
   * matches of it as a glob; empty when neither.
   */
  public static FileStatus[] roots(FileSystem fs, Path input) throws IOException {
    if (fs.exists(input)) {
      return new FileStatus[] {fs.getFileStatus(input)};
    }
    FileStatus[] matches;
    try {
      matches = fs.globStatus(input);
    } catch (IllegalArgumentException e) {
      if (!"file".equals(fs.getScheme()) || !(e.getCause() instanceof URISyntaxException)) {
        throw e;
      }
      return LocalGlob.glob(fs, input); // a listed name holds ':', which Hadoop's Globber cannot rebuild
    }
    return matches == null ? new FileStatus[0] : matches;
  }

  /** Every name below {@code root} (or the root itself when it is not a folder), each once. */
  public RemoteIterator<Entry> entries(FileStatus root) throws IOException {
    Path q = fs.makeQualified(root.getPath());
    if ("file".equals(fs.getScheme())) {
      return new LocalWalk(java.nio.file.Path.of(q.toUri()), visited, warned);
    }
    if (!root.isDirectory()) {
      return single(new Entry(q.toString(), q.getName(), root.getLen(), root.getModificationTime(), null));
    }
    String rootPath = withSlash(q.toUri().getPath());
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(q, true);
    return new RemoteIterator<>() {
      @Override
      public boolean hasNext() throws IOException {
        return files.hasNext();
      }

      @Override
      public Entry next() throws IOException {
        LocatedFileStatus f = files.next();
        String filePath = f.getPath().toUri().getPath();
        String relative = filePath.startsWith(rootPath) ? filePath.substring(rootPath.length())
            : f.getPath().getName();
        return new Entry(fs.makeQualified(f.getPath()).toString(), relative, f.getLen(), f.getModificationTime(),
            null);
      }
    };
  }

  private static RemoteIterator<Entry> single(Entry e) {
    return new RemoteIterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public Entry next() {
        if (done) {
          throw new NoSuchElementException();
        }
        done = true;
        return e;
      }
    };
  }

  /** {@code file:/a/b c.png}: what Hadoop's local file system calls the file, as {@link Path#toString()} writes it. */
  public static String hadoopPath(java.nio.file.Path p) {
    try {
      return new Path(new URI("file", null, p.toAbsolutePath().toString(), null)).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot name " + p + " as a file: URI: " + e.getMessage(), e);
    }
  }

  private static String withSlash(String p) {
    return p.endsWith("/") ? p : p + "/";
  }
}
