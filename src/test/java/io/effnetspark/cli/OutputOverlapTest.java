package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An output that equals, contains or sits inside a folder being read is refused before any Spark work (exit 2,
 * both paths named) in every write mode and every spelling: {@code ..}, symbolic links either way, a link inside
 * the input, a glob. The input is byte-for-byte untouched afterwards.
 */
class OutputOverlapTest extends BadInputTestBase {
  private Path in;
  private Map<String, Long> before;

  @BeforeEach
  void images() throws IOException {
    in = Files.createDirectories(tmp.resolve("photos/sub"));
    for (String name : List.of("shirt.png", "bag.png")) {
      Files.copy(firstSample(name), in.resolve(name));
    }
    in = in.getParent();
    Files.copy(firstSample("top.png"), in.resolve("top.png"));
    before = snapshot(in);
  }

  @ParameterizedTest(name = "--mode {0}")
  @ValueSource(strings = {"overwrite", "append", "errorifexists"})
  void outputEqualToInputIsRefusedInEveryMode(String mode) throws IOException {
    assertRefused(in.toString(), in.toString(), "--mode", mode);
  }

  @Test
  void outputContainingTheInputIsRefused() throws IOException {
    assertRefused(in.toString(), tmp.toString(), "--mode", "overwrite");
  }

  @Test
  void outputInsideTheInputIsRefused() throws IOException {
    assertRefused(in.toString(), in.resolve("sub/predictions").toString(), "--mode", "overwrite");
  }

  @Test
  void outputSpelledWithDotDotIsRefused() throws IOException {
    assertRefused(in.toString(), in.resolve("sub/../../photos/.").toString(), "--mode", "overwrite");
  }

  @Test
  void outputThroughASymlinkToTheInputIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("link-to-photos"), in);
    assertRefused(in.toString(), link.toString(), "--mode", "overwrite");
  }

  @Test
  void inputThroughASymlinkToTheOutputIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("link-to-photos"), in);
    assertRefused(link.toString(), in.toString(), "--mode", "append");
  }

  @Test
  void outputInAFolderReachedThroughALinkInsideTheInputIsRefused() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/more"));
    Files.copy(firstSample("coat.png"), elsewhere.resolve("coat.png"));
    Files.createSymbolicLink(in.resolve("linked"), elsewhere);
    Map<String, Long> elsewhereBefore = snapshot(elsewhere);
    assertRefused(in.toString(), elsewhere.resolve("predictions").toString(), "--mode", "overwrite");
    assertEquals(elsewhereBefore, snapshot(elsewhere));
  }

  @Test
  void outputMatchingTheInputGlobIsRefused() throws IOException {
    String glob = tmp.resolve("photos/*").toString();
    assertEquals(ExitCode.BAD_CONFIG, run("--input", glob, "--output", in.resolve("preds").toString()));
    assertTrue(err().contains(glob) && err().contains(in.resolve("preds").toString()), err());
    assertEquals(before, snapshot(in));
  }

  @Test
  void overwritingAFolderThatHoldsTheModelIsRefused() throws IOException {
    Path model = modelCopy();
    Path other = Files.createDirectories(tmp.resolve("other-input"));
    Files.copy(firstSample("dress.png"), other.resolve("dress.png"));
    assertEquals(ExitCode.BAD_CONFIG, run("--input", other.toString(), "--output", tmp.toString(), "--mode",
        "overwrite", "--model", model.resolve("model.onnx").toString()));
    assertTrue(err().contains("would delete the model"), err());
    assertTrue(Files.exists(model.resolve("model.onnx")));
  }

  @Test
  void outputInAHiddenFolderInsideTheInputIsAllowedBecauseTheListingSkipsIt() throws IOException {
    assertEquals(List.of(), check(in, in.resolve(".predictions"), false));
    assertEquals(List.of(), check(in, in.resolve("sub/.cache/predictions"), false));
  }

  @Test
  void withIncludeAllFilesAHiddenFolderInsideTheInputIsRefused() throws IOException {
    assertEquals(1, check(in, in.resolve(".predictions"), true).size());
  }

  @Test
  void siblingsWithACommonNamePrefixDoNotOverlap() throws IOException {
    assertEquals(List.of(), check(in, tmp.resolve("photos-predictions"), false));
    assertEquals(List.of(), check(in, tmp.resolve("photo"), false));
  }

  private List<String> check(Path input, Path output, boolean includeAll) throws IOException {
    return OutputOverlap.check(input.toString(), output.toString(), new org.apache.hadoop.fs.Path(output.toString()),
        null, includeAll, new Configuration());
  }

  private void assertRefused(String input, String output, String... more) throws IOException {
    String[] args = Stream.concat(Stream.of("--input", input, "--output", output), Stream.of(more))
        .toArray(String[]::new);
    assertEquals(ExitCode.BAD_CONFIG, run(args), err());
    assertTrue(err().contains("--output " + output) && err().contains("--input " + input), err());
    assertEquals(before, snapshot(in), "the input must be untouched");
  }

  /** Every file under {@code dir} with its size: a deleted or rewritten image changes it. */
  private static Map<String, Long> snapshot(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.size(p) ^ Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }

  private static Path firstSample(String name) throws IOException {
    try (Stream<Path> walk = Files.walk(TestPaths.SAMPLES)) {
      List<Path> pngs = walk.filter(p -> p.toString().endsWith(".png")).sorted().toList();
      return pngs.get(Math.abs(name.hashCode()) % pngs.size());
    }
  }
}
