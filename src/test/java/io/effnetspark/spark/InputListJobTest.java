package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
import io.effnetspark.TestImages;
import io.effnetspark.job.ExitCode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --input-list} in Spark local[2]: a text, Parquet or CSV list gives one row per distinct listed file (rows
 * read back by path with DuckDB equal the listed paths), a listed file that does not exist gets a READ_FAILED row
 * naming it, hidden and non-image names are skipped as with a folder, a path listed twice is skipped as
 * {@code duplicate}; a list without a path column, a missing list and a listed path inside the output are refused
 * before any Spark work.
 */
class InputListJobTest extends SparkTestBase {
  @TempDir
  static java.nio.file.Path tmp;
  static java.nio.file.Path in;
  static List<java.nio.file.Path> bags;
  static List<java.nio.file.Path> sneakers;

  @BeforeAll
  static void images() throws Exception {
    in = tmp.resolve("images, 2024");
    bags = TestImages.copy(in, "bag", 0, 3);
    sneakers = TestImages.copy(in, "sneaker", 0, 2);
    Files.copy(bags.get(0), in.resolve("bag/.hidden-copy.png"));
    Files.writeString(in.resolve("bag/notes.txt"), "not an image");
  }

  private static String hadoop(java.nio.file.Path p) {
    return new Path(p.toUri()).toString();
  }

  private static Map<String, List<Object>> rowsByPath(java.nio.file.Path out) throws Exception {
    Map<String, List<Object>> rows = new TreeMap<>();
    for (List<Object> r : DuckDb.query(out, "SELECT path, error_class, error, label FROM OUT")) {
      rows.put((String) r.get(0), r.subList(1, r.size()));
    }
    return rows;
  }

  private static JsonObject runJson(java.nio.file.Path out) throws Exception {
    return JsonParser.parseString(Files.readString(out.resolve("_run.json"))).getAsJsonObject();
  }

  @Test
  void textListGivesOneRowPerDistinctListedFileAndAnErrorRowForAMissingOne() throws Exception {
    java.nio.file.Path list = in.resolve("list.txt");
    java.nio.file.Path gone = in.resolve("bag/gone.png");
    Files.writeString(list, String.join("\n",
        "# photos to classify",
        "",
        "  " + bags.get(0) + "  ",
        hadoop(bags.get(1)),
        "bag/" + bags.get(2).getFileName(),             // relative: below the list's folder
        hadoop(bags.get(0)),                            // the first again, as a URI: one row
        bags.get(1).toUri().toString(),                 // the second as an encoded URI ("images,%202024"): one row
        gone.toString(),                                // missing: an error row naming it
        in.resolve("bag/.hidden-copy.png").toString(),  // hidden: skipped
        in.resolve("bag/notes.txt").toString(),         // not an image name: skipped
        in.resolve("sneaker").toString()) + "\n");      // a folder: its images
    java.nio.file.Path out = tmp.resolve("out-text");
    JobHarness.Run run = JobHarness.run("--input-list", list.toString(), "--output", out.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());

    TreeSet<String> expected = new TreeSet<>();
    bags.forEach(p -> expected.add(hadoop(p)));
    sneakers.forEach(p -> expected.add(hadoop(p)));
    expected.add(hadoop(gone));
    Map<String, List<Object>> rows = rowsByPath(out);
    assertEquals(expected, rows.keySet(), "rows by path = the distinct listed files");
    assertEquals(expected.size(), DuckDb.count(out, "SELECT count(*) FROM OUT"), "one row each");
    List<Object> missing = rows.get(hadoop(gone));
    assertEquals("READ_FAILED", missing.get(0));
    assertTrue(String.valueOf(missing.get(1)).contains("gone.png"), "the error names the file: " + missing);
    for (java.nio.file.Path p : bags) {
      assertEquals(null, rows.get(hadoop(p)).get(0), "predicted: " + p);
    }

    JsonObject summary = runJson(out);
    JsonObject skipped = summary.getAsJsonObject("files_skipped_by_reason");
    assertEquals(2, skipped.get("duplicate").getAsLong());
    assertEquals(1, skipped.get("hidden").getAsLong());
    assertEquals(1, skipped.get("not_image_extension").getAsLong());
    assertEquals(expected.size(), summary.get("rows_written").getAsLong());
    assertEquals(list.toString(), summary.getAsJsonObject("options").get("input-list").getAsString());
  }

  @Test
  void parquetAndCsvListsReadTheirPathColumn() throws Exception {
    java.nio.file.Path parquet = tmp.resolve("list.parquet");
    java.nio.file.Path csv = tmp.resolve("list.csv");
    List<String> paths = new ArrayList<>();
    bags.forEach(p -> paths.add(p.toString()));
    paths.add(hadoop(sneakers.get(0)));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < paths.size(); i++) {
        values.append(i == 0 ? "" : ", ").append("(").append(i).append(", '").append(paths.get(i)).append("')");
      }
      s.execute("COPY (SELECT * FROM (VALUES " + values + ") t(id, path)) TO '" + parquet + "' (FORMAT PARQUET)");
    }
    StringBuilder text = new StringBuilder("id,path,note\n");
    for (int i = 0; i < paths.size(); i++) {
      text.append(i).append(",\"").append(paths.get(i)).append("\",x\n"); // the folder's name holds a comma
    }
    Files.writeString(csv, text);
    TreeSet<String> expected = new TreeSet<>();
    bags.forEach(p -> expected.add(hadoop(p)));
    expected.add(hadoop(sneakers.get(0)));
    for (java.nio.file.Path list : List.of(parquet, csv)) {
      java.nio.file.Path out = tmp.resolve("out-" + list.getFileName());
      JobHarness.Run run = JobHarness.run("--input-list", list.toString(), "--output", out.toString());
      assertEquals(ExitCode.OK, run.code(), run.err());
      assertEquals(expected, rowsByPath(out).keySet(), list.toString());
      assertEquals(0, DuckDb.count(out, "SELECT count(*) FROM OUT WHERE error_class IS NOT NULL"));
    }
  }

  @Test
  void badListsAndAListedPathInsideTheOutputAreRefusedBeforeSparkWork() throws Exception {
    java.nio.file.Path noColumn = tmp.resolve("no-column.csv");
    Files.writeString(noColumn, "file\n" + bags.get(0) + "\n");
    java.nio.file.Path out = tmp.resolve("out-refused");
    JobHarness.Run run = JobHarness.run("--input-list", noColumn.toString(), "--output", out.toString());
    assertEquals(ExitCode.BAD_CONFIG, run.code(), run.err());
    assertTrue(run.err().contains("no 'path' column (columns: file)"), run.err());

    run = JobHarness.run("--input-list", tmp.resolve("absent.txt").toString(), "--output", out.toString());
    assertEquals(ExitCode.INPUT_MISSING, run.code(), run.err());
    assertTrue(run.err().contains("input list not found: " + tmp.resolve("absent.txt")), run.err());

    java.nio.file.Path noImages = tmp.resolve("no-images.txt");
    Files.writeString(noImages, in.resolve("bag/notes.txt") + "\n" + in.resolve("bag/.hidden-copy.png") + "\n");
    run = JobHarness.run("--input-list", noImages.toString(), "--output", out.toString());
    assertEquals(ExitCode.INPUT_MISSING, run.code(), run.err());
    assertTrue(run.err().contains("names no image files"), run.err());

    java.nio.file.Path inside = Files.createDirectories(out.resolve("old"));
    Files.copy(bags.get(0), inside.resolve("a.png"));
    java.nio.file.Path list = tmp.resolve("inside.txt");
    Files.writeString(list, bags.get(1) + "\n" + inside.resolve("a.png") + "\n");
    run = JobHarness.run("--input-list", list.toString(), "--output", out.toString(), "--mode", "overwrite");
    assertEquals(ExitCode.BAD_CONFIG, run.code(), run.err());
    assertTrue(run.err().contains("--input-list " + list + " entry"), run.err());
    assertTrue(Files.exists(inside.resolve("a.png")), "nothing deleted");

    run = JobHarness.run("--input", in.toString(), "--input-list", list.toString(), "--output", out.toString());
    assertEquals(ExitCode.BAD_CONFIG, run.code(), run.err());
    assertTrue(run.err().contains("--input and --input-list are mutually exclusive"), run.err());
  }
}
