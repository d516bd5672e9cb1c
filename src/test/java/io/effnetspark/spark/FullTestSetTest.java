package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.SparkTestBase;
import io.effnetspark.cli.EffnetJob;
import io.effnetspark.job.ExitCode;
import io.effnetspark.tools.FashionMnistPngs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All 10,000 Fashion-MNIST test images, written by the project's own tool: top-1 ≥ 0.90. {@code -Pheavy}. */
@Tag("heavy")
class FullTestSetTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void jobOverAllTenThousandTestImagesReachesNinetyPercentTop1() throws Exception {
    Path data = Path.of(FashionMnistPngs.DEFAULT_DATA_DIR);
    assumeTrue(Files.isDirectory(data), "needs Debian's dataset-fashion-mnist");
    Path images = tmp.resolve("fmnist");
    assertEquals(10_000, FashionMnistPngs.write(images, Integer.MAX_VALUE, data));
    Path out = tmp.resolve("out");
    assertEquals(ExitCode.OK, EffnetJob.run(new String[] {"--input", images.toString(), "--output", out.toString(),
        "--labels-from-dirs"}, System.out, System.err));
    JsonObject run = JsonParser.parseString(Files.readString(out.resolve("_run.json"))).getAsJsonObject();
    assertEquals(10_000, run.get("rows_written").getAsLong());
    assertEquals(10_000, DuckDb.count(out, "SELECT count(DISTINCT path) FROM OUT"));
    double accuracy = run.get("accuracy").getAsDouble();
    System.out.println("top-1 over 10,000 test images: " + accuracy);
    assertTrue(accuracy >= 0.90, "accuracy " + accuracy);
  }
}
