package io.effnetspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.effnetspark.config.Engine;
import io.effnetspark.spark.DuckDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One convention model of {@code src/main/python/make_convention_models.py}: its folder
 * ({@code src/test/resources/models/conventions/<name>/}: model.onnx, labels.txt, model-card.json, reference.json,
 * input-tensors.f32.gz) and PyTorch's outputs on the shared images through the convention's own Python pipeline.
 *
 * <p>Tolerances of issue 11: probabilities within {@link #UNRESAMPLED_TOLERANCE} on images the pipeline did not
 * resample (already at the model's size), within {@link #RESAMPLED_TOLERANCE} on resampled ones, and the same top-1
 * wherever PyTorch's top-2 margin exceeds {@link #TOP1_MARGIN}.
 *
 * @param outputKind the card's {@code output.kind}: logits, probabilities or sigmoid_logits
 * @param inputShape the card's {@code input.shape}, batch axis -1
 */
public record ConventionModel(String name, Path dir, String outputKind, long[] inputShape, List<Image> images,
    Tensors tensors) {
  public static final Path ROOT = TestPaths.ROOT.resolve("src/test/resources/models/conventions");
  public static final Path IMAGES = ROOT.resolve("images");
  public static final double UNRESAMPLED_TOLERANCE = 1e-4;
  public static final double RESAMPLED_TOLERANCE = 2e-3;
  public static final double TOP1_MARGIN = 0.01;

  /**
   * PyTorch's result for one image.
   *
   * @param outputs the model's raw outputs (logits, or a softmax head's probabilities)
   * @param probabilities after softmax or sigmoid, as the job reports them
   */
  public record Image(String file, boolean resampled, int top1Index, double top2Margin, float[] outputs,
      float[] probabilities) {}

  /** The model inputs the Python pipeline made for some images, in the model's layout; {@code shape[0]} images. */
  public record Tensors(List<String> images, long[] shape, float[] data) {}

  /** The convention folders (those with a model.onnx), sorted. */
  public static List<String> names() throws IOException {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).map(d -> d.getFileName().toString())
          .sorted().toList();
    }
  }

  public static ConventionModel load(String name) throws IOException {
    Path dir = ROOT.resolve(name);
    JsonObject ref = JsonParser.parseString(Files.readString(dir.resolve("reference.json"))).getAsJsonObject();
    JsonObject card = JsonParser.parseString(Files.readString(dir.resolve("model-card.json"))).getAsJsonObject();
    List<Image> images = new ArrayList<>();
    for (JsonElement e : ref.getAsJsonArray("images")) {
      JsonObject o = e.getAsJsonObject();
      images.add(new Image(o.get("file").getAsString(), o.get("resampled").getAsBoolean(),
          o.get("top1_index").getAsInt(), o.get("top2_margin").getAsDouble(), floats(o.getAsJsonArray("outputs")),
          floats(o.getAsJsonArray("probabilities"))));
    }
    JsonObject t = ref.getAsJsonObject("tensor");
    long[] shape = longs(t.getAsJsonArray("shape"));
    float[] data;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(t.get("file").getAsString())))) {
      ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      data = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(data);
    }
    long expected = 1;
    for (long d : shape) {
      expected *= d;
    }
    if (expected != data.length) {
      throw new IOException(name + ": " + data.length + " floats in the tensor file, shape says " + expected);
    }
    List<String> tensorImages = new ArrayList<>();
    t.getAsJsonArray("images").forEach(e -> tensorImages.add(e.getAsString()));
    return new ConventionModel(name, dir, ref.get("output_kind").getAsString(),
        longs(card.getAsJsonObject("input").getAsJsonArray("shape")), List.copyOf(images),
        new Tensors(List.copyOf(tensorImages), shape, data));
  }

  public Path model() {
    return dir.resolve("model.onnx");
  }

  /** The same weights for either engine: {@code model.onnx} or the TorchScript {@code model.pt}. */
  public Path model(Engine engine) {
    return dir.resolve(engine == Engine.PYTORCH ? "model.pt" : "model.onnx");
  }

  /** Every convention folder with every engine, for parameterized tests. */
  public static Stream<Arguments> namesAndEngines() throws IOException {
    return names().stream().flatMap(n -> Stream.of(Engine.values()).map(e -> Arguments.of(n, e)));
  }

  public int classes() {
    return images.get(0).probabilities().length;
  }

  public Image image(String file) {
    return images.stream().filter(i -> i.file().equals(file)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + ": no reference for " + file));
  }

  /**
   * Checks predicted probabilities (per image file name, indexed by class) against PyTorch's, every image of the
   * reference; one failure lists every image that is off.
   *
   * @return a summary line: the largest differences on unresampled and resampled images
   */
  public String assertMatches(Map<String, float[]> predicted) {
    Map<String, String> differences = differences(predicted);
    assertTrue(differences.isEmpty(), name + ": " + differences.size() + " images differ from PyTorch:\n  "
        + String.join("\n  ", differences.values()));
    double maxExact = 0;
    double maxResampled = 0;
    for (Image ref : images) {
      double diff = maxDiff(predicted.get(ref.file()), ref.probabilities());
      maxExact = ref.resampled() ? maxExact : Math.max(maxExact, diff);
      maxResampled = ref.resampled() ? Math.max(maxResampled, diff) : maxResampled;
    }
    return String.format("%s: %d images, max |p - p_pytorch| %.3g not resampled, %.3g resampled", name,
        images.size(), maxExact, maxResampled);
  }

  /**
   * The images whose predicted probabilities are outside the tolerances, or whose top-1 differs where PyTorch's
   * margin exceeds {@link #TOP1_MARGIN}: file name → what is off. Empty when all match.
   */
  public Map<String, String> differences(Map<String, float[]> predicted) {
    Map<String, String> out = new TreeMap<>();
    for (Image ref : images) {
      float[] p = predicted.get(ref.file());
      if (p == null) {
        out.put(ref.file(), ref.file() + ": no prediction");
        continue;
      }
      double diff = maxDiff(p, ref.probabilities());
      double tolerance = ref.resampled() ? RESAMPLED_TOLERANCE : UNRESAMPLED_TOLERANCE;
      int top1 = 0;
      for (int c = 1; c < p.length; c++) {
        top1 = p[c] > p[top1] ? c : top1;
      }
      List<String> off = new ArrayList<>();
      if (!(diff <= tolerance)) {
        off.add(String.format("max |p - p_pytorch| = %.3g > %.0e", diff, tolerance));
      }
      if (ref.top2Margin() > TOP1_MARGIN && top1 != ref.top1Index()) {
        off.add(String.format("top-1 index %d, PyTorch's %d (top-2 margin %.3f)", top1, ref.top1Index(),
            ref.top2Margin()));
      }
      if (!off.isEmpty()) {
        out.put(ref.file(), ref.file() + " (" + (ref.resampled() ? "resampled" : "not resampled") + "): "
            + String.join("; ", off));
      }
    }
    return out;
  }

  private static double maxDiff(float[] p, float[] ref) {
    double max = 0;
    for (int c = 0; c < ref.length; c++) {
      max = Math.max(max, Math.abs(p[c] - ref[c]));
    }
    return max;
  }

  /**
   * Every class's probability per image file name from a job's Parquet output (run with {@code --top-k} = the
   * number of classes); fails on a row with an error.
   */
  public static Map<String, float[]> predictedProbabilities(Path output, int classes) throws SQLException {
    for (List<Object> row : DuckDb.query(output, "SELECT path, error_class, error, len(top_k) FROM OUT")) {
      assertEquals(null, row.get(1), row.get(0) + ": " + row.get(2));
      assertEquals(classes, ((Number) row.get(3)).intValue(), row.get(0) + ": top_k holds every class");
    }
    Map<String, float[]> out = new TreeMap<>();
    for (List<Object> row : DuckDb.query(output, "SELECT regexp_extract(path, '[^/]+$'), t.\"index\", "
        + "t.probability FROM (SELECT path, unnest(top_k) AS t FROM OUT)")) {
      out.computeIfAbsent((String) row.get(0), f -> new float[classes])[((Number) row.get(1)).intValue()] =
          ((Number) row.get(2)).floatValue();
    }
    return out;
  }

  private static float[] floats(JsonArray a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  private static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }
}
