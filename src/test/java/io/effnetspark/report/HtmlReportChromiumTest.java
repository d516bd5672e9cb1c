package io.effnetspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.JobHarness;
import io.effnetspark.TestImages;
import io.effnetspark.TestPaths;
import io.effnetspark.config.Redaction;
import io.effnetspark.job.ExitCode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --report on a small labelled folder with two bad files, rendered by headless Chromium: the sections are there
 * with the run's numbers, every thumbnail is an embedded image, nothing is loaded from elsewhere, secrets in the
 * Spark configuration are not shown, and the screenshot shows the bars and thumbnails. The screenshot is kept at
 * {@code target/report-screenshots/report.png}.
 */
class HtmlReportChromiumTest {
  private static final String SECRET = "NOT-A-REAL-SECRET-7f3a9c";
  private static final String ACCESS_KEY = "AKIATESTKEY7F3A9C";
  static final Path ARTIFACTS = TestPaths.ROOT.resolve("target/report-screenshots");
  private static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("effnet-report-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.hadoop.fs.s3a.secret.key", SECRET).config("spark.hadoop.fs.s3a.access.key", ACCESS_KEY)
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static Chromium chromium(Path work) {
    Optional<Chromium> c = Chromium.find(work);
    if (c.isEmpty()) {
      String why = "chromium not found: install Debian's chromium package (apt-get install -y chromium; .ci/run "
          + "does) or set EFFNET_CHROMIUM to a Chromium binary";
      if ("1".equals(System.getenv(Chromium.REQUIRE_ENV))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    return c.get();
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String section(String dom, String id) {
    int start = dom.indexOf("<section id=\"" + id + "\"");
    assertTrue(start >= 0, "section " + id + " is rendered");
    return dom.substring(start, dom.indexOf("</section>", start));
  }

  @Test
  void reportRendersItsSectionsWithEmbeddedThumbnailsAndNoSecrets() throws Exception {
    Chromium browser = chromium(tmp);
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    for (String cls : List.of("trouser", "bag", "sneaker")) {
      TestImages.copy(in, cls, 0, 6);
    }
    Files.writeString(in.resolve("bag/notes-saved-as.png"), "<b>text</b>, not a PNG");
    JobHarness.Run run = JobHarness.run("--input", in.toString(), "--output", out.toString(), "--labels-from-dirs",
        "--report", "--run-id", "report-test", "--top-k", "3");
    assertEquals(ExitCode.OK, run.code(), run.err());
    Path report = out.resolve(HtmlReport.FILE_NAME);
    String html = Files.readString(report);
    String runJson = Files.readString(out.resolve("_run.json"));
    Files.createDirectories(ARTIFACTS);
    Files.writeString(ARTIFACTS.resolve("report.html"), html);

    // Self-contained: no script, stylesheet link, import or URL outside the page.
    assertFalse(html.contains("<script") || html.contains("<link") || html.contains("@import")
        || html.contains("url("), "no script, link, @import or url()");
    assertEquals(0, count(Pattern.compile("(?:src|href)=\"(?!data:image/png;base64,|#)"), html),
        "every src/href is an embedded image or an anchor");
    for (String s : List.of(html, runJson)) {
      assertFalse(s.contains(SECRET) || s.contains(ACCESS_KEY), "secrets are redacted");
    }
    JsonObject json = JsonParser.parseString(runJson).getAsJsonObject();
    assertEquals(Redaction.REDACTED, json.getAsJsonObject("spark_conf").get("spark.hadoop.fs.s3a.secret.key")
        .getAsString());

    String dom = browser.dumpDom(report);
    for (String id : List.of("summary", "class-histogram", "confidence-histogram", "examples", "errors",
        "run-json")) {
      section(dom, id);
    }
    assertTrue(dom.contains("<span id=\"status\" class=\"status ok\">OK</span>"), "status shown");
    String summary = section(dom, "summary");
    assertTrue(summary.contains("<div class=\"v\">19</div><div class=\"k\">images processed</div>"), summary);
    assertTrue(summary.contains("time per stage"), summary);

    long predicted = json.get("predicted").getAsLong();
    assertEquals(18, predicted);
    Map<String, Long> labels = new com.google.gson.Gson().fromJson(json.get("label_counts"),
        new com.google.gson.reflect.TypeToken<Map<String, Long>>() {}.getType());
    String classes = section(dom, "class-histogram");
    int expectedThumbnails = 0;
    for (Map.Entry<String, Long> e : labels.entrySet()) {
      if (e.getValue() > 0) {
        assertTrue(classes.contains("<span class=\"name\">" + e.getKey() + "</span>"), e.getKey());
        expectedThumbnails += (int) Math.min(4, e.getValue());
      }
    }
    String examples = section(dom, "examples");
    assertEquals(expectedThumbnails, count(Pattern.compile("<img "), examples));
    assertEquals(expectedThumbnails, count(Pattern.compile("<img src=\"data:image/png;base64,"), examples));
    assertEquals(expectedThumbnails, count(Pattern.compile("<ol class=\"topk\">(<li[^>]*>.*?</li>){3}</ol>"),
        examples), "each thumbnail with its top-3");
    String errors = section(dom, "errors");
    assertTrue(errors.contains("bag/notes-saved-as.png") && errors.contains("NOT_AN_IMAGE"), errors);
    assertTrue(section(dom, "confidence-histogram").contains("0.9–1.0"));

    // What a person sees: the bars (their colour) and the thumbnails (Fashion-MNIST's black backgrounds).
    Path png = ARTIFACTS.resolve("report.png");
    Files.deleteIfExists(png);
    browser.screenshot(report, png, 1280, 2400);
    BufferedImage shot = ImageIO.read(png.toFile());
    assertEquals(1280, shot.getWidth());
    int bar = 0;
    int black = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y) & 0xFFFFFF;
        if (Math.abs(((rgb >> 16) & 0xFF) - 0x3d) < 6 && Math.abs(((rgb >> 8) & 0xFF) - 0x7f) < 6
            && Math.abs((rgb & 0xFF) - 0xd9) < 6) {
          bar++;
        } else if (((rgb >> 16) & 0xFF) < 8 && ((rgb >> 8) & 0xFF) < 8 && (rgb & 0xFF) < 8) {
          black++;
        }
      }
    }
    assertTrue(bar > 5_000, "histogram bars drawn: " + bar + " bar-coloured pixels");
    assertTrue(black > expectedThumbnails * 1_000, "thumbnails drawn: " + black + " black pixels");
  }
}
