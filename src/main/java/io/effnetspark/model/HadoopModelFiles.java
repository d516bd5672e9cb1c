package io.effnetspark.model;

import io.effnetspark.config.Engine;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads a model's files through Hadoop's FileSystem: {@code file:}, {@code hdfs:}, {@code s3a:}, ... */
final class HadoopModelFiles {
  private HadoopModelFiles() {}

  static ModelArtifact read(String modelUrl, Engine engine, Configuration hadoopConf) throws IOException {
    Path modelPath = new Path(modelUrl);
    FileSystem fs = modelPath.getFileSystem(hadoopConf);
    if (!fs.exists(modelPath)) {
      throw new FileNotFoundException("model file not found: " + modelUrl);
    }
    if (fs.getFileStatus(modelPath).isDirectory()) {
      throw new IOException("model must be a file (.onnx or .pt), got a directory: " + modelUrl);
    }
    Engine resolved = engine != null ? engine : Engine.fromFileName(modelPath.getName());
    byte[] modelBytes = readAll(fs, modelPath, ModelArtifact.MAX_MODEL_BYTES);
    Path dir = modelPath.getParent();
    Path labelsPath = new Path(dir, ModelArtifact.LABELS_FILE);
    Path cardPath = new Path(dir, ModelCard.FILE_NAME);
    for (Path p : new Path[] {labelsPath, cardPath}) {
      if (!fs.exists(p)) {
        throw new FileNotFoundException(p.getName() + " not found beside the model: " + p);
      }
    }
    return ModelArtifact.assemble(modelPath.toString(), modelPath.getName(), modelBytes, resolved,
        readAll(fs, labelsPath, 16 << 20), labelsPath.toString(), readAll(fs, cardPath, 16 << 20),
        cardPath.toString());
  }

  private static byte[] readAll(FileSystem fs, Path path, long limit) throws IOException {
    try {
      return HadoopFiles.readAll(fs, path, limit);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("over the limit")) {
        throw e;
      }
      // permission denied, a folder where a file should be, a failing store: name the file whatever the FS says
      throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

}
