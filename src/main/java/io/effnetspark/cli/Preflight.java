package io.effnetspark.cli;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.Engine;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Settings;
import io.effnetspark.config.WriteMode;
import io.effnetspark.image.ImagePipeline;
import io.effnetspark.image.RgbImage;
import io.effnetspark.inference.BatchMemory;
import io.effnetspark.inference.ClassifierTranslator;
import io.effnetspark.inference.DeviceSelector;
import io.effnetspark.inference.EngineAvailability;
import io.effnetspark.inference.ExecutorModelCache;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.inference.ModelLoader;
import io.effnetspark.job.ExitCode;
import io.effnetspark.job.InputFiles;
import io.effnetspark.job.InputWalk;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.output.OutputFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Driver-side checks that run before any Spark work and touch nothing: the model loads and agrees with its labels
 * and card, the input holds at least one image, the output mode allows the existing output. All problems are
 * reported together; the exit code is that of the first.
 */
final class Preflight {
  /** A failed check: its exit code and a message naming the file or key. */
  record Problem(int exitCode, String message) {}

  /** Thrown when any check fails. */
  static final class Failed extends Exception {
    final List<Problem> problems;

    Failed(List<Problem> problems) {
      super(String.join("\n", problems.stream().map(Problem::message).toList()));
      this.problems = problems;
    }

    int exitCode() {
      return problems.get(0).exitCode();
    }
  }

  private Preflight() {}

  /**
   * Runs every check; returns the model, read once, for broadcasting.
   *
   * @param driverRunsTasks local mode: a GPU the driver cannot see, the tasks cannot see either
   * @param intraOpThreads ONNX Runtime threads of the check's model load for the model's input size (local mode:
   *     the tasks reuse that load)
   * @param memory what one executor's tasks share: their batches must fit ({@link BatchMemory})
   */
  static ModelArtifact check(JobConfig config, Configuration hadoopConf, boolean driverRunsTasks,
      java.util.function.IntUnaryOperator intraOpThreads, BatchMemory.Budget memory) throws Failed {
    List<Problem> problems = new ArrayList<>();
    // A comparison that cannot read a path comes last: the check that owns that path names it with its own code.
    List<Problem> cannotCompare = new ArrayList<>();
    if (config.inputList() != null) {
      InputListCheck.check(config, deleted(config), hadoopConf, problems, cannotCompare);
      checkOverlap(config, hadoopConf, problems, cannotCompare);
    } else {
      checkOverlap(config, hadoopConf, problems, cannotCompare);
      checkInput(config.input(), config.get(Settings.INCLUDE_ALL_FILES), hadoopConf, problems);
    }
    ModelArtifact artifact = checkModel(config, hadoopConf, intraOpThreads, problems);
    if (artifact != null) {
      for (String p : BatchMemory.check(new InferenceSettings(config, 0),
          artifact.card().preprocessing().floatsPerImage(), memory)) {
        problems.add(new Problem(ExitCode.BAD_CONFIG, p));
      }
    }
    if (artifact != null && driverRunsTasks && config.get(Settings.DEVICE) == DeviceMode.GPU
        && DeviceSelector.visibleGpus(artifact.engine().djlName(), DeviceMode.GPU) == 0) {
      problems.add(new Problem(ExitCode.BAD_CONFIG, "--device gpu, but " + artifact.engine()
          + " sees no GPU on this machine (local mode); use --device auto or cpu, or the GPU build (-Pgpu)"));
    }
    checkOutput(config, hadoopConf, problems);
    problems.addAll(cannotCompare);
    if (!problems.isEmpty()) {
      throw new Failed(problems);
    }
    return artifact;
  }

  /** Output against input and model: nothing of either may be deleted or re-read ({@link OutputOverlap}). */
  private static void checkOverlap(JobConfig config, Configuration conf, List<Problem> problems,
      List<Problem> cannotCompare) {
    Path deleted = deleted(config);
    if (config.inputList() != null) {
      // The list's paths were compared by InputListCheck; here only the model.
      try {
        String p = OutputOverlap.modelProblem(config.output(), deleted, config.model(), conf);
        if (p != null) {
          problems.add(new Problem(ExitCode.BAD_CONFIG, p));
        }
      } catch (IOException | IllegalArgumentException e) {
        cannotCompare.add(new Problem(ExitCode.BAD_CONFIG, "cannot compare --output " + config.output()
            + " with --model " + config.model() + ": " + e.getMessage()));
      }
      return;
    }
    try {
      for (String p : OutputOverlap.check(config.input(), config.output(), deleted, config.model(),
          config.get(Settings.INCLUDE_ALL_FILES), conf)) {
        problems.add(new Problem(ExitCode.BAD_CONFIG, p));
      }
    } catch (IOException | IllegalArgumentException e) {
      cannotCompare.add(new Problem(ExitCode.BAD_CONFIG, "cannot compare --output " + config.output()
          + " with --input " + config.input() + ": " + e.getMessage()));
    }
  }

  /** The folder an overwrite replaces (the output, or its run_date partition); null when the mode deletes nothing. */
  private static Path deleted(JobConfig config) {
    return config.mode() != WriteMode.OVERWRITE ? null
        : config.partitioned() ? new Path(new Path(config.output()), config.partitionDir())
        : new Path(config.output());
  }

  private static void checkInput(String input, boolean includeAll, Configuration conf, List<Problem> problems) {
    try {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = InputWalk.roots(fs, path);
      if (matches.length == 0) {
        problems.add(new Problem(ExitCode.INPUT_MISSING, "input not found: " + input));
        return;
      }
      InputWalk walk = new InputWalk(fs);
      Map<String, Long> skipped = new TreeMap<>();
      for (FileStatus match : matches) {
        if (hasImage(walk, match, includeAll, skipped)) {
          return;
        }
      }
      String why = skipped.isEmpty() ? "" : " (skipped: " + skipped + ")";
      problems.add(new Problem(ExitCode.INPUT_MISSING, includeAll ? "input holds no files: " + input + why
          : "input holds no image files: " + input + why + " (looked for visible regular files with names matching "
          + InputFiles.IMAGE_NAME_REGEX + "; --include-all-files takes every regular file)"));
    } catch (IOException | IllegalArgumentException e) {
      problems.add(new Problem(ExitCode.INPUT_MISSING, "cannot list input " + input + ": " + e.getMessage()));
    }
  }

  /**
   * Stops at the first file that would get a row, so a bucket of millions costs one listing page; the same walk
   * and rules as the listing ({@link InputWalk}). Counts what it skipped on the way into {@code skipped}.
   */
  private static boolean hasImage(InputWalk walk, FileStatus root, boolean includeAll, Map<String, Long> skipped)
      throws IOException {
    RemoteIterator<InputWalk.Entry> files = walk.entries(root);
    while (files.hasNext()) {
      InputFiles.Skip skip = files.next().skip(includeAll);
      if (skip == null) {
        return true;
      }
      skipped.merge(skip.key(), 1L, Long::sum);
    }
    return false;
  }

  private static ModelArtifact checkModel(JobConfig config, Configuration conf,
      java.util.function.IntUnaryOperator intraOpThreads,
      List<Problem> problems) {
    ModelArtifact artifact;
    try {
      artifact = ModelArtifact.read(config.model(), config.engine(), conf);
    } catch (IOException | IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      problems.add(new Problem(ExitCode.BAD_MODEL, "model: " + m
          + (m.contains(new Path(config.model()).getName()) ? "" : " (reading " + config.model() + ")")));
      return null;
    }
    // Before loading: a missing engine is a clear message naming the jars to add, not DJL's "engine not found".
    String missingEngine = EngineAvailability.problem(artifact.engine(), "--model " + config.model());
    if (missingEngine != null) {
      // The job's own answer: PyTorch is opt-in in a second job jar (pom: -Ppytorch).
      problems.add(new Problem(ExitCode.BAD_MODEL, missingEngine + (artifact.engine() == Engine.PYTORCH
          ? "; for this job: the job jar built with -Ppytorch (jobs/*.sh: EFFNET_PYTORCH=1; README \"PyTorch models\")"
          : "")));
      return null;
    }
    // The model check runs the job's own path: a synthetic image through the card's preprocessing, fed in the
    // card's shape and layout, and the output's length held to labels.txt.
    ImagePipeline pipeline;
    try {
      pipeline = ImagePipeline.of(artifact.card(), config);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(ExitCode.BAD_CONFIG, e.getMessage() + " (model card " + config.model() + ")"));
      return null;
    }
    ZooModel<ClassifierTranslator.Batch, float[][]> model;
    try {
      // Through the executor cache: in local mode the tasks then reuse this load.
      model = ExecutorModelCache.get(artifact, Device.cpu(),
          intraOpThreads.applyAsInt(artifact.card().inputSize()));
    } catch (UncheckedIOException e) {
      problems.add(new Problem(ExitCode.BAD_MODEL, e.getCause().getMessage()));
      return null;
    }
    float[] input = new float[pipeline.floatsPerImage()];
    pipeline.preprocess(probeImage(), input, 0);
    float[][] logits;
    try (Predictor<ClassifierTranslator.Batch, float[][]> predictor = model.newPredictor()) {
      logits = predictor.predict(new ClassifierTranslator.Batch(input, 1, pipeline.input()));
    } catch (Exception e) {
      problems.add(new Problem(ExitCode.BAD_MODEL, "model " + config.model() + " does not accept the input "
          + java.util.Arrays.toString(pipeline.input().shape(1)) + " (" + pipeline.input().layout()
          + ") its model-card.json describes: " + ModelLoader.rootMessage(e)));
      return null;
    }
    if (logits.length != 1 || logits[0].length != artifact.labels().size()) {
      problems.add(new Problem(ExitCode.BAD_MODEL, "labels.txt beside " + config.model() + " has "
          + artifact.labels().size() + " labels but the model outputs " + (logits.length == 1 ? logits[0].length : -1)
          + " logits (values per image)"));
      return null;
    }
    return artifact;
  }

  /**
   * A black image, odd-sized so that the card's resize and crop run: black, because the check must not trip a model
   * on content (a model may legitimately fail on some pixel values; that is a per-image error, not a bad model).
   */
  static RgbImage probeImage() {
    int w = 37;
    int h = 29;
    return new RgbImage(w, h, new int[w * h]);
  }

  private static void checkOutput(JobConfig config, Configuration conf, List<Problem> problems) {
    try {
      Path out = new Path(config.output());
      FileSystem fs = out.getFileSystem(conf);
      if (config.mode() == WriteMode.ERRORIFEXISTS) {
        // With --run-date only that date's partition must be new: other dates are other nights' runs.
        Path target = config.partitioned() ? new Path(out, config.partitionDir()) : out;
        // A folder holding only a dead run's leftovers (its lock, _temporary/) is absent: the run cleans it.
        if (fs.exists(target) && !OutputFolder.onlyLeftovers(fs, target)) {
          problems.add(new Problem(ExitCode.OUTPUT_EXISTS, config.partitioned()
              ? "output partition already exists: " + target + " (use --mode overwrite to replace that date)"
              : "output already exists: " + config.output() + " (use --mode overwrite or append)"));
          return;
        }
      }
      checkLayout(config, fs, out, problems);
    } catch (IOException | IllegalArgumentException e) {
      problems.add(new Problem(ExitCode.FAILURE, "cannot check output " + config.output() + ": " + e.getMessage()));
    }
  }

  /**
   * Rows partitioned by run_date and unpartitioned rows in one folder cannot be read back together: refuse to
   * add one kind to the other (overwriting a whole folder without --run-date is fine).
   */
  private static void checkLayout(JobConfig config, FileSystem fs, Path out, List<Problem> problems)
      throws IOException {
    boolean partitioned = config.partitioned();
    if ((!partitioned && config.mode() == WriteMode.OVERWRITE) || !fs.exists(out)
        || !fs.getFileStatus(out).isDirectory()) {
      return;
    }
    String prefix = JobConfig.RUN_DATE_COLUMN + "=";
    for (FileStatus s : fs.listStatus(out)) {
      String name = s.getPath().getName();
      if (partitioned && s.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
        problems.add(new Problem(ExitCode.BAD_CONFIG, "output " + config.output() + " holds rows not partitioned "
            + "by run_date (written without --run-date, e.g. " + name + "): give --run-date runs a folder of their own"));
        return;
      }
      if (!partitioned && s.isDirectory() && name.startsWith(prefix)) {
        problems.add(new Problem(ExitCode.BAD_CONFIG, "output " + config.output() + " is partitioned by run_date "
            + "(written with --run-date, e.g. " + name + "): pass --run-date, or --mode overwrite to replace it all"));
        return;
      }
    }
  }
}
