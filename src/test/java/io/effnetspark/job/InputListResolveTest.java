package io.effnetspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an {@code --input-list} entry names a file: literally (Hadoop's Path form, as the job's {@code path} column
 * writes it), and as a percent-encoded URI (as Spark's binaryFile source writes it) only when the literal name
 * does not exist and the decoded one does.
 */
class InputListResolveTest {
  @TempDir
  java.nio.file.Path dir;

  private final Configuration conf = new Configuration();

  private Path resolve(String entry) throws Exception {
    return InputList.resolve(new Path(dir.resolve("list.txt").toUri()), entry, conf);
  }

  private static String hadoop(java.nio.file.Path p) {
    return new Path(p.toUri()).toString();
  }

  @Test
  void anEncodedUriOfAFileWithASpaceNamesThatFile() throws Exception {
    java.nio.file.Path file = Files.writeString(dir.resolve("with space.png"), "x");
    String encoded = file.toUri().toString();
    assertTrue(encoded.contains("with%20space.png"), encoded);
    assertEquals(hadoop(file), resolve(encoded).toString());
  }

  @Test
  void aFileWhoseNameHoldsPercentTwentyIsTakenLiterallyEvenWhenTheDecodedNameExistsToo() throws Exception {
    java.nio.file.Path literal = Files.writeString(dir.resolve("a%20b.png"), "x");
    Files.writeString(dir.resolve("a b.png"), "y");
    assertEquals(hadoop(literal), resolve(hadoop(literal)).toString());
  }

  @Test
  void anEncodedEntryThatNamesNothingEitherWayStaysAsListed() throws Exception {
    String entry = "file:" + dir.resolve("gone%20file.png");
    assertEquals(entry, resolve(entry).toString());
  }

  @Test
  void aPathWithoutSchemeIsNeverDecoded() throws Exception {
    Files.writeString(dir.resolve("c d.png"), "x");
    assertEquals(hadoop(dir.resolve("c%20d.png")), resolve(dir.resolve("c%20d.png").toString()).toString());
  }
}
