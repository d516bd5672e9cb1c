package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestImages;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --run-date: one run_date partition per night; re-running a night replaces exactly that night's partition. */
class RunDatePartitionTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private static Map<String, Long> rowsPerDate(Path out) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    for (List<Object> r : DuckDb.query(out, "SELECT CAST(run_date AS VARCHAR), count(*) FROM OUT GROUP BY 1")) {
      m.put((String) r.get(0), ((Number) r.get(1)).longValue());
    }
    return m;
  }

  /** Name → modification time of every file in a partition: unchanged means untouched. */
  private static Map<String, Long> filesOf(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
        try {
          return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, (a, b) -> a, TreeMap::new));
    }
  }

  private static JobHarness.Run night(Path in, Path out, String date, String... more) {
    return JobHarness.run(Stream.concat(Stream.of("--input", in.toString(), "--output", out.toString(),
        "--run-date", date, "--run-id", "run-" + date + "-" + System.nanoTime()), Stream.of(more))
        .toArray(String[]::new));
  }

  @Test
  void rerunningTheSameDateLeavesTheSameRowCountAndOtherDatesUntouched() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "shirt", 0, 12);
    assertEquals(ExitCode.OK, night(in, out, "2026-11-28", "--mode", "overwrite").code());
    TestImages.copy(in, "pullover", 0, 8);
    assertEquals(ExitCode.OK, night(in, out, "2026-11-29", "--mode", "overwrite").code());
    assertEquals(Map.of("2026-11-28", 12L, "2026-11-29", 20L), rowsPerDate(out));
    Map<String, Long> night28 = filesOf(out.resolve("run_date=2026-11-28"));

    JobHarness.Run rerun = night(in, out, "2026-11-29", "--mode", "overwrite");
    assertEquals(ExitCode.OK, rerun.code(), rerun.err());
    assertEquals(Map.of("2026-11-28", 12L, "2026-11-29", 20L), rowsPerDate(out));
    assertEquals(1, DuckDb.count(out, "SELECT count(DISTINCT run_id) FROM OUT WHERE run_date = DATE '2026-11-29'"),
        "the date's partition holds the re-run's rows only");
    assertEquals(night28, filesOf(out.resolve("run_date=2026-11-28")), "the other date was not touched");
  }

  @Test
  void incrementalNightsAddOnlyNewFilesToTheirOwnDateAndAReRunOfANightIsIdempotent() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    String[] nightly = {"--incremental", "--mode", "overwrite"};
    TestImages.copy(in, "ankle_boot", 0, 10);
    assertEquals(ExitCode.OK, night(in, out, "2026-11-28", nightly).code());
    TestImages.copy(in, "t-shirt_top", 0, 10);
    assertEquals(ExitCode.OK, night(in, out, "2026-11-29", nightly).code());
    assertEquals(Map.of("2026-11-28", 10L, "2026-11-29", 10L), rowsPerDate(out));

    JobHarness.Run rerun = night(in, out, "2026-11-29", nightly);
    assertEquals(ExitCode.OK, rerun.code(), rerun.err());
    assertEquals(Map.of("2026-11-28", 10L, "2026-11-29", 10L), rowsPerDate(out),
        "re-running 2026-11-29 predicts again what that night held, and only that");
    assertEquals(20, DuckDb.count(out, "SELECT count(DISTINCT path) FROM OUT"));
  }

  @Test
  void errorIfExistsRefusesAnExistingDateButAcceptsANewOne() throws Exception {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    TestImages.copy(in, "bag", 0, 5);
    assertEquals(ExitCode.OK, night(in, out, "2026-11-28", "--mode", "errorifexists").code());
    JobHarness.Run again = night(in, out, "2026-11-28", "--mode", "errorifexists");
    assertEquals(ExitCode.OUTPUT_EXISTS, again.code());
    assertTrue(again.err().contains("run_date=2026-11-28"), again.err());
    assertEquals(ExitCode.OK, night(in, out, "2026-11-29", "--mode", "errorifexists").code());
    assertEquals(Map.of("2026-11-28", 5L, "2026-11-29", 5L), rowsPerDate(out));
  }

  @Test
  void partitionedAndUnpartitionedRowsAreNotMixedInOneFolder() throws Exception {
    Path in = tmp.resolve("in");
    Path flat = tmp.resolve("flat");
    TestImages.copy(in, "coat", 0, 4);
    assertEquals(ExitCode.OK, JobHarness.run("--input", in.toString(), "--output", flat.toString()).code());
    JobHarness.Run dated = night(in, flat, "2026-11-29", "--mode", "overwrite");
    assertEquals(ExitCode.BAD_CONFIG, dated.code());
    assertTrue(dated.err().contains("not partitioned by run_date"), dated.err());
    assertEquals(4, DuckDb.count(flat, "SELECT count(*) FROM OUT"));
  }
}
