package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageDecoder#decodeReusing} (pooled raster and pixel arrays, what the partition loop uses) gives exactly
 * what {@link ImageDecoder#decode} gives, image after image, whatever the previous image's size and format left in
 * the pools.
 */
class PooledDecodingTest {

  @Test
  void pooledDecodingEqualsFreshDecodingForEveryFixtureInSequence() throws Exception {
    List<byte[]> images = new ArrayList<>();
    for (ImageFixtures.Fixture f : ImageFixtures.all()) {
      if (f.outcome() == ImageFixtures.Outcome.PREDICTED) {
        images.add(f.bytes());
      }
    }
    // Large first, then smaller ones of other formats, then large again: stale pool contents must not leak.
    images.add(0, ImageFixtures.png(ImageFixtures.noise(300, 200)));
    images.add(ImageFixtures.jpeg(ImageFixtures.noise(150, 310), false));
    images.add(ImageFixtures.png(ImageFixtures.noise(64, 48)));
    images.add(ImageFixtures.jpeg(ImageFixtures.noise(300, 200), true));
    ImageDecoder fresh = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    ImageDecoder pooled = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < images.size(); i++) {
        RgbImage expected = fresh.decode(images.get(i));
        RgbImage actual = pooled.decodeReusing(images.get(i));
        int n = expected.width() * expected.height();
        assertEquals(expected.width(), actual.width(), "width of image " + i);
        assertEquals(expected.height(), actual.height(), "height of image " + i);
        assertArrayEquals(Arrays.copyOf(expected.pixels(), n), Arrays.copyOf(actual.pixels(), n),
            "pixels of image " + i + " in round " + round);
      }
    }
  }
}
