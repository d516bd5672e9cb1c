package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.effnetspark.image.PilResample.Filter;
import org.junit.jupiter.api.Test;

/**
 * {@code CenterCrop(crop)(Resize(resize, interpolation)(pil_image))} of torchvision 0.14 on Pillow 9.4, rebuilt from
 * {@link ResizeSizes}, {@link CenterCrop} and {@link PilResample#resizeWindow}
 * ({@code src/test/resources/resample/pipeline.tsv}).
 */
class TorchvisionPipelineParityTest {

  @Test
  void resizeShorterSideThenCenterCropMatchesTorchvisionOnPilImagesBitForBit() {
    PilResample resample = new PilResample();
    int cases = 0;
    for (String[] row : ResampleFixtures.manifest("pipeline.tsv")) {
      RgbImage src = ResampleFixtures.rgb(row[0]);
      Filter filter = Filter.valueOf(row[1]);
      int resize = Integer.parseInt(row[2]);
      int crop = Integer.parseInt(row[3]);
      ResizeSizes.Size size = ResizeSizes.shorterSide(src.width(), src.height(), resize);
      int left = CenterCrop.offset(size.width(), crop);
      int top = CenterCrop.offset(size.height(), crop);
      RgbImage out = resample.resizeWindow(src, size.width(), size.height(), filter, left, top, crop, crop, null);
      assertEquals(row[4], ResampleFixtures.sha256(out), row[0] + " " + filter + " Resize(" + resize
          + ") -> " + size + ", CenterCrop(" + crop + ") at " + left + "," + top);
      cases++;
    }
    assertTrue(cases >= 10, "too few pipeline cases: " + cases);
  }
}
