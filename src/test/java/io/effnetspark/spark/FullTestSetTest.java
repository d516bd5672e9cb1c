package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import io.effnetspark.JobHarness;
import io.effnetspark.SparkTestBase;
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
    JobHarness.Run job = JobHarness.run("--input", images.toString(), "--output", out.toString(), "--labels-from-dirs");
    assertEquals(ExitCode.OK, job.code(), job.printed());
    JsonObject run = job.runJson();
    assertEquals(10_000, run.get("rows_written").getAsLong());
    assertEquals(10_000, DuckDb.count(out, "SELECT count(DISTINCT path) FROM OUT"));
    double accuracy = run.get("accuracy").getAsDouble();
    System.out.println("top-1 over 10,000 test images: " + accuracy);
    assertTrue(accuracy >= 0.90, "accuracy " + accuracy);
  }
}
