package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import io.effnetspark.job.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling examples in jobs/ are valid as written: the Airflow DAG, the crontab, the nightly script. */
class JobsExamplesTest {
  private static final Path DAG = TestPaths.ROOT.resolve("jobs/airflow/effnet_nightly_dag.py");
  private static final Path CRON = TestPaths.ROOT.resolve("jobs/cron/effnet-nightly.cron");
  private static final Path NIGHTLY = TestPaths.ROOT.resolve("jobs/nightly.sh");

  @TempDir
  Path tmp;

  private record Result(int code, String out) {}

  private static Result exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished: " + cmd);
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void assumePython() throws InterruptedException {
    try {
      Assumptions.assumeTrue(exec(List.of("python3", "--version")).code() == 0, "python3 not runnable");
    } catch (IOException e) {
      Assumptions.abort("python3 not installed: " + e.getMessage());
    }
  }

  @Test
  void airflowDagCompilesAndItsJobArgumentsAreValidIncrementalNightlyOptions() throws Exception {
    assumePython();
    // py_compile (syntax), then the module's string constants read with ast: Airflow itself is not needed.
    String script = String.join("\n",
        "import ast, json, py_compile, sys",
        "py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        "tree = ast.parse(open(sys.argv[1]).read())",
        "consts = {t.id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)",
        "          for t in n.targets if isinstance(t, ast.Name) and t.id in ('INPUT', 'OUTPUT', 'JOB_ARGS')}",
        "print(json.dumps(consts))");
    Result r = exec(List.of("python3", "-c", script, DAG.toString(), tmp.resolve("dag.pyc").toString()));
    assertEquals(0, r.code(), r.out());
    JsonObject consts = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    String rendered = consts.get("JOB_ARGS").getAsString().replace("{{ ds }}", "2026-11-29")
        .replace("{{ ds_nodash }}", "20261129").replace("{{ ti.try_number }}", "1");
    assertFalse(rendered.contains("{{"), "only ds, ds_nodash and ti.try_number are templated: " + rendered);

    List<String> args = new ArrayList<>(List.of("--input", consts.get("INPUT").getAsString(), "--output",
        consts.get("OUTPUT").getAsString()));
    args.addAll(List.of(rendered.strip().split("\\s+")));
    JobConfig config = JobOptions.parse(args.toArray(new String[0])).config();
    assertTrue(config.get(Settings.INCREMENTAL));
    assertEquals(LocalDate.of(2026, 11, 29), config.get(Settings.RUN_DATE));
    assertEquals(WriteMode.OVERWRITE, config.mode(), "a retried night replaces its partition");
    assertTrue(config.get(Settings.REPORT));
    assertEquals("nightly-20261129-try1", config.runId());
  }

  @Test
  void cronExampleHasOneValidScheduleLineCallingTheNightlyScript() throws IOException {
    Pattern field = Pattern.compile("(\\*|\\d+(-\\d+)?)(/\\d+)?(,(\\*|\\d+(-\\d+)?)(/\\d+)?)*");
    Pattern env = Pattern.compile("[A-Z_][A-Z0-9_]*=.*");
    int schedules = 0;
    for (String line : Files.readAllLines(CRON)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || env.matcher(l).matches()) {
        continue;
      }
      String[] parts = l.split("\\s+", 6);
      assertEquals(6, parts.length, "five time fields and a command: " + l);
      for (int i = 0; i < 5; i++) {
        assertTrue(field.matcher(parts[i]).matches(), "time field " + (i + 1) + " '" + parts[i] + "' in " + l);
      }
      assertTrue(parts[5].contains("jobs/nightly.sh "), parts[5]);
      assertFalse(parts[5].contains("%"), "cron turns % into a newline: " + parts[5]);
      schedules++;
    }
    assertEquals(1, schedules);
  }

  @Test
  void nightlyScriptIsValidBashAndPrintsItsUsageWhenArgumentsAreMissing() throws Exception {
    assertEquals(0, exec(List.of("bash", "-n", NIGHTLY.toString())).code());
    assertTrue(Files.isExecutable(NIGHTLY));
    Result usage = exec(List.of(NIGHTLY.toString()));
    assertEquals(ExitCode.BAD_CONFIG, usage.code());
    assertTrue(usage.out().contains("jobs/nightly.sh INPUT OUTPUT [RUN_DATE]"), usage.out());
  }
}
