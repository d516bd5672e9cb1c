package io.effnetspark.image;

import io.effnetspark.config.DecodeMode;
import io.effnetspark.config.ExifOrientation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Run in a fresh JVM by {@link ReducedDecodeOfflineTest}: four threads decode a 1024×768 JPEG at reduced scale at
 * once (the first decode of each loads OpenCV's native), then prints each thread's scale and size, whether the
 * native loaded, and the files the loader left under {@code java.io.tmpdir}.
 */
public final class ReducedDecodeProbe {
  private ReducedDecodeProbe() {}

  public static void main(String[] args) throws Exception {
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(1024, 768), false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Callable<String> task = () -> {
        ImageDecoder d = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, ExifOrientation.APPLY, DecodeMode.DEFAULT,
            null).reducedTo(DecodeTarget.shorterSide(100));
        RgbImage img = d.decode(jpeg);
        return "scale=" + d.lastScale() + " size=" + img.width() + "x" + img.height();
      };
      results.add(pool.submit(task));
    }
    for (Future<String> r : results) {
      System.out.println("decoded " + r.get());
    }
    pool.shutdown();
    System.out.println("opencv-problem=" + OpenCvJpeg.problem());
    try (Stream<Path> files = Files.walk(Path.of(System.getProperty("java.io.tmpdir")))) {
      files.filter(Files::isRegularFile).forEach(f -> System.out.println("tmpdir-file " + f.getFileName()));
    }
  }
}
