package io.effnetspark.config;

import static io.effnetspark.config.Setting.above;
import static io.effnetspark.config.Setting.atLeast;
import static io.effnetspark.config.Setting.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every job setting, once: key, type, default, check and documentation (in the spirit of spark-rapids'
 * {@code RapidsConf}). The command line ({@code cli.JobOptions}), the Transformer's Params
 * ({@code spark.EfficientNetClassifier}), {@code _run.json}'s {@code options} and {@code --help} are made from this
 * list; {@code conf/effnet-job.properties} and the README's options table are checked against it by
 * {@code config.SettingsDocsTest}. Adding a setting: one entry here, and the code that uses its value
 * ({@code config.get(Settings.X)}).
 */
public final class Settings {
  private Settings() {}

  /** The value of {@link #MAX_REPORT_THUMBNAILS}'s bound: each thumbnail is a file read on the driver. */
  public static final int MAX_REPORT_THUMBNAILS_BOUND = 20;

  public static final Setting<String> INPUT = Setting.string("input").label("PATH")
      .defaultDoc("required, or `--input-list`").check(UriCredentials::problem)
      .doc("image folder (recursive), file or glob; `file:`, `hdfs:`, `s3a:` or the default FS. A path that exists is "
          + "taken as it is, glob characters included (`photos [2024]`); only one that does not exist is a glob");
  public static final Setting<String> INPUT_LIST = Setting.string("input-list").label("FILE")
      .defaultDoc("instead of `--input`").check(UriCredentials::problem)
      .doc("a list of the files to classify: text with one path or URI per line (blank lines and `#` comments "
          + "ignored), or a `.parquet` file or folder or a `.csv` file with a `path` column; relative paths are "
          + "below the list's folder. Each listed file gets a row as if a folder listing had found it, a missing "
          + "one a `READ_FAILED` row; a path listed again is skipped as `duplicate` ([A list of inputs]"
          + "(#a-list-of-inputs---input-list))");
  public static final Setting<String> OUTPUT = Setting.string("output").label("PATH").defaultDoc("required")
      .check(UriCredentials::problem)
      .doc("Parquet output folder");
  public static final Setting<String> MODEL = Setting.string("model").label("FILE")
      .byDefault(() -> shippedModel(Optional.ofNullable(System.getenv("EFFNET_HOME")).orElse(".")),
          "`models/fashion-effnet/model.onnx` (the shipped model, on the local file system)")
      .check(UriCredentials::problem).param("modelUrl")
      .doc("`.onnx` or TorchScript `.pt`; `labels.txt` and `model-card.json` beside it; any Hadoop scheme");
  /** Null: from the model file's extension ({@code auto}). */
  public static final Setting<Engine> ENGINE = Setting.choiceOrAuto("engine", Engine.class)
      .param().doc("`onnxruntime`, `pytorch`, or `auto` (from the file extension)");
  public static final Setting<DeviceMode> DEVICE = Setting.choice("device", DeviceMode.class, DeviceMode.AUTO)
      .param().doc("`auto` (the task's GPU if the engine sees one, else CPU), `cpu`, `gpu`");
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size", 32).label("N").check(above(0))
      .param().doc("images per forward pass; a batch that cannot fit memory is exit 2 ([Strange input]"
          + "(#strange-input-special-files-link-loops-huge-files-odd-names))");
  public static final Setting<Integer> TOP_K = Setting.integer("top-k", 5).label("K").check(above(0))
      .param().doc("entries in `top_k`; a model with fewer classes lists all of them (the default 5 suits a "
          + "2-class model)");
  public static final Setting<WriteMode> MODE = Setting.choice("mode", WriteMode.class, WriteMode.ERRORIFEXISTS)
      .doc("`errorifexists`, `overwrite`, `append` (adds a row per image at every run, also for images already "
          + "there: `--incremental` skips those)");
  public static final Setting<Integer> PARTITIONS = Setting.integer("partitions", 0).label("N").check(atLeast(0))
      .defaultDoc("0 (auto)")
      .doc("tasks; auto = max(2 × default parallelism, files / 2000) rounded up to a multiple of the parallelism "
          + "(no last task alone on one core), at most one per file; by file count, not bytes; images are dealt in "
          + "turn, so task sizes differ by at most one (nearly so after `--incremental`)");
  public static final Setting<Boolean> LABELS_FROM_DIRS = Setting.flag("labels-from-dirs")
      .doc("parent folder name = true label; adds `true_label` and accuracy");
  public static final Setting<Long> MAX_PIXELS = Setting.whole("max-pixels", 100_000_000L).label("N")
      .check(above(0)).param()
      .doc("decompression-bomb guard, checked from the image header before decoding");
  /** The most bytes one Java array holds: the cap of {@link #MAX_FILE_BYTES}. */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
  public static final Setting<Long> MAX_FILE_BYTES = Setting.bytes("max-file-bytes", 256L << 20)
      .check(within(1, MAX_ARRAY_BYTES)).param().defaultDoc("`256m`")
      .doc("largest file read into memory: bytes, or with `k`, `m`, `g` (binary); at most " + MAX_ARRAY_BYTES
          + " (one Java array). A larger file gets a `TOO_LARGE` row naming its size, without being read");
  public static final Setting<ExifOrientation> EXIF_ORIENTATION = Setting.choice("exif-orientation",
      ExifOrientation.class, ExifOrientation.APPLY).param().inModelCard()
      .doc("`apply`: turn JPEG/TIFF images upright as their EXIF Orientation tag says (as viewers show them); "
          + "`ignore`: the stored pixels. With `--decode pil` the stored pixels, unless this option (or the model "
          + "card's `settings`) states `apply`");
  public static final Setting<DecodeMode> DECODE = Setting.choice("decode", DecodeMode.class, DecodeMode.DEFAULT)
      .param().inModelCard()
      .doc("`default`: EXIF orientation applied, ICC profiles converted to sRGB, alpha over white, 16-bit scaled; "
          + "`pil`: the pixels PIL's `Image.open(f).convert(\"RGB\")` gives a training loop (orientation and "
          + "profiles ignored, alpha dropped, 16-bit clipped). Over the model card's `preprocessing.decode` "
          + "([Bring your own EfficientNet](#bring-your-own-efficientnet))");
  public static final Setting<DecodeScaling> DECODE_SCALING = Setting.choice("decode-scaling", DecodeScaling.class,
      DecodeScaling.OFF).param().inModelCard()
      .doc("`auto`: a JPEG at least twice the size the model's resize needs is decoded at 1/2, 1/4 or 1/8 scale "
          + "(libjpeg-turbo via OpenCV, as Pillow's `draft()`), still at least that size, then resized: several times "
          + "less CPU on camera photos, slightly different pixels ([Speed](#speed)); `off`: full size. Over the model "
          + "card's `preprocessing.decode_scaling`");
  public static final Setting<Interpolation> INTERPOLATION = Setting.choice("interpolation", Interpolation.class,
      Interpolation.BILINEAR).param().inModelCard()
      .doc("resize filter: `bilinear` (PyTorch `interpolate`, no antialias), `bicubic`, `nearest`, or Pillow's "
          + "`pil_bilinear`, `pil_bicubic`, `pil_lanczos`. Over the model card's `preprocessing.interpolation`");
  public static final Setting<ResizeMode> RESIZE_MODE = Setting.choice("resize-mode", ResizeMode.class,
      ResizeMode.SHORTER_SIDE).param().inModelCard()
      .doc("`shorter_side` (then center crop) or `exact` (squash to the size). Over the model card's "
          + "`preprocessing.resize_mode`");
  public static final Setting<Double> MULTI_LABEL_THRESHOLD = Setting.decimal("multi-label-threshold", 0.5)
      .label("P").check(within(0, 1)).param()
      .doc("models whose card says `output.kind: sigmoid_logits`: every class with a sigmoid probability >= P is "
          + "listed in `above_threshold`");
  public static final Setting<Boolean> INCLUDE_ALL_FILES = Setting.flag("include-all-files")
      .doc("every listed regular file gets a row: hidden files and any extension (non-images become `NOT_AN_IMAGE` rows)");
  public static final Setting<Double> MAX_ERROR_FRACTION = Setting.decimal("max-error-fraction", 1.0).label("F")
      .check(within(0, 1)).doc("exit code 6 (after writing) when error rows / rows > F");
  public static final Setting<Integer> GPU_BATCH_SIZE = Setting.integer("gpu-batch-size", 0).label("N")
      .check(atLeast(0)).param().defaultDoc("0 (= `--batch-size`)")
      .doc("batch size for tasks on a GPU ([GPU executors](#gpu-executors))");
  public static final Setting<Integer> GPU_CONCURRENCY = Setting.integer("gpu-concurrency", 2).label("N")
      .check(above(0)).param().doc("most forward passes at once per GPU in one executor");
  /** 0: auto, decided per model by {@code inference.InferenceSettings#cpuConcurrencyFor}. */
  public static final Setting<Integer> CPU_CONCURRENCY = Setting.autoOrPositive("cpu-concurrency").param()
      .doc("ONNX Runtime on the CPU: most forward passes at once in one executor, each with executor cores / N "
          + "intra-op threads; `auto` = 1 for models with inputs of 128 px or more, else one per core "
          + "([Speed](#speed))");
  public static final Setting<String> RUN_ID = Setting.string("run-id").label("ID")
      .byDefault(Settings::newRunId, "UTC time + random").doc("value of `run_id`");
  // Scheduled runs and observability
  public static final Setting<Boolean> INCREMENTAL = Setting.flag("incremental")
      .doc("skip images that already have a row from the same model in `--output` (same path, size and "
          + "modification time); classify and add only new or changed ones. Needs `--mode append`, or `--run-date`");
  public static final Setting<java.time.LocalDate> RUN_DATE = Setting.date("run-date")
      .doc("write this date to a `run_date` column and partition the output by it; `--mode overwrite` then "
          + "replaces only this date's partition (dynamic partition overwrite), `errorifexists` refuses only an "
          + "existing date");
  public static final Setting<Duration> PROGRESS_INTERVAL = Setting.seconds("progress-interval",
      Duration.ofSeconds(5)).doc("seconds between the driver's progress lines; 0 = none");
  public static final Setting<Boolean> REPORT = Setting.flag("report").doc("also write `<output>/_report.html`");
  public static final Setting<Integer> REPORT_THUMBNAILS = Setting.integer("report-thumbnails", 4).label("N")
      .check(within(0, MAX_REPORT_THUMBNAILS_BOUND))
      .doc("thumbnails per predicted class in the report (0–" + MAX_REPORT_THUMBNAILS_BOUND + "): the ⌈N/2⌉ most "
          + "and ⌊N/2⌋ least confident");
  /** The config file itself: on the command line only, and not a value of the run. */
  public static final Setting<String> CONFIG = Setting.string("config").label("FILE").commandLineOnly()
      .defaultDoc("`conf/effnet-job.properties` (via `jobs/submit.sh`)").doc("the same keys without `--`");

  /** Every setting, in the order of {@code --help} and the README's options table. */
  public static final List<Setting<?>> ALL = List.of(INPUT, INPUT_LIST, OUTPUT, MODEL, ENGINE, DEVICE, BATCH_SIZE,
      TOP_K, MODE, PARTITIONS, LABELS_FROM_DIRS, MAX_PIXELS, MAX_FILE_BYTES, EXIF_ORIENTATION, DECODE, DECODE_SCALING,
      INTERPOLATION,
      RESIZE_MODE, MULTI_LABEL_THRESHOLD, INCLUDE_ALL_FILES, MAX_ERROR_FRACTION,
      GPU_BATCH_SIZE, GPU_CONCURRENCY, CPU_CONCURRENCY, RUN_ID, INCREMENTAL, RUN_DATE, PROGRESS_INTERVAL, REPORT,
      REPORT_THUMBNAILS, CONFIG);

  /** The setting with {@code key}, if any. */
  public static Optional<Setting<?>> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** The README's options table (the test that holds the README to it prints it when they differ). */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
    for (Setting<?> s : ALL) {
      String option = s.option() + (s.label().isEmpty() ? "" : " " + s.label());
      b.append("| `").append(option.replace("|", "\\|")).append("` | ").append(s.defaultDoc()).append(" | ")
          .append(s.doc()).append(" |\n");
    }
    return b.toString();
  }

  private static String newRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
  }

  /**
   * The shipped model under {@code home} as {@code file:} + its absolute path: on a cluster whose default file system
   * is HDFS, a bare path would be looked up there. Not {@code Path.toUri()}: Hadoop's {@code Path(String)} keeps its
   * {@code %20} as it is, so a project folder with a space in its name would be missed.
   */
  static String shippedModel(String home) {
    return "file:" + Path.of(home, "models", "fashion-effnet", "model.onnx").toAbsolutePath().normalize();
  }
}
