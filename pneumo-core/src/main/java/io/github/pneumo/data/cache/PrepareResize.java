package io.github.pneumo.data.cache;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import io.github.pneumo.image.GreyImage;
import java.util.List;

/**
 * The original's preparation resize (spec §1.2–1.3): scikit-image 0.14 {@code resize} with order 1 —
 * bilinear at half-pixel centres, constant 0 outside the image, no anti-aliasing, output clipped to the
 * input's range — followed by OpenCV's conversion to 8 bits (round half to even, saturate). At the
 * source size this is the identity, so 1024² SIIM images are stored exactly.
 */
public final class PrepareResize {
  private PrepareResize() {}

  /**
   * Resizes an 8-bit image as {@code prepare_png} does: v/255, resize, clip, ×255, round, saturate.
   *
   * @param image the source image
   * @param size output side length
   * @return the size×size image
   */
  public static GreyImage image(GreyImage image, int size) {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    if (image.width() == size && image.height() == size) {
      return image;
    }
    byte[] px = image.pixels();
    double[] src = new double[px.length];
    for (int i = 0; i < px.length; i++) {
      src[i] = (px[i] & 0xFF) / 255.0;
    }
    double[] out = resize(src, image.width(), image.height(), size, size);
    return toBytes(out, size, 255.0);
  }

  /**
   * The mask of one image as {@code prepare_png} builds it: the instance masks are added as 0/255 values
   * (overlaps give 510, 765 …), resized like the image, then written with saturation, so the result is
   * the union stored as 0/255 at the source size and may hold soft values at other sizes.
   *
   * @param instances the image's instance masks (empty for a negative image), all of the image's size
   * @param width source width
   * @param height source height
   * @param size output side length
   * @return the size×size 8-bit mask
   */
  public static GreyImage mask(List<Mask> instances, int width, int height, int size) {
    Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
    for (Mask m : instances) {
      Preconditions.checkArgument(m.width() == width && m.height() == height,
          "instance mask %s does not match the image size %sx%s", m, width, height);
    }
    if (width == size && height == size || instances.isEmpty()) {
      Mask union = instances.isEmpty() ? Mask.empty(size, size) : instances.get(0);
      for (int i = 1; i < instances.size(); i++) {
        union = union.union(instances.get(i));
      }
      return new GreyImage(size, size, union.toRowMajor((byte) 255));
    }
    double[] sum = new double[width * height];
    for (Mask m : instances) {
      m.forEachRun((start, length) -> {
        for (long i = start; i < start + length; i++) {
          int x = (int) (i / height);
          int y = (int) (i % height);
          sum[y * width + x] += 255;
        }
      });
    }
    return toBytes(resize(sum, width, height, size, size), size, 1.0);
  }

  /** skimage warp with order 1, mode constant (cval 0), followed by its output clipping. */
  static double[] resize(double[] src, int w, int h, int ow, int oh) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : src) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double colScale = (double) w / ow;
    double rowScale = (double) h / oh;
    double[] out = new double[ow * oh];
    for (int r = 0; r < oh; r++) {
      double sr = rowScale * (r + 0.5) - 0.5;
      int r0 = (int) Math.floor(sr);
      int r1 = (int) Math.ceil(sr);
      double dr = sr - r0;
      for (int c = 0; c < ow; c++) {
        double sc = colScale * (c + 0.5) - 0.5;
        int c0 = (int) Math.floor(sc);
        int c1 = (int) Math.ceil(sc);
        double dc = sc - c0;
        double top = (1 - dc) * at(src, w, h, r0, c0) + dc * at(src, w, h, r0, c1);
        double bottom = (1 - dc) * at(src, w, h, r1, c0) + dc * at(src, w, h, r1, c1);
        out[r * ow + c] = (1 - dr) * top + dr * bottom;
      }
    }
    boolean preserveZero = !(min <= 0 && 0 <= max);
    for (int i = 0; i < out.length; i++) {
      if (preserveZero && out[i] == 0) {
        continue;
      }
      out[i] = Math.max(min, Math.min(max, out[i]));
    }
    return out;
  }

  private static double at(double[] src, int w, int h, int r, int c) {
    return r < 0 || r >= h || c < 0 || c >= w ? 0 : src[r * w + c];
  }

  private static GreyImage toBytes(double[] values, int size, double scale) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = Math.rint(values[i] * scale);
      out[i] = (byte) (int) Math.max(0, Math.min(255, v));
    }
    return new GreyImage(size, size, out);
  }
}
