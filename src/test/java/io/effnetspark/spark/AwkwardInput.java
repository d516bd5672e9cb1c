package io.effnetspark.spark;

import io.effnetspark.job.InputFiles;
import io.effnetspark.image.ImageFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real input folder of every awkward kind and name, made with the system's own tools: a FIFO ({@code mkfifo}), a
 * Unix domain socket, a dangling link, a chain of links that loops, a folder link back to the root (a loop), a second
 * link into a listed folder, a link to a folder outside, a link to a file, two sparse ~1.9 GB files (no disk used),
 * a name the JVM cannot decode, and names with a newline, a tab, {@code %}, {@code #}, spaces, {@code :}, glob
 * characters and non-ASCII letters — inside a folder named {@code photos [2024]}.
 */
public final class AwkwardInput {
  /** Size of each sparse file: more than {@code --max-file-bytes}' default, as in the report (two ~1.9 GB files). */
  public static final long HUGE = 1_900_000_000L;

  /**
   * @param root the input folder
   * @param rows the names below the root that get a row, each with its expected outcome: {@code PREDICTED} or an
   *     error class
   * @param skipped the names below the root that are skipped, each with its {@code files_skipped_by_reason} key
   * @param real for each row, the real file it names
   */
  public record Layout(Path root, Map<String, String> rows, Map<String, String> skipped, Map<String, Path> real) {
    /** Skip counts per reason, as {@code _run.json} gives them (every reason, 0 when none). */
    public Map<String, Long> skipCounts() {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (InputFiles.Skip s : InputFiles.Skip.values()) {
        counts.put(s.key(), skipped.values().stream().filter(s.key()::equals).count());
      }
      return counts;
    }
  }

  private AwkwardInput() {}

  /** Writes the folder {@code photos [2024]} (and a folder {@code elsewhere} beside it) under {@code parent}. */
  public static Layout write(Path parent) throws Exception {
    Path root = Files.createDirectories(parent.resolve("photos [2024]"));
    Map<String, String> rows = new TreeMap<>();
    Map<String, String> skipped = new TreeMap<>();
    Map<String, Path> real = new TreeMap<>();
    byte[] png = ImageFixtures.png(ImageFixtures.quadrants());
    for (String name : new String[] {"plain.png", "a b.png", "100%.png", "%41.png", "#1.png", "tab\there.png",
        "new\nline.png", "colon:name.png", "{braces}.png", "star*.png", "q?.png", "[x].png", "ünïcode.png",
        " lead-space.png", "ctrl\u0001char.png"}) {
      real.put(name, Files.write(root.resolve(name), png));
      rows.put(name, "PREDICTED");
    }
    Files.createDirectories(root.resolve("sub"));
    real.put("sub/inner.png", Files.write(root.resolve("sub/inner.png"), png));
    rows.put("sub/inner.png", "PREDICTED");
    Files.write(root.resolve(".hidden.png"), png);
    skipped.put(".hidden.png", "hidden");
    Files.writeString(root.resolve("notes.txt"), "not an image");
    skipped.put("notes.txt", "not_image_extension");

    for (String name : new String[] {"huge-1.jpg", "huge-2.png"}) {
      try (RandomAccessFile f = new RandomAccessFile(root.resolve(name).toFile(), "rw")) {
        f.setLength(HUGE); // sparse: no blocks written
      }
      real.put(name, root.resolve(name));
      rows.put(name, "TOO_LARGE");
    }

    mkfifo(root.resolve("pipe.png"));
    skipped.put("pipe.png", "not_regular_file");
    socket(root.resolve("socket.png"));
    skipped.put("socket.png", "not_regular_file");

    Files.createSymbolicLink(root.resolve("gone.png"), Path.of("missing.png"));
    skipped.put("gone.png", "broken_link");
    Files.createSymbolicLink(root.resolve("chain-1.png"), Path.of("chain-2.png"));
    Files.createSymbolicLink(root.resolve("chain-2.png"), Path.of("chain-1.png"));
    skipped.put("chain-1.png", "broken_link");
    skipped.put("chain-2.png", "broken_link");
    Files.createSymbolicLink(root.resolve("alias.png"), Path.of("plain.png"));
    real.put("alias.png", root.resolve("plain.png"));
    rows.put("alias.png", "PREDICTED");
    Files.createSymbolicLink(root.resolve("pipe-link.png"), Path.of("pipe.png"));
    skipped.put("pipe-link.png", "not_regular_file");

    Files.createSymbolicLink(root.resolve("loop"), Path.of("."));
    skipped.put("loop", "folder_already_listed");
    Files.createSymbolicLink(root.resolve("sub/up"), Path.of(".."));
    skipped.put("sub/up", "folder_already_listed");
    Files.createSymbolicLink(root.resolve("again"), Path.of("sub"));
    skipped.put("again", "folder_already_listed");

    Path elsewhere = Files.createDirectories(parent.resolve("elsewhere"));
    Files.write(elsewhere.resolve("far.png"), png);
    Files.createSymbolicLink(root.resolve("outside"), Path.of("../elsewhere"));
    real.put("outside/far.png", elsewhere.resolve("far.png"));
    rows.put("outside/far.png", "PREDICTED");

    if (undecodableName(root, "latin1-\\351.png")) {
      skipped.put("latin1-\uFFFD.png", "unreadable_name");
    }
    return new Layout(root, rows, skipped, real);
  }

  /** A FIFO made with {@code mkfifo}. */
  public static Path mkfifo(Path p) throws IOException, InterruptedException {
    Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    if (proc.waitFor() != 0 || !Files.exists(p)) {
      throw new IOException("mkfifo " + p + " failed");
    }
    return p;
  }

  /** A Unix domain socket file: bound, then closed (the file stays). */
  public static Path socket(Path p) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(p));
    }
    return p;
  }

  /**
   * A file whose name holds a byte that is not UTF-8 ({@code printf} escape in {@code name}); false when the JVM's
   * file-name encoding would decode it anyway (not UTF-8), so the name is readable and not part of the layout.
   */
  private static boolean undecodableName(Path dir, String name) throws IOException, InterruptedException {
    if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
      return false;
    }
    Process proc = new ProcessBuilder("sh", "-c", "cd \"$0\" && : > \"$(printf '" + name + "')\"", dir.toString())
        .inheritIO().start();
    if (proc.waitFor() != 0) {
      throw new IOException("could not create " + name + " in " + dir);
    }
    return true;
  }

  /**
   * Every name below {@code root} as {@code lstat} sees it (links not followed): type, size, modification time and
   * link target. Equal before and after a run: nothing was written, moved, truncated or replaced.
   */
  public static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> all = new TreeMap<>();
    snapshot(root, "", all);
    return all;
  }

  private static void snapshot(Path dir, String prefix, Map<String, String> all) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String rel = prefix + p.getFileName();
        String type = a.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(p) : a.isDirectory() ? "dir"
            : a.isRegularFile() ? "file" : "other " + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        all.put(rel, type + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey());
        if (a.isDirectory()) {
          snapshot(p, rel + "/", all);
        }
      }
    }
  }

  /**
   * Unblocks anything stuck opening {@code fifo} for reading after {@code seconds} (by opening it for writing) and
   * records that it had to: a listing or task that opened the FIFO would otherwise hang the test instead of failing
   * it. Close it when the run is over.
   */
  public static final class FifoWatchdog implements AutoCloseable {
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread thread;

    public FifoWatchdog(Path fifo, long seconds) {
      thread = new Thread(() -> {
        try {
          Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
          return;
        }
        fired.set(true);
        try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
          out.flush();
        } catch (IOException e) {
          // nothing to unblock
        }
      }, "fifo-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    /** True when something was blocked long enough for the watchdog to open the FIFO. */
    public boolean fired() {
      return fired.get();
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(1000);
    }
  }
}
