package io.effnetspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestImages;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code _run.json} table against what the job writes: a run with every optional part (labels from
 * folders, incremental, run date, report) in Spark local mode, its top-level fields compared with the fields the
 * table's first column names. A field added to the summary fails here until the README names it.
 */
class RunJsonDocsTest extends SparkTestBase {
  @TempDir
  Path tmp;

  /** The backticked names in the first column of the README table under {@code ## `_run.json`}. */
  static Set<String> readmeFields() throws Exception {
    String readme = Files.readString(TestPaths.ROOT.resolve("README.md"));
    int start = readme.indexOf("| field | meaning |", readme.indexOf("## `_run.json`"));
    assertTrue(start > 0, "README has the _run.json table");
    String table = readme.substring(start, readme.indexOf("\n\n", start));
    Set<String> fields = new TreeSet<>();
    for (String row : table.lines().skip(2).toList()) {
      Matcher m = Pattern.compile("`([a-z_]+)`").matcher(row.split("\\|")[1]);
      while (m.find()) {
        fields.add(m.group(1));
      }
    }
    return fields;
  }

  @Test
  void readmeRunJsonTableNamesEveryFieldTheJobWrites() throws Exception {
    Path in = tmp.resolve("in");
    TestImages.copy(in, "bag", 0, 2);
    TestImages.copy(in, "sneaker", 0, 1);
    Path out = tmp.resolve("out");
    JobHarness.Run run = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--labels-from-dirs",
        "--incremental", "--run-date", "2026-01-02", "--mode", "overwrite", "--report", "--report-thumbnails", "1");
    assertEquals(ExitCode.OK, run.code(), run.err());
    JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("_run.json"))).getAsJsonObject();
    Set<String> written = new TreeSet<>(summary.keySet());
    assertEquals(written, readmeFields(), "README.md's _run.json table (first column) against the fields written");
  }
}
