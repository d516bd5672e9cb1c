package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.effnetspark.image.ResizeSizes.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link CenterCrop} and {@link ResizeSizes}; the expected values were printed by torchvision 0.14
 * ({@code center_crop}, {@code _compute_resized_output_size}) and Python's {@code math.floor(img_size / crop_pct)}.
 */
class CropAndSizeRulesTest {

  @Test
  void centerCropOffsetRoundsHalvesToEvenLikePython() {
    assertEquals(78, CenterCrop.offset(381, 224)); // 78.5 -> 78, where Math.round gives 79
    assertEquals(80, CenterCrop.offset(383, 224)); // 79.5 -> 80
    assertEquals(0, CenterCrop.offset(224, 224));
    assertEquals(0, CenterCrop.offset(225, 224)); // 0.5 -> 0
    assertEquals(1, CenterCrop.offset(226, 224));
    assertEquals(2, CenterCrop.offset(227, 224)); // 1.5 -> 2
    assertEquals(4, CenterCrop.offset(10, 3)); // 3.5 -> 4
  }

  @Test
  void centerCropOfASmallerImageStartsInTheZeroPadding() {
    assertEquals(-1, CenterCrop.offset(5, 8)); // padded 1 before, 2 after
    assertEquals(-2, CenterCrop.offset(5, 9));
    assertEquals(-1, CenterCrop.offset(1, 4));
    assertThrows(IllegalArgumentException.class, () -> CenterCrop.offset(0, 4));
  }

  @Test
  void shorterSideResizeTruncatesTheLongerSide() {
    assertEquals(new Size(341, 256), ResizeSizes.shorterSide(683, 512, 256));
    assertEquals(new Size(381, 256), ResizeSizes.shorterSide(596, 400, 256));
    assertEquals(new Size(256, 381), ResizeSizes.shorterSide(400, 596, 256));
    assertEquals(new Size(384, 256), ResizeSizes.shorterSide(500, 333, 256));
    assertEquals(new Size(341, 256), ResizeSizes.shorterSide(4032, 3024, 256));
    assertEquals(new Size(256, 256), ResizeSizes.shorterSide(301, 300, 256));
    assertEquals(new Size(224000, 224), ResizeSizes.shorterSide(1000, 1, 224));
    assertEquals(new Size(256, 597), ResizeSizes.shorterSide(3, 7, 256));
  }

  @Test
  void maxSizeCapsTheLongerSide() {
    assertEquals(new Size(300, 225), ResizeSizes.shorterSide(683, 512, 256, 300));
    assertEquals(new Size(200, 20), ResizeSizes.shorterSide(1000, 100, 50, 200));
    assertThrows(IllegalArgumentException.class, () -> ResizeSizes.shorterSide(683, 512, 256, 256));
  }

  @Test
  void timmScaleSizeIsFloorOfImageSizeOverCropPct() {
    assertEquals(256, ResizeSizes.timmScaleSize(224, 0.875));
    assertEquals(248, ResizeSizes.timmScaleSize(224, 0.9));
    assertEquals(274, ResizeSizes.timmScaleSize(240, 0.875));
    assertEquals(269, ResizeSizes.timmScaleSize(256, 0.95));
    assertEquals(412, ResizeSizes.timmScaleSize(380, 0.922));
    assertEquals(300, ResizeSizes.timmScaleSize(300, 1.0));
    assertEquals(400, ResizeSizes.timmScaleSize(384, 0.96));
    assertEquals(235, ResizeSizes.timmScaleSize(224, 0.95));
    assertEquals(292, ResizeSizes.timmScaleSize(260, 0.89));
    assertThrows(IllegalArgumentException.class, () -> ResizeSizes.timmScaleSize(224, 0));
  }
}
