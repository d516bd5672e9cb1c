package io.effnetspark.tools;

import com.google.gson.GsonBuilder;
import io.effnetspark.config.Engine;
import io.effnetspark.model.ModelArtifact;
import io.effnetspark.model.ModelCard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jobs/inspect-model.sh}: prints a model's inputs and outputs as its engine reports them (names, element
 * types, shapes; {@link ModelSignature}) and writes a {@code model-card.json} template ({@link CardTemplate}) with
 * what they tell, the rest marked for the user to fill in. Runs offline, on the CPU, without Spark.
 *
 * <p>Usage: {@code InspectModel MODEL [--shape N,C,H,W] [--out FILE | --out -] [--force]}. The template goes to
 * {@code model-card.json} beside the model unless {@code --out} names another file or {@code -} (standard output;
 * the report then goes to standard error); an existing file is replaced only with {@code --force}. Exit codes as
 * the job's: 0 written, 2 bad arguments or a file that would be replaced, 4 a model that is missing or that the
 * engine cannot load.
 */
public final class InspectModel {
  static final String USAGE = "usage: jobs/inspect-model.sh MODEL [--shape N,C,H,W] [--out FILE | --out -] "
      + "[--force]\n"
      + "  MODEL         an ONNX (.onnx) or TorchScript (.pt) file\n"
      + "  --shape       the input shape the model was trained with, e.g. 1,3,224,224 or 1,224,224,3: needed for\n"
      + "                TorchScript (it records no shapes) and for ONNX inputs with open height or width\n"
      + "  --out FILE    where the card template goes (default: model-card.json beside the model; - for stdout)\n"
      + "  --force       replace an existing file";

  private InspectModel() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the inspector; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path model = null;
    long[] shape = null;
    String target = null;
    boolean force = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--shape" -> shape = parseShape(value(args, ++i, "--shape"));
          case "--out" -> target = value(args, ++i, "--out");
          case "--force" -> force = true;
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (args[i].startsWith("-") || model != null) {
              throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            model = Path.of(args[i]);
          }
        }
      }
      if (model == null) {
        throw new IllegalArgumentException("no model file given");
      }
    } catch (IllegalArgumentException e) {
      err.println("inspect-model: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Engine engine;
    try {
      engine = Engine.fromFileName(model.getFileName().toString());
    } catch (IllegalArgumentException e) {
      err.println("inspect-model: " + e.getMessage());
      return 2;
    }
    if (!Files.isRegularFile(model)) {
      err.println("inspect-model: model file not found: " + model);
      return 4;
    }
    Path cardFile = target == null ? model.resolveSibling(ModelCard.FILE_NAME) : "-".equals(target) ? null
        : Path.of(target);
    if (cardFile != null && Files.exists(cardFile) && !force) {
      err.println("inspect-model: " + cardFile + " exists and is not replaced: pass --out FILE (or --out - for "
          + "standard output), or --force");
      return 2;
    }
    PrintStream report = cardFile == null ? err : out;
    ModelSignature sig;
    try {
      sig = engine == Engine.ONNXRUNTIME ? ModelSignature.onnx(model, shape) : ModelSignature.torchScript(model, shape);
    } catch (IOException e) {
      err.println("inspect-model: " + e.getMessage());
      return 4;
    }
    String folder = model.toAbsolutePath().getParent().getFileName() == null ? "model"
        : model.toAbsolutePath().getParent().getFileName().toString();
    CardTemplate template = CardTemplate.of(sig, shape, folder);
    printReport(report, model, sig, shape, template);
    String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(template.card())
        + "\n";
    List<String> unfilled = template.unfilled();
    if (cardFile == null) {
      out.print(json);
    } else {
      try {
        Files.writeString(cardFile, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("inspect-model: cannot write " + cardFile + ": " + e);
        return 2;
      }
    }
    report.println("wrote " + (cardFile == null ? "the card template to standard output" : cardFile + " (a card "
        + "template)") + (unfilled.isEmpty() ? "" : "; fill in " + String.join(", ", unfilled)
        + " (the values that start with FILL_IN): the job refuses the card until then"));
    return 0;
  }

  private static void printReport(PrintStream report, Path model, ModelSignature sig, long[] shape,
      CardTemplate template) {
    long bytes;
    try {
      bytes = Files.size(model);
    } catch (IOException e) {
      bytes = -1;
    }
    report.printf("model: %s (%s, %,d bytes%s)%n", model, sig.engine(), bytes,
        sig.producer().isEmpty() ? "" : ", made by " + sig.producer());
    report.println("inputs" + (sig.inputs().size() > 1 ? " (the job feeds the first):" : ":"));
    sig.inputs().forEach(t -> report.printf("  %-16s %-8s %s%n", t.name(), t.dtype(), t.shapeText()));
    if (sig.engine() == Engine.PYTORCH && shape == null) {
      report.println("  a TorchScript file records no tensor shapes: give the shape the model was trained with, "
          + "e.g. --shape 1,3,224,224 (NCHW) or --shape 1,224,224,3 (NHWC); a forward pass then shows the outputs");
    }
    if (!sig.outputs().isEmpty()) {
      report.println("outputs" + (sig.outputs().size() > 1 ? " (the job reads the first):" : ":"));
      sig.outputs().forEach(t -> report.printf("  %-16s %-8s %s%n", t.name(), t.dtype(), t.shapeText()));
    }
    if (sig.probe() != null) {
      report.println("forward pass: " + sig.probe());
    } else if (sig.probeFailure() != null) {
      report.println("forward pass: " + sig.probeFailure());
    }
    template.findings().forEach(f -> report.println("- " + f));
    Path labels = model.resolveSibling(ModelArtifact.LABELS_FILE);
    long classes = sig.probe() != null ? sig.probe().classes() : -1;
    if (Files.isRegularFile(labels)) {
      try {
        long names = Files.readAllLines(labels, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).count();
        report.println("- labels.txt: " + names + " names" + (classes < 0 ? "" : names == classes
            ? ", one per model output" : ", but the model has " + classes + " outputs: the job refuses that"));
      } catch (IOException e) {
        report.println("- labels.txt: unreadable (" + e.getMessage() + ")");
      }
    } else {
      report.println("- labels.txt is missing beside the model: one class name per line, in output order"
          + (classes > 0 ? " (" + classes + " lines)" : ""));
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** {@code 1,3,224,224}, {@code [1, 3, 224, 224]} or {@code 1x3x224x224}; a batch of -1 or 0 is allowed. */
  static long[] parseShape(String text) {
    String[] parts = text.replaceAll("[\\[\\]()\\s]", "").split("[,x]");
    long[] shape = new long[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        shape[i] = Long.parseLong(parts[i]);
        if (shape[i] <= 0 && i > 0) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--shape '" + text + "': expected sizes like 1,3,224,224");
    }
    if (shape.length < 2) {
      throw new IllegalArgumentException("--shape '" + text + "': expected the batch axis and the image axes");
    }
    return shape;
  }
}
