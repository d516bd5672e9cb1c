package io.effnetspark.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.effnetspark.model.CardPlaceholders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code model-card.json} template made from a model's {@link ModelSignature}: what the engine shows is filled in
 * (input shape and layout, channels, the crop = the input's H × W, a gray model's {@code GRAY}, a softmax head's
 * {@code probabilities}); the rest, which only the training code knows (resize, interpolation, scale, mean, std,
 * RGB or BGR), is a {@link CardPlaceholders#PREFIX} value with hints, which the card parser refuses until replaced.
 * {@code decode} is {@code pil}: the pixels Python's decoders (PIL, torchvision, timm) hand a training loop.
 *
 * <p>Layout rule on a 4-D input {@code [N, a, b, c]}: 1 or 3 at {@code a} and not at {@code c} is NCHW; at
 * {@code c} and not at {@code a}, NHWC; both or neither is left to the user.
 *
 * @param card the template
 * @param findings what the user should know: inferred values, and anything the job cannot run as it is
 */
record CardTemplate(JsonObject card, List<String> findings) {

  static CardTemplate of(ModelSignature sig, long[] shapeHint, String name) {
    List<String> findings = new ArrayList<>();
    ModelSignature.Tensor input = sig.inputs().get(0);
    long[] shape = inputShape(input.shape(), shapeHint, findings);
    JsonObject in = new JsonObject();
    in.addProperty("name", input.name());
    int channels = -1;
    long height = -1;
    long width = -1;
    if (shape == null) {
      in.addProperty("shape", fill("[-1, C, H, W] (NCHW) or [-1, H, W, C] (NHWC), at the size the model was "
          + "trained with" + (sig.engine() == io.effnetspark.config.Engine.PYTORCH
              ? "; a TorchScript file records no shapes: run jobs/inspect-model.sh again with --shape N,C,H,W"
              : "; the model leaves some dimensions open: run jobs/inspect-model.sh again with --shape")));
      in.addProperty("layout", fill("NCHW or NHWC"));
    } else {
      in.add("shape", array(shape));
      String layout = layout(shape, findings);
      if (layout == null) {
        in.addProperty("layout", fill("NCHW or NHWC (the channel axis holds 1 or 3 values)"));
      } else {
        in.addProperty("layout", layout);
        boolean nchw = layout.equals("NCHW");
        channels = (int) shape[nchw ? 1 : 3];
        height = shape[nchw ? 2 : 1];
        width = shape[nchw ? 3 : 2];
        findings.add("input layout " + layout + " (" + channels + " channel" + (channels == 1 ? ", gray" : "s")
            + "), " + height + " x " + width + " (H x W)");
      }
    }
    if (!input.dtype().equals(ModelSignature.UNKNOWN)) {
      in.addProperty("dtype", input.dtype());
    }
    if (!input.dtype().equals("float32") && !input.dtype().equals(ModelSignature.UNKNOWN)) {
      findings.add("the input takes " + input.dtype() + ", the job feeds float32: export the model with a float32 "
          + "input (a Cast inside the graph, if it needs " + input.dtype() + ")");
    }
    JsonObject card = new JsonObject();
    card.addProperty("name", name);
    card.addProperty("template", "written by jobs/inspect-model.sh from what the engine shows; replace every value "
        + "that starts with " + CardPlaceholders.PREFIX + " (the job refuses the card until then): see README "
        + "\"Bring your own EfficientNet\" for the keys and the recipes for torchvision, timm and Keras");
    card.add("input", in);
    card.add("output", output(sig, findings));
    card.add("preprocessing", preprocessing(channels, height, width));
    card.addProperty("labels", "labels.txt");
    return new CardTemplate(card, List.copyOf(findings));
  }

  /** The input shape with the batch axis as -1 and open dimensions from the hint; null when one stays open. */
  private static long[] inputShape(long[] declared, long[] hint, List<String> findings) {
    long[] probe = ModelSignature.probeShape(declared, hint);
    if (probe == null) {
      return null;
    }
    if (declared != null && hint != null) {
      for (int i = 1; i < declared.length; i++) {
        if (declared[i] >= 0 && (hint.length != declared.length || hint[i] != declared[i])) {
          findings.add("--shape " + Arrays.toString(hint) + " differs from the model's own input shape "
              + Arrays.toString(declared) + ": the model's is used");
          break;
        }
      }
    }
    if (declared != null && declared.length > 0 && declared[0] > 0) {
      findings.add("the model's batch axis is fixed at " + declared[0] + ": the job sends batches of --batch-size "
          + "images; export with a dynamic batch axis (torch.onnx.export(..., dynamic_axes={name: {0: \"batch\"}})"
          + ") or run the job with --batch-size " + declared[0]);
    }
    long[] shape = probe.clone();
    shape[0] = -1;
    return shape;
  }

  private static String layout(long[] shape, List<String> findings) {
    if (shape.length != 4) {
      findings.add("the input has " + shape.length + " dimensions: the job feeds images as [N, C, H, W] or "
          + "[N, H, W, C]");
      return null;
    }
    boolean first = shape[1] == 1 || shape[1] == 3;
    boolean last = shape[3] == 1 || shape[3] == 3;
    if (first == last) {
      findings.add(first ? "both dimension 1 and dimension 3 could hold the channels: fill in input.layout"
          : "neither dimension 1 nor dimension 3 holds 1 or 3 channels: the job feeds gray or RGB/BGR images");
      return null;
    }
    return first ? "NCHW" : "NHWC";
  }

  private static JsonObject output(ModelSignature sig, List<String> findings) {
    JsonObject out = new JsonObject();
    OutputProbe probe = sig.probe();
    ModelSignature.Tensor first = sig.outputs().isEmpty() ? null : sig.outputs().get(0);
    if (first != null) {
      out.addProperty("name", first.name());
    }
    long classes = probe != null ? probe.classes() : first != null && first.shape() != null
        && first.shape().length == 2 ? first.shape()[1] : -1;
    if (classes > 0) {
      out.add("shape", array(new long[] {-1, classes}));
    } else {
      out.addProperty("shape", fill("[-1, classes]"));
    }
    if (probe != null && probe.rowsSumToOne()) {
      out.addProperty("kind", "probabilities");
      findings.add("output.kind probabilities: on random input every output row sums to 1 (a softmax head); the "
          + "job takes them as they are");
    } else {
      out.addProperty("kind", fill("logits (the job applies softmax), probabilities (a softmax head: taken as they "
          + "are) or sigmoid_logits (multi-label: a sigmoid per class)"
          + (probe != null && probe.withinZeroOne() ? "; on random input the values stay within [0, 1] without "
              + "summing to 1: a sigmoid head? then probabilities" : "")));
    }
    return out;
  }

  private static JsonObject preprocessing(int channels, long height, long width) {
    JsonObject p = new JsonObject();
    p.addProperty("decode", "pil");
    if (channels == 1) {
      p.addProperty("color", "GRAY");
    } else {
      p.addProperty("color", fill("RGB or BGR, the channel order the model was trained on (PIL, torchvision, "
          + "timm, Keras: RGB; OpenCV's cv2.imread, Caffe: BGR)"));
    }
    String size = height > 0 ? height == width ? Long.toString(height) : "[" + height + ", " + width + "]"
        : "the input size";
    String timm = height > 0 && height == width ? ", e.g. floor(" + height + " / 0.875) = " + (long) Math.floor(
        height / 0.875) : "";
    p.addProperty("resize", fill("the shorter side before the center crop (torchvision Resize(256) before "
        + "CenterCrop(224); timm: floor(crop / crop_pct)" + timm + ") with resize_mode shorter_side, or " + size
        + " with resize_mode exact (Keras load_img(target_size=...), Resize((H, W)))"));
    p.addProperty("resize_mode", fill("shorter_side (then the center crop) or exact (squashed to the size)"));
    if (height > 0) {
      p.add("crop", height == width ? new JsonPrimitive(height) : array(new long[] {height, width}));
    } else {
      p.addProperty("crop", fill("the input's H x W: an int, or [H, W]"));
    }
    p.addProperty("interpolation", fill("pil_bilinear (torchvision Resize on PIL images, the default), "
        + "pil_bicubic (timm's bicubic), pil_lanczos, or bilinear / bicubic / nearest on tensors (torch "
        + "F.interpolate, tf.image.resize: no antialias)"));
    p.addProperty("scale", fill("0.00392156862745098 (1/255: ToTensor, x / 255.) or 1 (raw 0..255 pixels, e.g. a "
        + "Keras model that normalises inside)"));
    String n = channels == 1 ? "1 value" : "3 values";
    p.addProperty("mean", fill(n + ", in the units after scale and in the model's channel order: " + (channels == 1
        ? "[0.5], or the dataset's mean" : "[0.485, 0.456, 0.406] (ImageNet: torchvision, timm), [0, 0, 0] for none")));
    p.addProperty("std", fill(n + ": " + (channels == 1 ? "[0.5], or the dataset's std"
        : "[0.229, 0.224, 0.225] (ImageNet), [1, 1, 1] for none")));
    return p;
  }

  /** The dotted keys whose values are placeholders, in card order. */
  List<String> unfilled() {
    return CardPlaceholders.unfilledKeys(card);
  }

  private static String fill(String hint) {
    return CardPlaceholders.PREFIX + ": " + hint;
  }

  private static JsonArray array(long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }
}
