package io.effnetspark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run summary as the job prints it at the end of a run. */
final class SummaryText {
  private SummaryText() {}

  /** The summary's lines for the terminal: counts, accuracy, wall time and the stages that add up to it. */
  static String of(RunSummary s) {
    StringBuilder b = new StringBuilder();
    String incremental = "";
    if (s.get(RunSummary.INCREMENTAL) instanceof Map<?, ?> inc) {
      incremental = String.format(", %s new (%s already predicted by this model, skipped)", inc.get("files_new"),
          inc.get("files_already_predicted"));
    }
    Object reasons = s.get("files_skipped_by_reason");
    b.append(String.format("effnet-spark run %s: %d files seen%s, %d predicted, %d errors%s, %d skipped%s%n",
        s.get("run_id"), s.getLong("files_seen"), incremental, s.getLong("predicted"), s.getLong("errors"),
        s.getLong("errors") > 0 ? " " + s.get("errors_by_class") : "", s.getLong("files_skipped"),
        s.getLong("files_skipped") > 0 ? counted(reasons) : ""));
    if (s.fields().containsKey("accuracy") && s.get("accuracy") != null) {
      b.append(String.format("top-1 accuracy (labels from folders): %.4f (%d / %d)%n", (double) s.get("accuracy"),
          s.getLong("correct"), s.getLong("predicted")));
    }
    double rate = s.get("images_per_second") == null ? 0.0 : ((Number) s.get("images_per_second")).doubleValue();
    b.append(String.format(Locale.ROOT, "%.1f s wall from launch to this summary, " + (rate < 1 ? "%.2f" : "%.1f")
        + " images/s, model %s (%s)%n", (double) s.get("wall_seconds"), rate,
        ((String) s.get("model_id")).substring(0, 12), s.get("engine")));
    if (s.get(RunSummary.DECODE_SCALING_HINT) != null) {
      b.append("INFO: ").append(s.get(RunSummary.DECODE_SCALING_HINT)).append(System.lineSeparator());
    }
    String stages = s.stages(", ");
    if (!stages.isEmpty()) {
      b.append("time per stage (adds up to the wall): ").append(stages).append(System.lineSeparator());
    }
    return b.toString();
  }

  /** " (hidden 2, not_image_extension 1)": the reasons with a count, as _run.json names them. */
  private static String counted(Object reasons) {
    List<String> parts = new ArrayList<>();
    if (reasons instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (v instanceof Number n && n.longValue() > 0) {
          parts.add(k + " " + n);
        }
      });
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
