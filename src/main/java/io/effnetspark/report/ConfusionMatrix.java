package io.effnetspark.report;

import static io.effnetspark.report.HtmlPage.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's confusion matrix, from {@code _run.json}'s {@code confusion_matrix} (true label → predicted label →
 * predicted images; written with {@code --labels-from-dirs}): one row per true label (the image's folder), one
 * column per predicted label, each cell the count, its colour the count's share of its row (green on the diagonal,
 * red off it). Classes in the model's label order, then folder names that are no model label. At most
 * {@link #MAX_CLASSES} classes, the ones with the most images.
 */
final class ConfusionMatrix {
  /** Classes shown at most: a wider table would not be read. */
  static final int MAX_CLASSES = 30;

  private ConfusionMatrix() {}

  /** The counts from {@code summary}, or an empty map when the run had no labels from folders. */
  static Map<String, Map<String, Long>> counts(RunSummary summary) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    if (summary.get("confusion_matrix") instanceof Map<?, ?> rows) {
      rows.forEach((truth, cells) -> {
        Map<String, Long> row = new LinkedHashMap<>();
        if (cells instanceof Map<?, ?> m) {
          m.forEach((label, n) -> row.put(String.valueOf(label), ((Number) n).longValue()));
        }
        out.put(String.valueOf(truth), row);
      });
    }
    return out;
  }

  /** Appends the section; nothing when the run had no labels from folders. */
  static void section(StringBuilder h, RunSummary summary) {
    Map<String, Map<String, Long>> counts = counts(summary);
    if (counts.isEmpty()) {
      return;
    }
    Map<String, Long> images = new LinkedHashMap<>();
    HtmlPage.labelCounts(summary).keySet().forEach(l -> images.put(l, 0L));
    counts.forEach((truth, row) -> row.forEach((label, n) -> {
      images.merge(truth, n, Long::sum);
      images.merge(label, n, Long::sum);
    }));
    List<String> classes = new ArrayList<>();
    images.forEach((label, n) -> {
      if (n > 0) {
        classes.add(label);
      }
    });
    int shown = Math.min(MAX_CLASSES, classes.size());
    Set<String> kept = new LinkedHashSet<>(classes.stream()
        .sorted(Comparator.comparing((String c) -> images.get(c)).reversed()).limit(shown).toList());
    classes.removeIf(c -> !kept.contains(c));
    List<String> rows = classes.stream().filter(counts::containsKey).toList();

    h.append("<section id=\"confusion-matrix\">\n<h2>Confusion matrix</h2>\n<p class=\"sub\">Rows: the true label "
        + "(the image's folder); columns: the predicted label. Each cell counts predicted images (error rows are not "
        + "counted); its colour is the cell's share of its row: green on the diagonal (correct), red off it.");
    if (shown < images.values().stream().filter(n -> n > 0).count()) {
      h.append(" The ").append(shown).append(" classes with the most images are shown.");
    }
    h.append("</p>\n<div class=\"cm-wrap\"><table class=\"cm\">\n<thead><tr><th class=\"corner\">true ↓ predicted →"
        + "</th>");
    classes.forEach(c -> h.append("<th class=\"col\" scope=\"col\"><span>").append(esc(c)).append("</span></th>"));
    h.append("<th class=\"col total\" scope=\"col\"><span>images</span></th></tr></thead>\n<tbody>\n");
    for (String truth : rows) {
      Map<String, Long> row = counts.get(truth);
      long total = row.values().stream().mapToLong(Long::longValue).sum();
      h.append("<tr><th class=\"row\" scope=\"row\">").append(esc(truth)).append("</th>");
      for (String label : classes) {
        long n = row.getOrDefault(label, 0L);
        h.append(cell(truth, label, n, total));
      }
      h.append("<td class=\"num total\">").append(String.format(Locale.ROOT, "%,d", total)).append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  /** One cell: the count on a background whose opacity is the count's share of the row. */
  private static String cell(String truth, String label, long n, long rowTotal) {
    if (n == 0) {
      return "<td class=\"zero\"></td>";
    }
    double share = rowTotal == 0 ? 0 : (double) n / rowTotal;
    boolean correct = truth.equals(label);
    String rgb = correct ? "31,122,52" : "198,40,40";
    double alpha = 0.08 + 0.92 * share;
    return String.format(Locale.ROOT, "<td class=\"num%s\" style=\"background:rgba(%s,%.2f)\" title=\"%s → %s: "
        + "%,d of %,d (%.1f %%)\">%,d</td>", alpha > 0.55 ? " dark" : "", rgb, alpha, esc(truth), esc(label), n,
        rowTotal, 100 * share, n);
  }
}
