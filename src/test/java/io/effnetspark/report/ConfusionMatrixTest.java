package io.effnetspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report's confusion matrix from {@code _run.json}'s counts: labels on both axes in the model's order, every
 * count in its cell, the colour's strength growing with the cell's share of its row (green on the diagonal, red
 * off it), a run without labels from folders has none, and a model with many classes shows the largest ones.
 */
class ConfusionMatrixTest {
  private static RunSummary summary(List<String> modelLabels, Map<String, Map<String, Long>> confusion) {
    Map<String, Object> f = new LinkedHashMap<>();
    Map<String, Long> labelCounts = new LinkedHashMap<>();
    modelLabels.forEach(l -> labelCounts.put(l, 0L));
    confusion.values().forEach(row -> row.forEach((l, n) -> labelCounts.merge(l, n, Long::sum)));
    f.put("label_counts", labelCounts);
    if (confusion != null) {
      f.put("confusion_matrix", confusion);
    }
    return RunSummary.of(f);
  }

  private static String render(RunSummary s) {
    StringBuilder h = new StringBuilder();
    ConfusionMatrix.section(h, s);
    return h.toString();
  }

  private static List<String> all(String regex, String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void cellsHoldTheCountsWithLabelsOnBothAxesAndColourByShareOfTheRow() {
    Map<String, Map<String, Long>> c = new LinkedHashMap<>();
    c.put("shirt", new LinkedHashMap<>(Map.of("shirt", 6L, "t-shirt", 3L, "coat", 1L)));
    c.put("coat", new LinkedHashMap<>(Map.of("coat", 10L)));
    String html = render(summary(List.of("t-shirt", "coat", "shirt", "bag"), c));

    // Columns: the model's order, only classes with images; rows: the folders, in the same order.
    assertEquals(List.of("t-shirt", "coat", "shirt", "images"), all("<th class=\"col[^\"]*\" scope=\"col\"><span>"
        + "([^<]+)</span>", html));
    assertEquals(List.of("coat", "shirt"), all("<th class=\"row\" scope=\"row\">([^<]+)</th>", html));
    String shirtRow = html.substring(html.indexOf(">shirt</th>"), html.indexOf("</tr>", html.indexOf(">shirt</th>")));
    assertEquals(List.of("3", "1", "6"), all(">([0-9,]+)</td>", shirtRow.replaceAll("<td class=\"num total\">.*", "")),
        "t-shirt, coat, shirt cells of the shirt row");
    assertTrue(shirtRow.contains("<td class=\"num total\">10</td>"), shirtRow);

    double diagonal = alpha(html, "shirt → shirt");
    double confused = alpha(html, "shirt → t-shirt");
    double rare = alpha(html, "shirt → coat");
    assertTrue(diagonal > confused && confused > rare, diagonal + " > " + confused + " > " + rare);
    assertTrue(style(html, "shirt → shirt").startsWith("rgba(31,122,52,"), "green on the diagonal");
    assertTrue(style(html, "shirt → t-shirt").startsWith("rgba(198,40,40,"), "red off it");
    assertEquals(1.0, alpha(html, "coat → coat"), 1e-9, "a row all correct is full strength");
  }

  @Test
  void noLabelsFromFoldersNoMatrixAndManyClassesShowTheLargest() {
    assertEquals("", render(RunSummary.of(Map.of("label_counts", Map.of("a", 3L)))));

    Map<String, Map<String, Long>> c = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      labels.add("class-" + i);
      c.put("class-" + i, new LinkedHashMap<>(Map.of("class-" + i, (long) i + 1)));
    }
    String html = render(summary(labels, c));
    List<String> rows = all("<th class=\"row\" scope=\"row\">([^<]+)</th>", html);
    assertEquals(ConfusionMatrix.MAX_CLASSES, rows.size());
    assertEquals("class-10", rows.get(0), "the 30 largest of 40, in the model's order");
    assertTrue(html.contains("The 30 classes with the most images are shown."), html);
  }

  private static String style(String html, String title) {
    Matcher m = Pattern.compile("style=\"background:([^\"]+)\" title=\"" + Pattern.quote(title) + ":").matcher(html);
    assertTrue(m.find(), title + " in\n" + html);
    return m.group(1);
  }

  private static double alpha(String html, String title) {
    String s = style(html, title);
    return Double.parseDouble(s.substring(s.lastIndexOf(',') + 1, s.length() - 1));
  }
}
