package io.effnetspark.config;

import io.effnetspark.inference.DeviceMode;
import io.effnetspark.inference.InferenceSettings;
import io.effnetspark.model.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated, immutable configuration of one job run. Built by {@code cli.JobOptions} after the command line
 * and the config file are merged (command line first, then the file, then the defaults).
 *
 * @param input folder or glob, any Hadoop scheme
 * @param output Parquet output folder
 * @param model model file; labels.txt and model-card.json sit beside it
 * @param engine null: from the model file's extension
 * @param partitions 0: chosen from the file count and the cluster's parallelism
 * @param maxErrorFraction the run fails with its own exit code after writing when errors / rows exceeds it
 * @param runId identifies this run's rows ({@code run_id} column)
 * @param includeAllFiles every listed file gets a row (hidden files and any extension); default: only visible
 *     files with an image extension
 * @param pipeline incremental runs, run-date partitions, progress lines and the HTML report
 */
public record JobConfig(String input, String output, String model, Engine engine, WriteMode mode, int partitions,
    boolean labelsFromDirs, InferenceSettings inference, double maxErrorFraction, String runId,
    boolean includeAllFiles, PipelineSettings pipeline) {

  /** A config that lists only visible files with an image extension, with default pipeline settings. */
  public JobConfig(String input, String output, String model, Engine engine, WriteMode mode, int partitions,
      boolean labelsFromDirs, InferenceSettings inference, double maxErrorFraction, String runId) {
    this(input, output, model, engine, mode, partitions, labelsFromDirs, inference, maxErrorFraction, runId, false,
        PipelineSettings.defaults());
  }

  public JobConfig {
    UriCredentials.requireNone("input", input);
    UriCredentials.requireNone("output", output);
    UriCredentials.requireNone("model", model);
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0 (0 = automatic), got " + partitions);
    }
    if (!(maxErrorFraction >= 0 && maxErrorFraction <= 1)) {
      throw new IllegalArgumentException("max-error-fraction must be within [0, 1], got " + maxErrorFraction);
    }
    if (pipeline == null) {
      pipeline = PipelineSettings.defaults();
    }
  }

  public DeviceMode device() {
    return inference.device();
  }

  /** The effective options, for {@code _run.json} and the log (redact URIs before showing: they may hold user-info). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", UriCredentials.redact(input));
    m.put("output", UriCredentials.redact(output));
    m.put("model", UriCredentials.redact(model));
    m.put("engine", engine == null ? "auto" : engine.optionName());
    m.put("device", inference.device().toString());
    m.put("batch-size", inference.batchSize());
    m.put("top-k", inference.topK());
    m.put("mode", mode.sparkName());
    m.put("partitions", partitions);
    m.put("labels-from-dirs", labelsFromDirs);
    m.put("max-pixels", inference.maxPixels());
    m.put("max-file-bytes", inference.maxFileBytes());
    m.put("gpu-batch-size", inference.gpuBatchSize());
    m.put("gpu-concurrency", inference.gpuConcurrency());
    m.put("cpu-concurrency", inference.cpuConcurrency() == InferenceSettings.AUTO_CPU_CONCURRENCY ? "auto"
        : inference.cpuConcurrency());
    m.put("exif-orientation", inference.exifOrientation().optionName());
    m.put("include-all-files", includeAllFiles);
    m.put("max-error-fraction", maxErrorFraction);
    m.put("run-id", runId);
    // Scheduled runs and observability
    m.put("incremental", pipeline.incremental());
    m.put("run-date", pipeline.runDate() == null ? null : pipeline.runDate().toString());
    m.put("progress-interval", pipeline.progressInterval().toMillis() / 1000.0);
    m.put("report", pipeline.report());
    m.put("report-thumbnails", pipeline.reportThumbnails());
    return m;
  }
}
