package io.effnetspark.job;

import io.effnetspark.job.InputWalk.Entry;
import java.io.IOException;
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
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The walk of one local root with java.nio, each name {@code lstat}ed once: the rules are {@link InputWalk}'s "Local
 * disks" list (regular files listed, special files and broken links skipped, each real folder walked once, folder
 * links after the real folders, names in byte order).
 */
final class LocalWalk implements RemoteIterator<Entry> {
  // Logged under InputWalk's name: the walk is one feature to whoever tunes the log levels.
  private static final Logger LOG = LoggerFactory.getLogger(InputWalk.class);
  /** Warnings logged per skip reason; the rest are only counted. */
  private static final int WARNINGS_PER_REASON = 20;

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

  /** Real folders walked in this listing (device and inode, or the real path), shared across its roots. */
  private final Set<Object> visited;
  /** Warnings logged so far per skip reason in this listing. */
  private final EnumMap<InputFiles.Skip, Integer> warned;
  private final Deque<Frame> stack = new ArrayDeque<>();
  /** Folder links met so far, followed once the real folders are walked: (link, its path below the root). */
  private final Deque<Frame> links = new ArrayDeque<>();
  private Entry next;

  LocalWalk(java.nio.file.Path root, Set<Object> visited, EnumMap<InputFiles.Skip, Integer> warned)
      throws IOException {
    this.visited = visited;
    this.warned = warned;
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
      next = new Entry(InputWalk.hadoopPath(p), relative, target.size(), target.lastModifiedTime().toMillis(), null);
    } else {
      next = skipped(p, relative, InputFiles.Skip.NOT_REGULAR_FILE, "a " + kind(p)
          + (own.isSymbolicLink() ? " (through a link)" : "") + ", not a regular file: not read");
    }
  }

  private Entry skipped(java.nio.file.Path p, String relative, InputFiles.Skip why, String what) {
    int n = warned.merge(why, 1, Integer::sum);
    if (n <= WARNINGS_PER_REASON) {
      LOG.warn("Skipping {}: {} (counted in files_skipped_by_reason.{}{})", p, what, why.key(),
          n == WARNINGS_PER_REASON ? "; further ones are only counted" : "");
    }
    return new Entry(InputWalk.hadoopPath(p), relative, 0, 0, why);
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
}
