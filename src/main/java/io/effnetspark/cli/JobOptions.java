package io.effnetspark.cli;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.PipelineSettings;
import io.effnetspark.config.WriteMode;
import io.effnetspark.image.ExifOrientation;
import io.effnetspark.image.ImageDecoder;
import io.effnetspark.inference.DeviceMode;
import io.effnetspark.inference.FileBytes;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.Engine;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The job's options. Each can come from the command line or, under the same name without {@code --}, from the
 * properties file given by {@code --config} (e.g. {@code conf/effnet-job.properties}); the command line wins,
 * then the file, then the defaults shown in {@code --help}.
 */
@Command(name = "effnet-spark", mixinStandardHelpOptions = true, sortOptions = false,
    version = "effnet-spark 0.1.0",
    description = "Classifies every image under --input with an EfficientNet on Spark executors and writes one "
        + "Parquet row per image to --output, plus <output>/_run.json.")
public final class JobOptions {
  static final String DEFAULT_MODEL = "${EFFNET_HOME:-.}/models/fashion-effnet/model.onnx";

  @Option(names = "--input", paramLabel = "PATH",
      description = "Image folder (read recursively) or glob; file:, hdfs:, s3a: or a path on the default FS.")
  String input;

  @Option(names = "--output", paramLabel = "PATH", description = "Parquet output folder.")
  String output;

  @Option(names = "--model", paramLabel = "FILE", defaultValue = DEFAULT_MODEL,
      description = "Model file (.onnx or TorchScript .pt) with labels.txt and model-card.json beside it. "
          + "Default: the shipped Fashion-MNIST EfficientNet (${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--engine", defaultValue = "auto",
      description = "onnxruntime | pytorch | auto (from the model file extension). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--device", defaultValue = "auto",
      description = "auto | cpu | gpu. auto uses the task's GPU when the engine sees one. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
      description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
      description = "Classes kept per image in top_k. Default: ${DEFAULT-VALUE}.")
  int topK;

  @Option(names = "--mode", defaultValue = "errorifexists",
      description = "errorifexists | overwrite | append. Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Partitions (tasks) to split the files into; 0 = from file count and parallelism.")
  int partitions;

  @Option(names = "--labels-from-dirs", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "The parent folder's name is the true label: adds true_label and reports top-1 accuracy.")
  boolean labelsFromDirs;

  @Option(names = "--max-pixels", defaultValue = "" + ImageDecoder.DEFAULT_MAX_PIXELS, paramLabel = "N",
      description = "Largest width*height an image may declare (decompression-bomb guard). Default: ${DEFAULT-VALUE}.")
  long maxPixels;

  @Option(names = "--max-file-bytes", defaultValue = "256m", paramLabel = "SIZE",
      description = "Largest file read into memory, in bytes or with k, m, g (binary): a larger file gets a TOO_LARGE "
          + "row naming its size and is not read. At most 2147483639 (one Java array). Default: ${DEFAULT-VALUE}.")
  String maxFileBytes;

  @Option(names = "--exif-orientation", defaultValue = "apply", paramLabel = "apply|ignore",
      description = "apply: turn JPEG/TIFF images upright as their EXIF Orientation tag says, as viewers show them; "
          + "ignore: use the stored pixels. Default: ${DEFAULT-VALUE}.")
  String exifOrientation;

  @Option(names = "--include-all-files", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Give every listed file a row, hidden files and any extension included (non-images become "
          + "NOT_AN_IMAGE rows). Default: skip hidden files (.name, ._name, inside .folders) and names without an "
          + "image extension, counted in _run.json.")
  boolean includeAllFiles;

  @Option(names = "--max-error-fraction", defaultValue = "1.0", paramLabel = "F",
      description = "Exit with code 6 (after writing) when error rows / rows exceeds F. Default: ${DEFAULT-VALUE}.")
  double maxErrorFraction;

  @Option(names = "--gpu-batch-size", defaultValue = "0", paramLabel = "N",
      description = "Batch size for tasks on a GPU; 0 = --batch-size. Default: ${DEFAULT-VALUE}.")
  int gpuBatchSize;

  @Option(names = "--gpu-concurrency", defaultValue = "" + InferenceSettings.DEFAULT_GPU_CONCURRENCY,
      paramLabel = "N", description = "Most forward passes at once per GPU in one executor (bounds GPU memory when "
          + "tasks share a GPU). Default: ${DEFAULT-VALUE}.")
  int gpuConcurrency;

  @Option(names = "--cpu-concurrency", defaultValue = "auto", paramLabel = "N|auto",
      description = "ONNX Runtime on the CPU: most forward passes at once in one executor, each with executor cores "
          + "/ N threads (executor cores: local[N], or spark.executor.cores when set; otherwise every task runs its "
          + "own with spark.task.cpus threads). auto: 1 for models with inputs of 128 px or more, else one per core. "
          + "Default: ${DEFAULT-VALUE}.")
  String cpuConcurrency;

  @Option(names = "--run-id", description = "Run id for the run_id column. Default: UTC time plus a random suffix.")
  String runId;

  // --- Scheduled runs and observability: incremental runs, run-date partitions, progress, report ---
  @Option(names = "--incremental", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Skip files that already have a row in --output from the same model (same path, size and "
          + "modification time); predict and add only new or changed files. Needs --mode append, or --run-date.")
  boolean incremental;

  @Option(names = "--run-date", paramLabel = "YYYY-MM-DD",
      description = "Write this date to a run_date column and partition the output by it; --mode overwrite then "
          + "replaces only this date's partition (re-running a night is idempotent).")
  String runDate;

  @Option(names = "--progress-interval", defaultValue = "5", paramLabel = "SECONDS",
      description = "Seconds between progress lines on the driver (files done / total, images/s, errors, ETA); "
          + "0 = off. Default: ${DEFAULT-VALUE}.")
  double progressInterval;

  @Option(names = "--report", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Also write <output>/_report.html: class and confidence histograms, thumbnails with their "
          + "top-k, errors and the run summary, in one self-contained file.")
  boolean report;

  @Option(names = "--report-thumbnails", defaultValue = "" + PipelineSettings.DEFAULT_REPORT_THUMBNAILS,
      paramLabel = "N", description = "Thumbnails per predicted class in the report (0-"
          + PipelineSettings.MAX_REPORT_THUMBNAILS + "). Default: ${DEFAULT-VALUE}.")
  int reportThumbnails;

  /** Validates the block above; adds each problem to {@code problems}; null when any was found. */
  private PipelineSettings pipelineSettings(WriteMode writeMode, List<String> problems) {
    int before = problems.size();
    LocalDate date = null;
    if (runDate != null && !runDate.isBlank()) {
      try {
        date = LocalDate.parse(runDate.strip());
      } catch (DateTimeParseException e) {
        problems.add("--run-date must be a date as YYYY-MM-DD, got '" + runDate + "'");
      }
    }
    if (incremental && (runDate == null || runDate.isBlank()) && writeMode != null
        && writeMode != WriteMode.APPEND) {
      problems.add("--incremental adds rows to the existing output: use --mode append, or --run-date DATE "
          + "(with --mode overwrite to make re-running a date idempotent); got --mode " + writeMode);
    }
    if (!(progressInterval >= 0) || Double.isInfinite(progressInterval)) {
      problems.add("--progress-interval must be >= 0 seconds, got " + progressInterval);
    }
    if (reportThumbnails < 0 || reportThumbnails > PipelineSettings.MAX_REPORT_THUMBNAILS) {
      problems.add("--report-thumbnails must be within [0, " + PipelineSettings.MAX_REPORT_THUMBNAILS + "], got "
          + reportThumbnails);
    }
    if (problems.size() > before) {
      return null;
    }
    return new PipelineSettings(incremental, date, Duration.ofMillis(Math.round(progressInterval * 1000)), report,
        reportThumbnails);
  }
  // --- end of scheduled runs and observability ---

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with any of these options as key=value (key without --).")
  Path config;

  /**
   * Parses the command line, with the {@code --config} file (if any) as the source of defaults.
   *
   * @throws CommandLine.ParameterException for unknown options, bad values or an unreadable/invalid config file
   */
  static CommandLine parse(JobOptions options, String... args) {
    CommandLine cmd = new CommandLine(options);
    Path configFile = findConfigArg(args);
    if (configFile != null) {
      Properties props = readConfig(cmd, configFile);
      cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(props));
    }
    cmd.parseArgs(args);
    return cmd;
  }

  private static Path findConfigArg(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  private static Properties readConfig(CommandLine cmd, Path file) {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "cannot read config file " + file + ": " + e.getMessage());
    }
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      known.add(o.longestName().replaceFirst("^-+", ""));
    }
    known.removeAll(Set.of("config", "help", "version"));
    List<String> unknown = new ArrayList<>();
    for (String key : props.stringPropertyNames()) {
      if (!known.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "config file " + file + ": unknown key(s) " + unknown
          + "; known keys: " + known);
    }
    return props;
  }

  /**
   * Validates every value and builds the immutable config; collects all problems into one message.
   *
   * @throws IllegalArgumentException listing each bad key
   */
  JobConfig toConfig() {
    List<String> problems = new ArrayList<>();
    if (input == null || input.isBlank()) {
      problems.add("--input is required (or 'input' in the config file)");
    }
    if (output == null || output.isBlank()) {
      problems.add("--output is required (or 'output' in the config file)");
    }
    Engine eng = null;
    if (!"auto".equalsIgnoreCase(engine)) {
      eng = collect(problems, () -> Engine.parse(engine));
    }
    DeviceMode dev = collect(problems, () -> DeviceMode.parse(device));
    WriteMode wm = collect(problems, () -> WriteMode.parse(mode));
    ExifOrientation exif = collect(problems, () -> ExifOrientation.parse(exifOrientation));
    if (batchSize <= 0) {
      problems.add("--batch-size must be > 0, got " + batchSize);
    }
    if (topK <= 0) {
      problems.add("--top-k must be > 0, got " + topK);
    }
    if (partitions < 0) {
      problems.add("--partitions must be >= 0, got " + partitions);
    }
    if (maxPixels <= 0) {
      problems.add("--max-pixels must be > 0, got " + maxPixels);
    }
    long maxFile = FileBytes.DEFAULT_MAX_FILE_BYTES;
    try {
      maxFile = FileBytes.parseSize(maxFileBytes);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (gpuBatchSize < 0) {
      problems.add("--gpu-batch-size must be >= 0, got " + gpuBatchSize);
    }
    if (gpuConcurrency <= 0) {
      problems.add("--gpu-concurrency must be > 0, got " + gpuConcurrency);
    }
    int cpuConc = InferenceSettings.AUTO_CPU_CONCURRENCY;
    try {
      cpuConc = InferenceSettings.parseCpuConcurrency(cpuConcurrency);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!(maxErrorFraction >= 0 && maxErrorFraction <= 1)) {
      problems.add("--max-error-fraction must be within [0, 1], got " + maxErrorFraction);
    }
    PipelineSettings pipeline = pipelineSettings(wm, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    String id = runId != null ? runId : ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    return new JobConfig(input, output, model, eng, wm, partitions, labelsFromDirs,
        new InferenceSettings(batchSize, topK, dev, maxPixels, exif, gpuBatchSize, gpuConcurrency,
            cpuConc, 0, maxFile),
        maxErrorFraction,
        id, includeAllFiles, pipeline);
  }

  private static <T> T collect(List<String> problems, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }
}
