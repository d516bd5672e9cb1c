package io.effnetspark.config;

/**
 * Which rules turn an image file into pixels ({@code --decode}, model card {@code preprocessing.decode}).
 *
 * <p>JDK ImageIO and TwelveMonkeys decode plain JPEGs and PNGs bit-identically to Pillow; the two modes differ in
 * the rules applied around the codec.
 */
public enum DecodeMode implements OptionValue {
  /**
   * What a viewer shows: EXIF orientation applied, embedded ICC profiles converted to sRGB, alpha composited over
   * white, 16-bit samples scaled to 8 bits ({@code round(v × 255 / 65535)}).
   */
  DEFAULT,
  /**
   * The pixels PIL (and so torchvision, timm and most Python training loops) hands to a model:
   * {@code Image.open(f).convert("RGB")}: EXIF orientation ignored, embedded colour profiles ignored, alpha dropped
   * (the colour channels as stored), 16-bit gray clipped to 0..255 (4369 → 255), 16-bit colour by its high byte.
   */
  PIL;

  @Override
  public String toString() {
    return optionName();
  }
}
