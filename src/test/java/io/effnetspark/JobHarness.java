package io.effnetspark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.cli.EffnetJob;
import io.effnetspark.spark.DuckDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The one way tests run the job and read what it wrote: {@link #run} calls {@link EffnetJob#run} in this JVM (Spark
 * local mode, on the active SparkSession when a test has one), capturing what the job prints; {@link #runJson}
 * parses {@code _run.json}; {@link Run#count} and {@link Run#rows} read the Parquet rows back with DuckDB
 * ({@link DuckDb}), a reader independent of Spark.
 */
public final class JobHarness {
  private JobHarness() {}

  /**
   * What the job printed and its exit code ({@code job.ExitCode}).
   *
   * @param output the local folder {@code --output} named, or null when it named none or a URI with a scheme
   */
  public record Run(int code, String out, String err, Path output) {
    /** {@code _run.json} in the output folder, parsed. */
    public JsonObject runJson() throws IOException {
      return JobHarness.runJson(output());
    }

    /**
     * The first column of the first row of {@code sql} over the output's Parquet rows, where {@code OUT} stands for
     * them ({@link DuckDb#count}).
     */
    public long count(String sql) throws SQLException {
      return DuckDb.count(output(), sql);
    }

    /** Every row of {@code sql} over the output's Parquet rows ({@link DuckDb#query}). */
    public List<List<Object>> rows(String sql) throws SQLException {
      return DuckDb.query(output(), sql);
    }

    /** stdout then stderr, for assertion messages. */
    public String printed() {
      return out + err;
    }

    @Override
    public Path output() {
      if (output == null) {
        throw new IllegalStateException("the run named no local --output");
      }
      return output;
    }
  }

  /** Runs the job in this JVM with {@code args} (as on the command line) and captures its stdout and stderr. */
  public static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EffnetJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), output(args));
  }

  /** {@code _run.json} of the output folder {@code output}, parsed. */
  public static JsonObject runJson(Path output) throws IOException {
    return JsonParser.parseString(Files.readString(output.resolve("_run.json"))).getAsJsonObject();
  }

  private static Path output(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--output")) {
        String value = args[i + 1];
        return value.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") ? null : Path.of(value);
      }
    }
    return null;
  }
}
