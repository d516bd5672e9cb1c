package io.effnetspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Gray samples reach the model unchanged, as PIL reads them (Java2D's getRGB would gamma-encode them). */
class GrayImageDecodingTest {

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void eightBitGrayIsReplicatedToRgbWithoutGammaConversion() throws Exception {
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
    RgbImage rgb = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS).decode(png(img));
    assertEquals(0x000000, rgb.pixels()[0]);
    assertEquals(0x808080, rgb.pixels()[1]);
    assertEquals(0xFFFFFF, rgb.pixels()[2]);
  }

  @Test
  void sixteenBitGrayIsScaledNotTruncatedToTheLowByte() throws Exception {
    BufferedImage img;
    // 0x80FF (low byte 0xFF): 33023 * 255 / 65535 = 128.497 -> 128; 0xFFFF -> 255; 0x0180 (low byte 0x80) -> 1
    img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0x80FF, 0xFFFF, 0x0180});
    RgbImage rgb = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS).decode(png(img));
    assertEquals(0x808080, rgb.pixels()[0]);
    assertEquals(0xFFFFFF, rgb.pixels()[1]);
    assertEquals(0x010101, rgb.pixels()[2]);
  }
}
