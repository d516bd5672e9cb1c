package io.effnetspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A glob {@code --input} on the local disk, in a folder that also holds names Hadoop's Globber cannot rebuild. */
class LocalGlobTest {
  @TempDir
  Path tmp;

  private List<String> roots(String pattern) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    FileStatus[] roots = InputWalk.roots(fs, new org.apache.hadoop.fs.Path(pattern));
    return Arrays.stream(roots).map(r -> Path.of(r.getPath().toUri()).toString()).toList();
  }

  @Test
  void aNameWithAColonBesideTheMatchesDoesNotFailTheGlob() throws Exception {
    Path day = Files.createDirectories(tmp.resolve("2024-05-01"));
    Files.write(day.resolve("a.gif"), new byte[] {1});
    Files.write(day.resolve("12:30.png"), new byte[] {1});
    Files.write(day.resolve("b.png"), new byte[] {1});

    assertEquals(List.of(day.resolve("a.gif").toString()), roots(tmp + "/2024-*/*.gif"));
    assertEquals(List.of(day.resolve("12:30.png").toString(), day.resolve("b.png").toString()),
        roots(tmp + "/2024-*/*.png"));
    assertEquals(List.of(day.resolve("12:30.png").toString()), roots(tmp + "/*/12:3?.png"));
  }

  @Test
  void bracesAndCharacterClassesMatchAsInHadoopGlobsBesideAColonName() throws Exception {
    Files.createDirectories(tmp.resolve("sub"));
    for (String n : List.of("a.jpg", "b.jpg", "c.png", "d.gif", "10:00.jpg", "sub/e.png")) {
      Files.write(tmp.resolve(n), new byte[] {1});
    }
    assertEquals(List.of(tmp.resolve("a.jpg").toString(), tmp.resolve("c.png").toString()),
        roots(tmp + "/[ac].{jpg,png}"));
    assertEquals(List.of(tmp.resolve("a.jpg").toString(), tmp.resolve("sub/e.png").toString()),
        roots(tmp + "/{a.jp?,sub/*.png}"));
    assertEquals(List.of(), roots(tmp + "/*.webp"));
  }
}
