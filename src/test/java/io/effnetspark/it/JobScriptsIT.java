package io.effnetspark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.TestPaths;
import io.effnetspark.job.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrappers on the packaged job jar, as a user runs them (the build of this test run: target/ or target/spark35):
 * {@code jobs/submit.sh} builds the driver's command with Spark's own launcher, so spark-submit's driver options reach
 * the driver JVM beside the project's flags; a driver JVM that dies gets exit code 1 and its cause; {@code --help}
 * shows both option sets; {@code jobs/run-local.sh --input DIR} classifies your own folder.
 */
class JobScriptsIT {
  private static final String INCUBATOR_WARNING = "Using incubator modules";

  @TempDir
  Path tmp;

  private Scripts.Result run(String script, List<String> args, Map<String, String> env) throws Exception {
    return Scripts.run(tmp.resolve("runs"), script, args, env, Duration.ofMinutes(5));
  }

  @Test
  void helpShowsSparkSubmitsOptionsThenTheJobs() throws Exception {
    Scripts.Result r = run("submit.sh", List.of("--help"), Map.of());
    assertEquals(0, r.exitCode(), r.toString());
    String out = r.stdout();
    int jobPart = out.indexOf("Job options:");
    assertTrue(jobPart > 0, out);
    for (String sparkOption : List.of("--driver-memory", "--driver-java-options", "--properties-file", "--conf")) {
      int at = out.indexOf(sparkOption);
      assertTrue(at > 0 && at < jobPart, sparkOption + " among spark-submit's options:\n" + out);
    }
    for (String jobOption : List.of("--input", "--output", "--labels-from-dirs", "--max-error-fraction")) {
      assertTrue(out.indexOf(jobOption, jobPart) > 0, jobOption + " among the job's options:\n" + out);
    }
    assertTrue(out.lines().anyMatch("Usage: jobs/submit.sh [SPARK-SUBMIT OPTIONS ...] [--] [JOB OPTIONS ...]"::equals),
        out);
    assertFalse(r.all().contains(INCUBATOR_WARNING), r.toString());
  }

  @Test
  void driverMemoryAndDriverJavaOptionsReachTheDriverJvmBesideTheProjectsFlags() throws Exception {
    // -XshowSettings:all makes the driver JVM print its max heap and system properties; "-- --help" makes the job
    // (in that JVM) print its usage and exit before Spark starts: the spark-submit route, without a job run.
    Scripts.Result r = run("submit.sh", List.of("--driver-memory", "200m", "--driver-java-options",
        "-XshowSettings:all -Dsome.prop=x -Dai.djl.pytorch.num_threads=2", "--", "--help"), Map.of());
    assertEquals(0, r.exitCode(), r.toString());
    String all = r.all();
    assertTrue(all.contains("Max. Heap Size: 200.00M"), "--driver-memory 200m is the driver's -Xmx\n" + all);
    assertTrue(all.contains("some.prop = x"), "--driver-java-options reach the driver\n" + all);
    assertTrue(all.contains("ai.djl.pytorch.num_threads = 2"), "the user's -D wins over the project's\n" + all);
    assertTrue(all.contains("ai.djl.offline = true"), "the project's flags stay\n" + all);
    assertTrue(all.contains("log4j2.configurationFile = " + TestPaths.ROOT.resolve("conf/log4j2.properties")), all);
    assertTrue(all.contains("EFFNET_HOME = " + TestPaths.ROOT), all);
    assertTrue(r.stdout().contains("Usage: effnet-spark"), "the job ran in that JVM\n" + all);
    assertFalse(all.contains(INCUBATOR_WARNING), all);

    // spark.driver.* through --conf, --driver-class-path, and no "--": -V is the first option that is not
    // spark-submit's, so it and what follows are the job's (the job prints its version).
    Path extra = Files.createDirectories(tmp.resolve("extra-classpath"));
    r = run("submit.sh", List.of("--conf", "spark.driver.memory=300m", "--conf",
        "spark.driver.extraJavaOptions=-XshowSettings:all -Dother.prop=y", "--driver-class-path", extra.toString(),
        "-V"), Map.of());
    assertEquals(0, r.exitCode(), r.toString());
    all = r.all();
    assertTrue(all.contains("Max. Heap Size: 300.00M"), all);
    assertTrue(all.contains("other.prop = y"), all);
    assertTrue(all.contains("ai.djl.offline = true"), all);
    assertTrue(classPath(all).stream().anyMatch(e -> e.equals(extra.toString()) || e.equals(extra + "/")),
        "--driver-class-path is on the driver's class path\n" + all);
    assertTrue(r.stdout().contains("effnet-spark 0.1.0"), "the job printed its version\n" + all);
  }

  @Test
  void withSparkHomeSetItsSparkSubmitGetsTheSameArgumentsAndItsExitCodeIsMapped() throws Exception {
    // A stand-in distribution: bin/spark-submit records what it got and exits as Spark does on an OutOfMemoryError;
    // jars/ holds the launcher jar that submit.sh reads spark-submit's option table from.
    Path home = Files.createDirectories(tmp.resolve("spark-dist"));
    Files.createDirectories(home.resolve("jars"));
    Path launcher = Stream.of(Files.readString(Scripts.target().resolve("spark-classpath.txt")).strip().split(":"))
        .map(Path::of).filter(j -> j.getFileName().toString().startsWith("spark-launcher_")).findFirst().orElseThrow();
    Files.createSymbolicLink(home.resolve("jars").resolve(launcher.getFileName()), launcher);
    Path record = tmp.resolve("spark-submit-args.txt");
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.writeString(bin.resolve("spark-submit"), String.join("\n", "#!/usr/bin/env bash",
        "printf '%s\\n' \"$@\" > '" + record + "'",
        "echo \"SPARK_SUBMIT_OPTS=$SPARK_SUBMIT_OPTS\" >> '" + record + "'",
        "echo \"SPARK_DRIVER_MEMORY=${SPARK_DRIVER_MEMORY:-unset}\" >> '" + record + "'",
        "exit 52", ""));
    bin.resolve("spark-submit").toFile().setExecutable(true);

    Scripts.Result r = run("submit.sh", List.of("--master", "yarn", "--driver-memory", "2g", "--input", "in",
        "--output", "out"), Map.of("SPARK_HOME", home.toString()));
    assertEquals(ExitCode.FAILURE, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("effnet-spark: spark-submit ended with exit code 52: out of memory"), r.toString());
    List<String> got = Files.readAllLines(record);
    String jar = Scripts.target().resolve("effnet-spark-0.1.0-SNAPSHOT-job.jar").toString();
    assertEquals(List.of("--class", "io.effnetspark.cli.EffnetJob", "--properties-file",
        TestPaths.ROOT.resolve("conf/spark-defaults.conf").toString(), "--master", "yarn", "--driver-memory", "2g",
        jar, "--config", TestPaths.ROOT.resolve("conf/effnet-job.properties").toString(), "--input", "in",
        "--output", "out"), got.subList(0, got.size() - 2));
    String opts = got.get(got.size() - 2);
    assertTrue(opts.contains("'-Dai.djl.offline=true'") && opts.contains("'-DEFFNET_HOME=" + TestPaths.ROOT + "'"),
        opts);
    assertEquals("SPARK_DRIVER_MEMORY=unset", got.get(got.size() - 1), "a distribution keeps its own default");
  }

  /** The entries of java.class.path in -XshowSettings output: one per line, continuation lines indented. */
  private static List<String> classPath(String showSettings) {
    List<String> entries = new java.util.ArrayList<>();
    boolean in = false;
    for (String line : showSettings.lines().toList()) {
      if (line.startsWith("    java.class.path = ")) {
        entries.add(line.substring("    java.class.path = ".length()).strip());
        in = true;
      } else if (in && line.startsWith("        ")) {
        entries.add(line.strip());
      } else {
        in = false;
      }
    }
    return entries;
  }

  @Test
  void aDriverJvmThatDiesGetsExitCodeOneAndItsCause() throws Exception {
    // A real JVM abort: a metaspace too small for Spark's classes, and -XX:+CrashOnOutOfMemoryError (SIGABRT, 134).
    // No core file: BASH_ENV runs "ulimit -c 0" in the wrapper's shell before it starts the JVM.
    Path noCore = Files.writeString(tmp.resolve("no-core.sh"), "ulimit -c 0\n");
    Path input = TestPaths.SAMPLES;
    Path output = tmp.resolve("never-written");
    Scripts.Result r = run("submit.sh", List.of("--driver-java-options",
        "-XX:MaxMetaspaceSize=24m -XX:+CrashOnOutOfMemoryError -XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"),
        "--input", input.toString(), "--output", output.toString()), Map.of("BASH_ENV", noCore.toString()));
    assertEquals(ExitCode.FAILURE, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("effnet-spark: the driver JVM ended with exit code 134: the JVM aborted (SIGABRT)"),
        r.toString());
    assertFalse(r.stderr().contains("Aborted"), "no bare bash job line\n" + r);
    try (Stream<Path> files = Files.list(tmp)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err_")), "the JVM's crash report");
    }
    assertFalse(Files.exists(output));
  }

  @Test
  void runLocalClassifiesAGivenFolderWithoutTheDemosLabelsOrOverwrite() throws Exception {
    Path input = tmp.resolve("my-images");
    for (String label : List.of("bag", "sneaker")) {
      Path dir = Files.createDirectories(input.resolve(label));
      try (Stream<Path> files = Files.list(TestPaths.SAMPLES.resolve(label))) {
        for (Path f : files.sorted().limit(2).toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    Path output = tmp.resolve("my-predictions");
    List<String> args = List.of("--input", input.toString(), "--output", output.toString());
    Scripts.Result r = run("run-local.sh", args, Map.of());
    assertEquals(ExitCode.OK, r.exitCode(), r.toString());
    JsonObject summary = JobHarness.runJson(output);
    assertEquals(4, summary.get("files_seen").getAsLong());
    assertEquals(4, summary.get("predicted").getAsLong());
    JsonObject options = summary.getAsJsonObject("options");
    assertEquals(input.toString(), options.get("input").getAsString());
    assertFalse(options.get("labels-from-dirs").getAsBoolean(), "labels from folders only when asked for");
    assertEquals("errorifexists", options.get("mode").getAsString());
    assertFalse(r.stdout().contains("accuracy"), r.toString());
    assertEquals("1500m", summary.getAsJsonObject("spark_conf").get("spark.driver.memory").getAsString(),
        "the wrapper's driver heap (EFFNET_DRIVER_MEMORY from Scripts.run) reached spark-submit");
    assertFalse(r.all().contains(INCUBATOR_WARNING), r.toString());

    // A folder you name is never replaced by default: the second run stops before any Spark work.
    Scripts.Result again = run("run-local.sh", args, Map.of());
    assertEquals(ExitCode.OUTPUT_EXISTS, again.exitCode(), again.toString());
    assertTrue(Files.exists(output.resolve("_run.json")));
  }
}
