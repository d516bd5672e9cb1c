package io.effnetspark.job;

import io.effnetspark.spark.AwkwardInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.image.ImageFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing's walk on a real folder of FIFOs, sockets, broken links, link loops and awkward names, without Spark. */
class InputWalkTest {
  @TempDir
  static Path tmp;
  static AwkwardInput.Layout layout;
  static FileSystem fs;

  @BeforeAll
  static void write() throws Exception {
    layout = AwkwardInput.write(tmp);
    fs = FileSystem.getLocal(new Configuration());
  }

  /** Every entry of the walk over {@code input}'s roots, in order. */
  private static List<InputWalk.Entry> walk(String input) throws Exception {
    List<InputWalk.Entry> all = new ArrayList<>();
    InputWalk walk = new InputWalk(fs);
    for (FileStatus root : InputWalk.roots(fs, new org.apache.hadoop.fs.Path(input))) {
      RemoteIterator<InputWalk.Entry> it = walk.entries(root);
      while (it.hasNext()) {
        all.add(it.next());
      }
    }
    return all;
  }

  @Test
  void everyNameIsListedOnceWithWhatItIs() throws Exception {
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(layout.root().resolve("pipe.png"), 60)) {
      Map<String, String> seen = new TreeMap<>();
      for (InputWalk.Entry e : walk(layout.root().toString())) {
        InputFiles.Skip skip = e.skip(false);
        String previous = seen.put(e.relative(), skip == null ? "row" : skip.key());
        assertNull(previous, "listed twice: " + e.relative());
      }
      Map<String, String> expected = new TreeMap<>(layout.skipped());
      layout.rows().keySet().forEach(r -> expected.put(r, "row"));
      assertEquals(expected, seen);
      assertFalse(watchdog.fired(), "the walk opened the FIFO");
    }
  }

  @Test
  void withIncludeAllFilesHiddenAndOtherNamesGetRowsButFifosSocketsAndBrokenLinksStillDoNot() throws Exception {
    Map<String, String> seen = new TreeMap<>();
    for (InputWalk.Entry e : walk(layout.root().toString())) {
      InputFiles.Skip skip = e.skip(true);
      seen.put(e.relative(), skip == null ? "row" : skip.key());
    }
    assertEquals("row", seen.get(".hidden.png"));
    assertEquals("row", seen.get("notes.txt"));
    for (Map.Entry<String, String> s : layout.skipped().entrySet()) {
      if (!s.getValue().equals("hidden") && !s.getValue().equals("not_image_extension")) {
        assertEquals(s.getValue(), seen.get(s.getKey()), s.getKey());
      }
    }
  }

  @Test
  void eachRowsPathIsAHadoopPathThatNamesTheSameFile() throws Exception {
    for (InputWalk.Entry e : walk(layout.root().toString())) {
      if (e.skip(false) != null) {
        continue;
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(e.path());
      assertEquals(e.path(), p.toString(), "the string is Path.toString() itself");
      assertTrue(Files.isSameFile(layout.real().get(e.relative()), Path.of(p.toUri())), e.path());
      assertEquals(Files.size(layout.real().get(e.relative())), fs.getFileStatus(p).getLen(), e.path());
      assertEquals(e.length(), Files.size(layout.real().get(e.relative())), e.path());
    }
  }

  @Test
  void anExistingPathWithGlobCharactersIsTakenLiterallyAndAMissingOneIsAGlob() throws Exception {
    Files.createDirectories(tmp.resolve("photos 2")); // what "photos [2024]" matches as a glob
    FileStatus[] literal = InputWalk.roots(fs, new org.apache.hadoop.fs.Path(layout.root().toString()));
    assertEquals(1, literal.length);
    assertTrue(Files.isSameFile(layout.root(), Path.of(literal[0].getPath().toUri())));
    FileStatus[] glob = InputWalk.roots(fs, new org.apache.hadoop.fs.Path(tmp + "/photos*"));
    assertEquals(2, glob.length, "a path that does not exist is still expanded as a glob");
    FileStatus[] braces = InputWalk.roots(fs, new org.apache.hadoop.fs.Path(layout.root() + "/{braces}.png"));
    assertEquals(1, braces.length, "a file named {braces}.png");
    assertEquals("{braces}.png", braces[0].getPath().getName());
  }

  @Test
  void overlappingGlobMatchesListAFolderOnce() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("overlap/a/b"));
    Files.write(a.resolve("x.png"), ImageFixtures.png(ImageFixtures.quadrants()));
    List<InputWalk.Entry> entries = walk(tmp + "/overlap/{a,a/b}");
    assertEquals(1, entries.stream().filter(e -> e.skip(false) == null).count(), entries.toString());
    assertEquals(1, entries.stream().filter(e -> e.kindSkip() == InputFiles.Skip.FOLDER_ALREADY_LISTED).count(),
        entries.toString());
  }

  @Test
  void aRootThatIsAFifoIsSkippedWithoutOpeningIt() throws Exception {
    Path fifo = AwkwardInput.mkfifo(tmp.resolve("lone.png"));
    try (AwkwardInput.FifoWatchdog watchdog = new AwkwardInput.FifoWatchdog(fifo, 60)) {
      List<InputWalk.Entry> entries = walk(fifo.toString());
      assertEquals(1, entries.size());
      assertEquals(InputFiles.Skip.NOT_REGULAR_FILE, entries.get(0).skip(true));
      assertFalse(watchdog.fired());
    }
  }

  @Test
  void namesWithControlCharactersAreImageNames() {
    assertNull(InputFiles.classify("new\nline.png", false));
    assertNull(InputFiles.classify("tab\there.JPG", false));
    assertEquals(InputFiles.Skip.NOT_IMAGE_EXTENSION, InputFiles.classify("x.png\n", false));
    assertEquals(InputFiles.Skip.NOT_IMAGE_EXTENSION, InputFiles.classify("x.png\nnotes.txt", false));
  }
}
