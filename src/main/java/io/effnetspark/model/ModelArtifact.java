package io.effnetspark.model;

import io.effnetspark.config.Engine;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

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
    // In its own class: tools without Hadoop on the classpath (GpuCheck) can still load ModelArtifact.
    return HadoopModelFiles.read(modelUrl, engine, hadoopConf);
  }

  /**
   * Reads a model from the local disk with java.nio only, for tools that run without Hadoop on the classpath
   * (the GPU check). Same files and checks as {@link #read}.
   *
   * @throws IOException naming the missing or unreadable file
   */
  public static ModelArtifact readLocal(Path modelFile, Engine engine) throws IOException {
    if (!Files.isRegularFile(modelFile)) {
      throw new FileNotFoundException("model file not found: " + modelFile);
    }
    Path labels = modelFile.resolveSibling(LABELS_FILE);
    Path card = modelFile.resolveSibling(ModelCard.FILE_NAME);
    for (Path p : List.of(labels, card)) {
      if (!Files.isRegularFile(p)) {
        throw new FileNotFoundException(p.getFileName() + " not found beside the model: " + p);
      }
    }
    String name = modelFile.getFileName().toString();
    return assemble(modelFile.toAbsolutePath().toString(), name, Files.readAllBytes(modelFile),
        engine != null ? engine : Engine.fromFileName(name), Files.readAllBytes(labels),
        labels.toString(), Files.readAllBytes(card), card.toString());
  }

  static ModelArtifact assemble(String location, String fileName, byte[] modelBytes, Engine engine,
      byte[] labelsBytes, String labelsLocation, byte[] cardBytes, String cardLocation) {
    List<String> labels = new String(labelsBytes, StandardCharsets.UTF_8).lines()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(labelsLocation + ": no labels (expected one per line, in logit order)");
    }
    ModelCard card = ModelCard.parse(new String(cardBytes, StandardCharsets.UTF_8), cardLocation);
    if (card.outputClasses() > 0 && card.outputClasses() != labels.size()) {
      throw new IllegalArgumentException(cardLocation + ": output.shape states " + card.outputClasses()
          + " classes, but " + labelsLocation + " has " + labels.size() + " labels");
    }
    return new ModelArtifact(location, fileName, modelBytes, engine, labels, card);
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
