package io.effnetspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.effnetspark.ConventionModel;
import io.effnetspark.config.Engine;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine parity apart from preprocessing: each convention model, run by ONNX Runtime and by PyTorch (its TorchScript
 * export) through DJL on the very input
 * tensor that the convention's Python pipeline made (saved by make_convention_models.py), gives PyTorch's outputs,
 * and after the card's {@code output.kind} (softmax, sigmoid, or as they are) PyTorch's probabilities within 1e-4.
 * A difference in the job's own tests
 * ({@code spark.ConventionJobParityTest}) is then one of preprocessing.
 */
class ConventionEngineParityTest {

  @ParameterizedTest
  @MethodSource("io.effnetspark.ConventionModel#namesAndEngines")
  void pythonsInputTensorGivesPytorchsOutputsWithin1e4(String name, Engine engine) throws Exception {
    ConventionModel c = ConventionModel.load(name);
    DjlRuntime.configure(Engine.ONNXRUNTIME);
    double maxOutput = 0;
    double maxProbability = 0;
    try (Model model = Model.newInstance("convention", Device.cpu(), engine.djlName())) {
      model.load(c.dir(), "model");
      try (NDManager manager = model.getNDManager().newSubManager();
          Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
        long[] shape = c.tensors().shape();
        NDList out = predictor.predict(new NDList(manager.create(c.tensors().data(), new Shape(shape))));
        float[] flat = out.get(0).toFloatArray();
        int classes = c.classes();
        assertEquals(shape[0] * classes, flat.length, "outputs: [" + shape[0] + ", " + classes + "]");
        for (int i = 0; i < shape[0]; i++) {
          ConventionModel.Image ref = c.image(c.tensors().images().get(i));
          float[] outputs = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
          float[] probabilities = switch (c.outputKind()) {
            case "logits" -> TopK.softmax(outputs);
            case "sigmoid_logits" -> sigmoid(outputs);
            default -> outputs;
          };
          maxOutput = Math.max(maxOutput, maxDiff(outputs, ref.outputs()));
          maxProbability = Math.max(maxProbability, maxDiff(probabilities, ref.probabilities()));
        }
      }
    }
    System.out.printf("%s (" + engine + "): engine on Python's tensors: max |output diff| %.3g, max |p diff| %.3g%n", name,
        maxOutput, maxProbability);
    assertTrue(maxOutput <= 1e-4, name + ": outputs differ from PyTorch's by " + maxOutput);
    assertTrue(maxProbability <= ConventionModel.UNRESAMPLED_TOLERANCE,
        name + ": probabilities differ from PyTorch's by " + maxProbability);
  }

  private static float[] sigmoid(float[] logits) {
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
    }
    return p;
  }

  private static double maxDiff(float[] a, float[] b) {
    assertEquals(b.length, a.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
