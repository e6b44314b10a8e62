package io.github.pneumo.augment;

import com.google.common.base.Preconditions;
import io.github.pneumo.image.GreyImage;

/**
 * Converts images and masks to the model's float CHW data (the original's
 * {@code albumentations.pytorch.ToTensor(num_classes=1)}): the image becomes 3×H×W with a {@link
 * Normalization}, the mask 1×H×W with values v/255 (no threshold, so soft masks stay soft).
 */
public final class ToTensor {
  private static final float[] MASK_TABLE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      MASK_TABLE[v] = (float) (v / 255.0);
    }
  }

  private ToTensor() {}

  /**
   * The image as a new 3×H×W array.
   *
   * @param image the 8-bit image
   * @param normalization the channel normalisation
   * @return channel-major float data of length 3·H·W
   */
  public static float[] image(GreyImage image, Normalization normalization) {
    float[] out = new float[3 * image.pixels().length];
    image(image, normalization, out, 0);
    return out;
  }

  /**
   * Writes the image as 3×H×W into a batch buffer.
   *
   * @param image the 8-bit image
   * @param normalization the channel normalisation
   * @param out destination buffer
   * @param offset index of the first channel's first value in {@code out}
   */
  public static void image(GreyImage image, Normalization normalization, float[] out, int offset) {
    byte[] px = image.pixels();
    int n = px.length;
    Preconditions.checkPositionIndexes(offset, offset + 3 * n, out.length);
    for (int c = 0; c < 3; c++) {
      float[] t = normalization.table(c);
      int base = offset + c * n;
      for (int i = 0; i < n; i++) {
        out[base + i] = t[px[i] & 0xFF];
      }
    }
  }

  /**
   * The mask as a new 1×H×W array of v/255.
   *
   * @param mask the 8-bit mask (0/255 or soft)
   * @return float data of length H·W
   */
  public static float[] mask(GreyImage mask) {
    float[] out = new float[mask.pixels().length];
    mask(mask, out, 0);
    return out;
  }

  /**
   * Writes the mask as 1×H×W values v/255 into a batch buffer.
   *
   * @param mask the 8-bit mask
   * @param out destination buffer
   * @param offset index of the first value in {@code out}
   */
  public static void mask(GreyImage mask, float[] out, int offset) {
    byte[] px = mask.pixels();
    Preconditions.checkPositionIndexes(offset, offset + px.length, out.length);
    for (int i = 0; i < px.length; i++) {
      out[offset + i] = MASK_TABLE[px[i] & 0xFF];
    }
  }
}
