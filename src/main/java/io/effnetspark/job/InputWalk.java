package io.effnetspark.job;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>One instance per listing: the real folders walked are remembered across its roots, so overlapping glob
 * matches list a folder once.
 */
public final class InputWalk {
  private static final Logger LOG = LoggerFactory.getLogger(InputWalk.class);
  /** Warnings logged per skip reason; the rest are only counted. */
  private static final int WARNINGS_PER_REASON = 20;

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
    FileStatus[] matches = fs.globStatus(input);
    return matches == null ? new FileStatus[0] : matches;
  }

  /** Every name below {@code root} (or the root itself when it is not a folder), each once. */
  public RemoteIterator<Entry> entries(FileStatus root) throws IOException {
    Path q = fs.makeQualified(root.getPath());
    if ("file".equals(fs.getScheme())) {
      return new Local(java.nio.file.Path.of(q.toUri()));
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

  /** A folder being walked: its names in byte order, and its path below the root ending in {@code /}. */
  private static final class Frame {
    final java.nio.file.Path dir;
    final String prefix;
    final List<java.nio.file.Path> names;
    int at;

    Frame(java.nio.file.Path dir, String prefix, List<java.nio.file.Path> names) {
      this.dir = dir;
      this.prefix = prefix;
      this.names = names;
    }
  }

  private final class Local implements RemoteIterator<Entry> {
    private final Deque<Frame> stack = new ArrayDeque<>();
    /** Folder links met so far, followed once the real folders are walked: (link, its path below the root). */
    private final Deque<Frame> links = new ArrayDeque<>();
    private Entry next;

    Local(java.nio.file.Path root) throws IOException {
      java.nio.file.Path name = root.getFileName();
      visit(root, name == null ? "/" : name.toString(), "", true);
    }

    @Override
    public boolean hasNext() throws IOException {
      while (next == null) {
        Frame f = stack.peek();
        if (f == null) {
          Frame link = links.poll();
          if (link == null) {
            return false;
          }
          visit(link.dir, link.prefix, link.prefix + "/", true);
          continue;
        }
        if (f.at == f.names.size()) {
          stack.pop();
          continue;
        }
        java.nio.file.Path child = f.names.get(f.at);
        f.names.set(f.at++, null);
        String relative = f.prefix + child.getFileName();
        visit(child, relative, relative + "/", false);
      }
      return true;
    }

    @Override
    public Entry next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Entry e = next;
      next = null;
      return e;
    }

    /**
     * Looks at one name: sets {@link #next}, pushes a folder, or defers a folder link.
     *
     * @param relative the entry's path below the root (for a root: its name)
     * @param prefix what names inside it start with, when it is a folder
     * @param now a root or a deferred link being followed: a folder link is entered now, not deferred
     */
    private void visit(java.nio.file.Path p, String relative, String prefix, boolean now) throws IOException {
      if (!java.nio.file.Path.of(p.toString()).equals(p)) {
        next = skipped(p, relative, InputFiles.Skip.UNREADABLE_NAME, "its name is not valid in the JVM's file-name "
            + "encoding (" + System.getProperty("sun.jnu.encoding") + "), so it cannot be opened by its path");
        return;
      }
      BasicFileAttributes own;
      try {
        own = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return; // deleted since its folder was read: nothing there to list
      }
      BasicFileAttributes target = own;
      if (own.isSymbolicLink()) {
        try {
          target = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
          next = skipped(p, relative, InputFiles.Skip.BROKEN_LINK, "a symbolic link to "
              + linkTarget(p) + ", which does not exist or loops (" + e.getClass().getSimpleName() + ")");
          return;
        }
        if (target.isDirectory() && !now) {
          links.add(new Frame(p, relative, null));
          return;
        }
      }
      if (target.isDirectory()) {
        Object key = target.fileKey() != null ? target.fileKey() : p.toRealPath().toString();
        if (!visited.add(key)) {
          next = skipped(p, relative, InputFiles.Skip.FOLDER_ALREADY_LISTED, "a folder already listed"
              + (own.isSymbolicLink() ? " (the link goes to " + linkTarget(p) + ": a link loop or a second way in)"
              : " through a link") + "; not listed again");
          return;
        }
        stack.push(new Frame(p, prefix, list(p)));
      } else if (target.isRegularFile()) {
        next = new Entry(hadoopPath(p), relative, target.size(), target.lastModifiedTime().toMillis(), null);
      } else {
        next = skipped(p, relative, InputFiles.Skip.NOT_REGULAR_FILE, "a " + kind(p)
            + (own.isSymbolicLink() ? " (through a link)" : "") + ", not a regular file: not read");
      }
    }
  }

  private Entry skipped(java.nio.file.Path p, String relative, InputFiles.Skip why, String what) {
    int n = warned.merge(why, 1, Integer::sum);
    if (n <= WARNINGS_PER_REASON) {
      LOG.warn("Skipping {}: {} (counted in files_skipped_by_reason.{}{})", p, what, why.key(),
          n == WARNINGS_PER_REASON ? "; further ones are only counted" : "");
    }
    return new Entry(hadoopPath(p), relative, 0, 0, why);
  }

  private static List<java.nio.file.Path> list(java.nio.file.Path dir) throws IOException {
    List<java.nio.file.Path> names = new ArrayList<>();
    try (DirectoryStream<java.nio.file.Path> ds = Files.newDirectoryStream(dir)) {
      for (java.nio.file.Path p : ds) {
        names.add(p);
      }
    }
    Collections.sort(names);
    return names;
  }

  /** {@code file:/a/b c.png}: what Hadoop's local file system calls the file, as {@link Path#toString()} writes it. */
  public static String hadoopPath(java.nio.file.Path p) {
    try {
      return new Path(new URI("file", null, p.toAbsolutePath().toString(), null)).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot name " + p + " as a file: URI: " + e.getMessage(), e);
    }
  }

  private static String linkTarget(java.nio.file.Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "(unreadable target)";
    }
  }

  /** FIFO, socket, character or block device, from the {@code unix:mode} file type bits where available. */
  static String kind(java.nio.file.Path p) {
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode");
      return switch (mode & 0170000) {
        case 0010000 -> "FIFO (named pipe)";
        case 0140000 -> "socket";
        case 0020000 -> "character device";
        case 0060000 -> "block device";
        default -> "special file";
      };
    } catch (IOException | RuntimeException e) {
      return "special file";
    }
  }

  private static String withSlash(String p) {
    return p.endsWith("/") ? p : p + "/";
  }
}
