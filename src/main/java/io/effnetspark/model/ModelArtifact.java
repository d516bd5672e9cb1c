package io.effnetspark.model;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Everything an executor needs to run the model, in one serializable value the driver broadcasts:
 * the model file's bytes, their sha256 (the model id), the engine, the labels and the model card.
 *
 * <p>Read on the driver through Hadoop's {@link FileSystem}, so {@code file:}, {@code hdfs:} and {@code s3a:}
 * model locations all work. The labels ({@code labels.txt}, one per line, in logit order) and the card
 * ({@code model-card.json}) are read from the model file's folder.
 */
public final class ModelArtifact implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String LABELS_FILE = "labels.txt";
  /** Models above this size cannot be broadcast as one byte array (Java array limit, with headroom). */
  static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 1024;

  private final String location;
  private final String fileName;
  private final byte[] bytes;
  private final String sha256;
  private final Engine engine;
  private final List<String> labels;
  private final ModelCard card;

  public ModelArtifact(String location, String fileName, byte[] bytes, Engine engine, List<String> labels,
      ModelCard card) {
    this.location = location;
    this.fileName = fileName;
    this.bytes = bytes;
    this.sha256 = sha256(bytes);
    this.engine = engine;
    this.labels = List.copyOf(labels);
    this.card = card;
  }

  /**
   * Reads a model file and its sibling {@code labels.txt} and {@code model-card.json}.
   *
   * @param modelUrl model file location, any Hadoop scheme
   * @param engine the engine, or null to infer it from the file extension
   * @throws IOException naming the file that is missing or unreadable
   * @throws IllegalArgumentException naming the file whose content is malformed
   */
  public static ModelArtifact read(String modelUrl, Engine engine, Configuration hadoopConf) throws IOException {
    Path modelPath = new Path(modelUrl);
    FileSystem fs = modelPath.getFileSystem(hadoopConf);
    if (!fs.exists(modelPath)) {
      throw new FileNotFoundException("model file not found: " + modelUrl);
    }
    if (fs.getFileStatus(modelPath).isDirectory()) {
      throw new IOException("model must be a file (.onnx or .pt), got a directory: " + modelUrl);
    }
    Engine resolved = engine != null ? engine : Engine.fromFileName(modelPath.getName());
    byte[] modelBytes = readAll(fs, modelPath, MAX_MODEL_BYTES);
    Path dir = modelPath.getParent();
    Path labelsPath = new Path(dir, LABELS_FILE);
    Path cardPath = new Path(dir, ModelCard.FILE_NAME);
    for (Path p : new Path[] {labelsPath, cardPath}) {
      if (!fs.exists(p)) {
        throw new FileNotFoundException(p.getName() + " not found beside the model: " + p);
      }
    }
    List<String> labels = new String(readAll(fs, labelsPath, 16 << 20), StandardCharsets.UTF_8).lines()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(labelsPath + ": no labels (expected one per line, in logit order)");
    }
    ModelCard card = ModelCard.parse(new String(readAll(fs, cardPath, 16 << 20), StandardCharsets.UTF_8),
        cardPath.toString());
    return new ModelArtifact(modelPath.toString(), modelPath.getName(), modelBytes, resolved, labels, card);
  }

  private static byte[] readAll(FileSystem fs, Path path, long limit) throws IOException {
    long length = fs.getFileStatus(path).getLen();
    if (length > limit) {
      throw new IOException(path + " is " + length + " bytes, over the limit of " + limit);
    }
    try (InputStream in = fs.open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(length, 32));
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      // permission denied, a folder where a file should be, a failing store: name the file whatever the FS says
      throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }

  /** Where the model was read from (for messages and {@code _run.json}). */
  public String location() {
    return location;
  }

  public String fileName() {
    return fileName;
  }

  /** The model file's bytes; callers must not modify them. */
  public byte[] bytes() {
    return bytes;
  }

  /** sha256 of the model file, lower-case hex: the {@code model_id} of every output row. */
  public String sha256() {
    return sha256;
  }

  public Engine engine() {
    return engine;
  }

  public ModelArtifact withEngine(Engine other) {
    return other == engine ? this : new ModelArtifact(location, fileName, bytes, other, labels, card);
  }

  /** Class names in logit order. */
  public List<String> labels() {
    return labels;
  }

  public ModelCard card() {
    return card;
  }
}
