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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduling examples in jobs/ are valid as written: the Airflow DAG, the crontab, the nightly script; the
 * wrappers are valid bash and map exit codes and signals as the README says (jobs/env.sh's effnet_run_child, with
 * small child processes instead of a JVM; the packaged job through the wrappers: it.JobScriptsIT).
 */
class JobsExamplesTest {
  private static final Path ENV = TestPaths.ROOT.resolve("jobs/env.sh");
  private static final Path DAG = TestPaths.ROOT.resolve("jobs/airflow/effnet_nightly_dag.py");
  private static final Path CRON = TestPaths.ROOT.resolve("jobs/cron/effnet-nightly.cron");
  private static final Path NIGHTLY = TestPaths.ROOT.resolve("jobs/nightly.sh");

  @TempDir
  Path tmp;

  private record Result(int code, String out) {}

  private static Result exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).start();
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

  @Test
  void wrappersAreValidExecutableBash() throws Exception {
    for (String script : List.of("submit.sh", "run-local.sh", "env.sh")) {
      Path path = TestPaths.ROOT.resolve("jobs").resolve(script);
      Result r = exec(List.of("bash", "-n", path.toString()));
      assertEquals(0, r.code(), script + ": " + r.out());
      if (!script.equals("env.sh")) {
        assertTrue(Files.isExecutable(path), script);
      }
    }
  }

  /** Runs {@code child} (a bash command line) through env.sh's effnet_run_child, as the wrappers run the JVM. */
  private static Result runChild(String child) throws Exception {
    return exec(List.of("bash", "-c", "source \"$0\"; effnet_run_child 'the test child' bash -c \"$1\"",
        ENV.toString(), child));
  }

  @Test
  void theJobsExitCodesPassThroughTheWrapper() throws Exception {
    for (int code = ExitCode.OK; code <= ExitCode.OUTPUT_LOCKED; code++) {
      Result r = runChild("exit " + code);
      assertEquals(code, r.code(), r.out());
      assertEquals("", r.out(), "no message for the job's own codes");
    }
  }

  @Test
  void anyOtherExitCodeBecomesOneWithItsCause() throws Exception {
    Map<String, String> causes = new LinkedHashMap<>();
    causes.put("exit 52", "exit code 52: out of memory (Spark's exit code 52 for an OutOfMemoryError)");
    causes.put("exit 50", "exit code 50: an uncaught exception in one of Spark's threads");
    causes.put("exit 101", "exit code 101: the main class was not found");
    causes.put("exit 8", "exit code 8: an exit code that is not one of the job's");
    causes.put("kill -KILL $$", "exit code 137: killed by SIGKILL: kill -9, or the kernel's out-of-memory killer");
    causes.put("kill -ABRT $$", "exit code 134: the JVM aborted (SIGABRT)");
    causes.put("kill -TERM $$", "exit code 143: stopped by SIGTERM");
    causes.put("kill -SEGV $$", "exit code 139: killed by signal SIGSEGV");
    for (Map.Entry<String, String> c : causes.entrySet()) {
      Result r = runChild(c.getKey());
      assertEquals(ExitCode.FAILURE, r.code(), c.getKey() + ": " + r.out());
      assertTrue(r.out().startsWith("effnet-spark: the test child ended with " + c.getValue()),
          c.getKey() + ": " + r.out());
      assertTrue(r.out().strip().endsWith("Exit code 1 (the job's codes are 0-7, README \"Exit codes\")."), r.out());
      assertFalse(r.out().contains("Aborted") || r.out().contains("Killed"), "no bare bash job line: " + r.out());
    }
  }

  @Test
  void termIntAndHupToTheWrapperStopTheChildWithTermAndExitOne() throws Exception {
    for (String signal : List.of("TERM", "INT", "HUP")) {
      Process p = new ProcessBuilder("bash", "-c", "source \"$0\"; effnet_run_child 'the test child' sleep 600",
          ENV.toString()).redirectErrorStream(true).start();
      ProcessHandle sleep = null;
      for (int i = 0; i < 200 && sleep == null; i++) {
        sleep = p.descendants().filter(h -> h.info().command().orElse("").endsWith("sleep")).findFirst().orElse(null);
        if (sleep == null) {
          Thread.sleep(50);
        }
      }
      assertTrue(sleep != null, "the child started");
      assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), signal + " ended the wrapper");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(ExitCode.FAILURE, p.exitValue(), out);
      assertTrue(out.contains("ended with exit code 143: stopped by SIGTERM (passed on from the SIG" + signal
          + " this script received)"), out);
      assertTrue(sleep.onExit().isDone() || !sleep.isAlive(), "the child is gone");
    }
  }
}
