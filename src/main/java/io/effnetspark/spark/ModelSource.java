package io.effnetspark.spark;

import io.effnetspark.config.Engine;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import io.effnetspark.inference.EngineAvailability;
import io.effnetspark.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Reads the model a Transformer's settings name, on the driver, once its engine is known to be available. */
final class ModelSource {
  private ModelSource() {}

  /**
   * @param names how messages name {@code modelUrl} and {@code engine}
   * @throws IllegalArgumentException when the file name implies no engine and none is set
   * @throws IllegalStateException when that engine is not on the classpath ({@link EngineAvailability})
   * @throws UncheckedIOException when the model, its labels or card cannot be read
   */
  static ModelArtifact read(JobConfig config, SettingNames names, Configuration hadoopConf) {
    String url = config.model();
    Engine engine;
    try {
      engine = config.engine() != null ? config.engine() : Engine.fromFileName(new Path(url).getName());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(names.rename(Settings.ENGINE, e.getMessage()), e);
    }
    String problem = EngineAvailability.problem(engine, names.of(Settings.MODEL) + " " + url);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    try {
      return ModelArtifact.read(url, engine, hadoopConf);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
