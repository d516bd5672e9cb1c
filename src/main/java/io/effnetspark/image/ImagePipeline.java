package io.effnetspark.image;

import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.DecodeScaling;
import io.effnetspark.config.ExifOrientation;
import io.effnetspark.config.Interpolation;
import io.effnetspark.config.JobConfig;
import io.effnetspark.config.ResizeMode;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import io.effnetspark.model.InputSpec;
import io.effnetspark.model.ModelCard;

/**
 * The one path from file bytes to the model's input, as the model card and the job's settings say: decode
 * ({@link ImageDecoder}: format, EXIF orientation, colour profile, alpha, bit depth by {@code decode}) → colour →
 * resize → crop → scale/normalise → NCHW or NHWC floats ({@link Preprocessor}). The executors' per-partition loop
 * ({@code inference.PartitionInference}) and the driver's model check ({@code cli.Preflight}) both use it, for both
 * engines, the Transformer and the command line.
 *
 * <p>Settings read (each one the command line, a Param, the config file or the card may state, in that order):
 * {@code decode}, {@code decode-scaling} ({@link ImageDecoder#reducedTo}), {@code interpolation}, {@code resize-mode}, {@code exif-orientation} ({@code ignore} under
 * {@code decode pil} unless stated), {@code max-pixels}. From the card: {@code input} (layout, size, channels) and
 * {@code preprocessing} (resize, crop, colour, alpha, scale, mean, std).
 *
 * <p>Holds decoder and preprocessor buffers: one instance per thread.
 */
public final class ImagePipeline {
  private final InputSpec input;
  private final ImageDecoder decoder;
  private final Preprocessor preprocessor;
  private final DecodeMode decode;
  private final ExifOrientation orientation;
  private final boolean reduced;

  private ImagePipeline(InputSpec input, ImageDecoder decoder, Preprocessor preprocessor, DecodeMode decode,
      ExifOrientation orientation, boolean reduced) {
    this.input = input;
    this.reduced = reduced;
    this.decoder = decoder;
    this.preprocessor = preprocessor;
    this.decode = decode;
    this.orientation = orientation;
  }

  /** {@link #of(ModelCard, JobConfig, SettingNames)}, messages naming the command line's options. */
  public static ImagePipeline of(ModelCard card, JobConfig jobConfig) {
    return of(card, jobConfig, SettingNames.OPTIONS);
  }

  /**
   * The pipeline of {@code card} under {@code jobConfig}, with the card's settings below the stated ones
   * ({@link JobConfig#withModelCard}).
   *
   * @param names how a message names a setting: the option ({@code --resize-mode}) or the Param ({@code resizeMode})
   * @throws IllegalArgumentException when the settings contradict the card (e.g. resize mode {@code shorter_side}
   *     for a card whose resize is an exact {@code [H, W]}), naming the setting as {@code names} does
   */
  public static ImagePipeline of(ModelCard card, JobConfig jobConfig, SettingNames names) {
    JobConfig config = jobConfig.withModelCard(card.settings()); // idempotent: stated values stay
    DecodeMode decode = config.get(Settings.DECODE);
    ExifOrientation orientation = config.exifOrientation();
    ResizeMode mode = config.get(Settings.RESIZE_MODE);
    Interpolation interpolation = config.get(Settings.INTERPOLATION);
    Preprocessor pre;
    try {
      pre = new Preprocessor(card.preprocessing(), card.input().layout(), interpolation, mode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(names.of(Settings.RESIZE_MODE) + " " + mode + ": " + e.getMessage(), e);
    }
    ImageDecoder decoder = new ImageDecoder(config.get(Settings.MAX_PIXELS), orientation, decode,
        card.preprocessing().alpha());
    boolean reduced = config.get(Settings.DECODE_SCALING) == DecodeScaling.AUTO;
    if (reduced) {
      decoder = decoder.reducedTo(decodeTarget(pre));
    }
    return new ImagePipeline(card.input(), decoder, pre, decode, orientation, reduced);
  }

  /** The size the preprocessing resizes to: what a reduced-scale decode must still cover. */
  public static DecodeTarget decodeTarget(Preprocessor pre) {
    var spec = pre.spec();
    return pre.resizeMode() == ResizeMode.EXACT ? DecodeTarget.exact(spec.resizeWidth(), spec.resizeHeight())
        : DecodeTarget.shorterSide(spec.resizeHeight());
  }

  public InputSpec input() {
    return input;
  }

  /** Floats one image occupies in the batch. */
  public int floatsPerImage() {
    return input.floatsPerImage();
  }

  public Preprocessor preprocessor() {
    return preprocessor;
  }

  /**
   * Decodes {@code content} and writes the model input into {@code out[offset ..]}. The decoder may reuse its pixel
   * buffers for the next call.
   *
   * @return the image's {@code {width, height}} at full size, after EXIF orientation (also when it was decoded at
   *     reduced scale)
   * @throws ImageDecodeException with the class of the problem
   */
  public int[] prepare(byte[] content, float[] out, int offset) throws ImageDecodeException {
    RgbImage img = decoder.decodeReusing(content);
    preprocessor.preprocess(img, out, offset);
    return new int[] {decoder.sourceWidth(), decoder.sourceHeight()};
  }

  /** The decoder (its {@link ImageDecoder#lastScale} tells how the last image was decoded). */
  public ImageDecoder decoder() {
    return decoder;
  }

  /** Writes an already decoded image into {@code out[offset ..]}. */
  public void preprocess(RgbImage img, float[] out, int offset) {
    preprocessor.preprocess(img, out, offset);
  }

  @Override
  public String toString() {
    return "decode " + decode + " (EXIF orientation " + orientation + (reduced ? ", JPEGs at reduced scale" : "")
        + ") → " + preprocessor.spec() + ", "
        + preprocessor.interpolation() + ", resize mode " + preprocessor.resizeMode() + " → " + input;
  }
}
