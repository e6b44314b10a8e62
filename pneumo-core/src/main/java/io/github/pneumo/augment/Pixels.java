package io.github.pneumo.augment;

import io.github.pneumo.image.GreyImage;

/**
 * OpenCV-style pixel operations of the augmentations that do not resample: flips, look-up tables, the mean.
 * Resampling (remap, warpAffine, resize) lives in {@link io.github.pneumo.image.Resampling}.
 */
final class Pixels {
  private Pixels() {}

  /** cv2.flip(img, 1): mirror left-right. */
  static GreyImage flipHorizontal(GreyImage src) {
    int w = src.width();
    int h = src.height();
    byte[] in = src.pixels();
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        out[row + x] = in[row + w - 1 - x];
      }
    }
    return new GreyImage(w, h, out);
  }

  /** cv2.LUT with a 256-entry table. */
  static GreyImage lut(GreyImage src, byte[] table) {
    byte[] in = src.pixels();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = table[in[i] & 0xFF];
    }
    return new GreyImage(src.width(), src.height(), out);
  }

  /** Mean of all pixel values. */
  static double mean(GreyImage src) {
    long sum = 0;
    for (byte b : src.pixels()) {
      sum += b & 0xFF;
    }
    return (double) sum / src.pixels().length;
  }
}
