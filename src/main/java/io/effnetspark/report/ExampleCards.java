package io.effnetspark.report;

import static io.effnetspark.report.HtmlPage.esc;

import java.util.Locale;

/**
 * The report's examples: per predicted class (two classes to a row on a wide page), its most and least confident
 * images as cards of equal width, each with its thumbnail, file name, tags and top-k.
 */
final class ExampleCards {
  private ExampleCards() {}

  static void section(StringBuilder h, HtmlPage.Content c) {
    h.append("<section id=\"examples\">\n<h2>Examples per class</h2>\n");
    if (c.examples().isEmpty()) {
      h.append("<p class=\"muted\">No examples (nothing classified, or --report-thumbnails 0).</p>\n</section>\n");
      return;
    }
    h.append("<p class=\"sub\">For each predicted class, its most confident and least confident images with their "
        + "top-k. A red frame marks a prediction that differs from the image's folder.</p>\n<div class=\"class-grid\">\n");
    c.examples().forEach((label, list) -> {
      h.append("<div class=\"class-row\"><h3>").append(esc(label)).append("</h3><div class=\"figs\">\n");
      for (HtmlPage.Example e : list) {
        boolean wrong = e.trueLabel() != null && !e.trueLabel().equals(e.label());
        h.append("<figure class=\"ex").append(wrong ? " wrong" : "").append("\"><div class=\"img\">");
        Thumbnails.Thumbnail t = e.thumbnail();
        if (t.dataUri() != null) {
          h.append("<img src=\"").append(t.dataUri()).append("\" width=\"").append(t.width()).append("\" height=\"")
              .append(t.height()).append("\"").append(t.pixelated() ? " class=\"pixelated\"" : "")
              .append(" alt=\"").append(esc(fileName(e.path()))).append("\">");
        } else {
          h.append("<span class=\"muted\">").append(esc(t.problem())).append("</span>");
        }
        h.append("</div><figcaption><div class=\"path\" title=\"").append(esc(e.path())).append("\">")
            .append(esc(e.trueLabel() != null ? name(e.path()) : fileName(e.path()))).append("</div><div class=\"tags\">")
            .append("<span class=\"tag\">").append(e.mostConfident() ? "most confident" : "least confident")
            .append("</span>");
        if (e.trueLabel() != null) {
          h.append(" <span class=\"tag").append(wrong ? " bad" : "").append("\">folder: ")
              .append(esc(e.trueLabel())).append("</span>");
        }
        h.append("</div><ol class=\"topk\">");
        boolean first = true;
        for (HtmlPage.Scored sc : e.topK()) {
          h.append("<li").append(first ? " class=\"top\"" : "").append("><span>").append(esc(sc.label()))
              .append("</span><span class=\"num\">").append(String.format(Locale.ROOT, "%.3f", sc.probability()))
              .append("</span><div class=\"mini\"><div style=\"width:")
              .append(String.format(Locale.ROOT, "%.1f", 100 * sc.probability())).append("%\"></div></div></li>");
          first = false;
        }
        h.append("</ol></figcaption></figure>\n");
      }
      h.append("</div></div>\n");
    });
    h.append("</div>\n</section>\n");
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The file's name with its folder's. */
  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    String name = slash >= 0 ? path.substring(slash + 1) : path;
    int parent = slash > 0 ? path.lastIndexOf('/', slash - 1) : -1;
    return parent >= 0 ? path.substring(parent + 1) : name;
  }
}
