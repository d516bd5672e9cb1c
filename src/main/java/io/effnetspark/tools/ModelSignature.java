package io.effnetspark.tools;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.effnetspark.config.Engine;
import io.effnetspark.inference.DjlRuntime;
import io.effnetspark.inference.ModelLoader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A model's inputs and outputs as its engine reports them, plus what forward passes on random input showed.
 *
 * <p>ONNX: ONNX Runtime's session metadata (names, element types, shapes with the names of dynamic dimensions, the
 * producer). TorchScript: DJL's PyTorch engine; a TorchScript file records no tensor shapes, so its input shape
 * comes from the caller ({@code --shape}) and the output shape from a forward pass. The forward passes (a batch of
 * uniform random values in [0, 1), then one in [0, 255)) run whenever the input shape is known and the first input
 * takes float32; their first output tells {@link OutputProbe} whether rows already sum to 1.
 *
 * @param producer the ONNX producer ({@code pytorch}, {@code tf2onnx}, {@code keras2onnx}, ...); empty if unknown
 * @param probe null when no forward pass ran
 * @param probeFailure why the forward pass failed, or null
 */
public record ModelSignature(Engine engine, String producer, List<Tensor> inputs, List<Tensor> outputs,
    OutputProbe probe, String probeFailure) {
  /** The element type of a TorchScript input: not recorded, known float32 once a float32 forward pass ran. */
  static final String UNKNOWN = "?";
  /** Dimension names of a TorchScript tensor: any batch size. */
  private static final String[] BATCH = {"batch"};

  /**
   * One input or output.
   *
   * @param dtype numpy-style element type ({@code float32}, {@code uint8}, ...)
   * @param shape dimensions, -1 for a dynamic one; null when the engine does not know the shape
   * @param dimNames names of dynamic dimensions (e.g. {@code batch}), null entries for fixed ones; may be null
   */
  public record Tensor(String name, String dtype, long[] shape, String[] dimNames) {
    /** {@code [batch, 3, 224, 224]}: a dynamic dimension by its name, or {@code ?}. */
    public String shapeText() {
      if (shape == null) {
        return "(shape not recorded)";
      }
      List<String> dims = new ArrayList<>();
      for (int i = 0; i < shape.length; i++) {
        boolean named = dimNames != null && i < dimNames.length && dimNames[i] != null && !dimNames[i].isEmpty();
        dims.add(shape[i] >= 0 ? Long.toString(shape[i]) : named ? dimNames[i] : "?");
      }
      return "[" + String.join(", ", dims) + "]";
    }
  }

  /** Reads an ONNX model with ONNX Runtime; {@code shapeHint} fills its dynamic input dimensions (may be null). */
  public static ModelSignature onnx(Path file, long[] shapeHint) throws IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    io.effnetspark.inference.OrtNatives.removeExtractionFolder();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(file.toString(), options)) {
        List<Tensor> inputs = tensors(session.getInputInfo());
        List<Tensor> outputs = tensors(session.getOutputInfo());
        String producer = session.getMetadata().getProducerName().strip();
        long[] shape = probeShape(inputs.get(0).shape(), shapeHint);
        if (shape == null || !"float32".equals(inputs.get(0).dtype())) {
          return new ModelSignature(Engine.ONNXRUNTIME, producer, inputs, outputs, null, null);
        }
        OutputProbe.Builder probe = new OutputProbe.Builder();
        try {
          for (float max : OutputProbe.INPUT_RANGES) {
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(random(shape, max)), shape);
                OrtSession.Result result = session.run(Map.of(inputs.get(0).name(), x))) {
              OnnxValue first = result.get(0);
              if (!(first instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                return new ModelSignature(Engine.ONNXRUNTIME, producer, inputs, outputs, null,
                    "the first output is not a float32 tensor");
              }
              FloatBuffer values = t.getFloatBuffer();
              float[] data = new float[values.remaining()];
              values.get(data);
              probe.add(t.getInfo().getShape(), data);
            }
          }
          return new ModelSignature(Engine.ONNXRUNTIME, producer, inputs, outputs, probe.build(), null);
        } catch (OrtException e) {
          return new ModelSignature(Engine.ONNXRUNTIME, producer, inputs, outputs, null,
              "a forward pass with input shape " + Arrays.toString(shape) + " failed: "
                  + ModelLoader.rootMessage(e));
        }
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime cannot load " + file + ": " + ModelLoader.rootMessage(e), e);
    }
  }

  /**
   * Reads a TorchScript model with DJL's PyTorch engine (offline, CPU). Without {@code shape} only the input names
   * are known; with it, a forward pass gives the outputs' shapes and types.
   */
  public static ModelSignature torchScript(Path file, long[] shape) throws IOException {
    DjlRuntime.configure(Engine.PYTORCH);
    String fileName = file.getFileName().toString();
    String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    try (Model model = Model.newInstance("inspect", Device.cpu(), Engine.PYTORCH.djlName())) {
      model.load(file.toAbsolutePath().getParent(), stem, Map.of("mapLocation", "true"));
      List<Tensor> inputs = new ArrayList<>();
      PairList<String, Shape> described = model.describeInput();
      if (described != null) {
        for (int i = 0; i < described.size(); i++) {
          inputs.add(new Tensor(described.keyAt(i), UNKNOWN, i == 0 ? withDynamicBatch(shape) : null, BATCH));
        }
      }
      if (inputs.isEmpty()) {
        inputs.add(new Tensor("input", UNKNOWN, withDynamicBatch(shape), BATCH));
      }
      if (shape == null) {
        return new ModelSignature(Engine.PYTORCH, "", inputs, List.of(), null, null);
      }
      return torchForward(model, probeShape(null, shape), inputs);
    } catch (MalformedModelException | RuntimeException e) {
      throw new IOException("PyTorch cannot load " + file + " as TorchScript: " + ModelLoader.rootMessage(e), e);
    }
  }

  private static ModelSignature torchForward(Model model, long[] shape, List<Tensor> inputs) {
    List<Tensor> outputs = new ArrayList<>();
    OutputProbe.Builder probe = new OutputProbe.Builder();
    try (NDManager manager = model.getNDManager().newSubManager();
        Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
      for (float max : OutputProbe.INPUT_RANGES) {
        NDList out = predictor.predict(new NDList(manager.create(random(shape, max), new Shape(shape))));
        outputs.clear();
        for (int i = 0; i < out.size(); i++) {
          NDArray a = out.get(i);
          long[] dims = a.getShape().getShape().clone();
          if (dims.length > 0) {
            dims[0] = -1; // the batch axis: TorchScript accepts any batch
          }
          outputs.add(new Tensor(a.getName() == null ? "output" + i : a.getName(),
              a.getDataType().toString(), dims, BATCH));
        }
        if (out.get(0).getDataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
          return new ModelSignature(Engine.PYTORCH, "", inputs, outputs, null,
              "the first output is not a float32 tensor");
        }
        probe.add(out.get(0).getShape().getShape(), out.get(0).toFloatArray());
      }
      Tensor first = inputs.get(0);
      List<Tensor> tested = new ArrayList<>(inputs);
      tested.set(0, new Tensor(first.name(), "float32", first.shape(), first.dimNames()));
      return new ModelSignature(Engine.PYTORCH, "", tested, outputs, probe.build(), null);
    } catch (TranslateException | RuntimeException e) {
      return new ModelSignature(Engine.PYTORCH, "", inputs, outputs, null,
          "a forward pass with input shape " + Arrays.toString(shape) + " failed: " + ModelLoader.rootMessage(e));
    }
  }

  private static List<Tensor> tensors(Map<String, NodeInfo> infos) {
    List<Tensor> out = new ArrayList<>();
    for (NodeInfo n : infos.values()) {
      if (n.getInfo() instanceof TensorInfo t) {
        out.add(new Tensor(n.getName(), dtype(t), t.getShape(), t.getDimensionNames()));
      } else {
        out.add(new Tensor(n.getName(), n.getInfo().toString(), null, null));
      }
    }
    return out;
  }

  private static String dtype(TensorInfo t) {
    return switch (t.type) {
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case FLOAT16 -> "float16";
      case BFLOAT16 -> "bfloat16";
      case BOOL -> "bool";
      case STRING -> "string";
      case UNKNOWN -> t.onnxType.toString().toLowerCase(Locale.ROOT);
      default -> t.type.toString().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * The input shape of the forward passes: the model's fixed dimensions, a dynamic batch axis as 2, other dynamic
   * dimensions from {@code hint} (same rank); without a declared shape (TorchScript), the hint with a batch of 2.
   * Null when a dimension stays unknown.
   */
  static long[] probeShape(long[] declared, long[] hint) {
    long[] shape = declared != null ? declared.clone() : hint != null ? hint.clone() : null;
    if (shape == null) {
      return null;
    }
    for (int i = 0; i < shape.length; i++) {
      if (i == 0 && (shape[0] < 0 || declared == null)) {
        shape[0] = 2;
      } else if (shape[i] < 0) {
        if (hint == null || hint.length != shape.length || hint[i] <= 0) {
          return null;
        }
        shape[i] = hint[i];
      }
    }
    return shape;
  }

  private static long[] withDynamicBatch(long[] shape) {
    if (shape == null) {
      return null;
    }
    long[] out = shape.clone();
    out[0] = -1;
    return out;
  }

  /** Uniform random values in [0, max), seeded: the same input on every run. */
  private static float[] random(long[] shape, float max) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    Random r = new Random(20191119L + (long) max);
    float[] out = new float[Math.toIntExact(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = r.nextFloat() * max;
    }
    return out;
  }
}
