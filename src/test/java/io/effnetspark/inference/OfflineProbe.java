package io.effnetspark.inference;

import ai.djl.Device;
import io.effnetspark.TestPaths;
import io.effnetspark.config.DeviceMode;
import io.effnetspark.config.SettingNames;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Run in a fresh JVM by {@link OfflineTest}: classifies one image with each engine while recording every URL
 * connection the JVM attempts (Java's URL connections, which DJL's downloads use, ask the ProxySelector first).
 */
public final class OfflineProbe {
  private OfflineProbe() {}

  public static void main(String[] args) throws IOException {
    List<URI> attempts = Collections.synchronizedList(new ArrayList<>());
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        attempts.add(uri);
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    });
    Path image = TestPaths.REFERENCE_DIR.resolve("test-00000.png");
    for (Path model : List.of(TestPaths.ONNX_MODEL, TestPaths.TORCHSCRIPT_MODEL)) {
      ModelArtifact artifact = ModelArtifact.read(model.toString(), null, new Configuration());
      System.out.println("--- " + artifact.engine());
      // As a task does: the engine's settings, then the device under --device auto (the Transformer's naming).
      DjlRuntime.configure(artifact.engine());
      System.out.println("gpus " + artifact.engine() + "=" + DeviceSelector.visibleGpus(artifact.engine().djlName(),
          DeviceMode.AUTO, SettingNames.PARAMS));
      InferenceSettings settings = TestSettings.cpu(1, 1);
      try (PartitionInference.Results<Path> r = new PartitionInference(artifact, settings, Device::cpu, 1)
          .run(List.of(image).iterator(), ImageSource.LOCAL_FILES)) {
        Prediction p = r.next().prediction();
        System.out.println("prediction " + artifact.engine() + " " + p.label() + " " + p.error());
      }
      for (String key : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads",
          "ai.djl.pytorch.graph_optimizer", DjlRuntime.ONNX_NO_ALTERNATIVE)) {
        System.out.println("after " + artifact.engine() + ": " + key + "=" + System.getProperty(key));
      }
    }
    System.out.println("offline=" + System.getProperty(DjlRuntime.OFFLINE));
    System.out.println("network-attempts=" + attempts);
  }
}
