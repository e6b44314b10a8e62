package io.github.pneumo.image;

/**
 * The one home of image resampling in pneumo, on 8-bit {@link GreyImage}s and on float images (row-major
 * {@code float[]}, e.g. probability maps):
 *
 * <ul>
 *   <li>OpenCV-exact 8-bit operations, as the original's albumentations call them: remap and warpAffine with
 *       bilinear (1/32-pixel fixed point, OpenCV's INTER_BITS = 5) or nearest interpolation and
 *       BORDER_REFLECT_101, and resize with INTER_LINEAR (11-bit fixed-point weights) or INTER_NEAREST;
 *   <li>float bilinear resize with the same INTER_LINEAR geometry (source = (x + 0.5)·scale − 0.5, clamped at
 *       the borders), for probability maps, masks scaled to the submission size and inference inputs.
 * </ul>
 *
 * <p>Augmentations ({@code augment}), inference ({@code djl.inference}), map blending ({@code maps}) and the
 * submission rule ({@code submission}) all resample here.
 */
public final class Resampling {
  private static final int INTER_BITS = 5;
  private static final int INTER_SIZE = 1 << INTER_BITS;
  private static final int INTER_MASK = INTER_SIZE - 1;
  private static final double COORD_LIMIT = 1 << 24;

  /** Fills the source coordinates (xs, ys) of every pixel of one destination row. */
  @FunctionalInterface
  public interface RowMap {
    /**
     * @param y the destination row
     * @param xs receives the source x of every destination pixel of the row
     * @param ys receives the source y of every destination pixel of the row
     */
    void fill(int y, float[] xs, float[] ys);
  }

  /** OpenCV's BORDER_REFLECT_101 ("gfedcb|abcdefgh|gfedcba"). */
  public static int reflect101(int p, int len) {
    if (p >= 0 && p < len) {
      return p;
    }
    if (len == 1) {
      return 0;
    }
    int period = 2 * len - 2;
    int q = Math.floorMod(p, period);
    return q >= len ? period - q : q;
  }

  private Resampling() {}

  private static int round(double v) {
    return (int) Math.rint(Math.max(-COORD_LIMIT, Math.min(COORD_LIMIT, v)));
  }

  /** Bilinear sample at fixed-point coordinates (1/32 pixel), weights as OpenCV's remap tables. */
  public static int bilinear(byte[] src, int w, int h, int x32, int y32) {
    int ix = x32 >> INTER_BITS;
    int iy = y32 >> INTER_BITS;
    int fx = x32 & INTER_MASK;
    int fy = y32 & INTER_MASK;
    int x0;
    int x1;
    int r0;
    int r1;
    if (ix >= 0 && ix < w - 1 && iy >= 0 && iy < h - 1) {
      x0 = ix;
      x1 = ix + 1;
      r0 = iy * w;
      r1 = r0 + w;
    } else {
      x0 = reflect101(ix, w);
      x1 = reflect101(ix + 1, w);
      r0 = reflect101(iy, h) * w;
      r1 = reflect101(iy + 1, h) * w;
    }
    int gx = INTER_SIZE - fx;
    int gy = INTER_SIZE - fy;
    int sum = ((src[r0 + x0] & 0xFF) * gx + (src[r0 + x1] & 0xFF) * fx) * gy
        + ((src[r1 + x0] & 0xFF) * gx + (src[r1 + x1] & 0xFF) * fx) * fy;
    return (sum + (1 << (2 * INTER_BITS - 1))) >> (2 * INTER_BITS);
  }

  /** cv2.remap with float maps given row by row. */
  public static GreyImage remap(GreyImage src, RowMap map, boolean nearest) {
    int w = src.width();
    int h = src.height();
    byte[] in = src.pixels();
    byte[] out = new byte[w * h];
    float[] xs = new float[w];
    float[] ys = new float[w];
    for (int y = 0; y < h; y++) {
      map.fill(y, xs, ys);
      int row = y * w;
      if (nearest) {
        for (int x = 0; x < w; x++) {
          // float-to-int casts saturate, so far-away coordinates stay well defined
          int ix = (int) Math.rint(xs[x]);
          int iy = (int) Math.rint(ys[x]);
          if (ix < 0 || ix >= w || iy < 0 || iy >= h) {
            ix = reflect101(ix, w);
            iy = reflect101(iy, h);
          }
          out[row + x] = in[iy * w + ix];
        }
      } else {
        for (int x = 0; x < w; x++) {
          out[row + x] = (byte) bilinear(in, w, h, (int) Math.rint(xs[x] * (float) INTER_SIZE),
              (int) Math.rint(ys[x] * (float) INTER_SIZE));
        }
      }
    }
    return new GreyImage(w, h, out);
  }

  /** cv2.remap with full float maps (row-major, one entry per destination pixel). */
  public static GreyImage remap(GreyImage src, float[] mapX, float[] mapY, boolean nearest) {
    int w = src.width();
    return remap(src, (y, xs, ys) -> {
      System.arraycopy(mapX, y * w, xs, 0, w);
      System.arraycopy(mapY, y * w, ys, 0, w);
    }, nearest);
  }

  /**
   * cv2.warpAffine with a forward matrix {@code m} (2×3, row-major: dst = M·src), same output size,
   * fixed-point coordinates as OpenCV (AB_BITS = 10).
   */
  public static GreyImage warpAffine(GreyImage src, double[] m, boolean nearest) {
    double[] inv = invertAffine(m);
    int w = src.width();
    int h = src.height();
    byte[] in = src.pixels();
    byte[] out = new byte[w * h];
    int abBits = 10;
    double abScale = 1 << abBits;
    int[] adelta = new int[w];
    int[] bdelta = new int[w];
    for (int x = 0; x < w; x++) {
      adelta[x] = round(inv[0] * x * abScale);
      bdelta[x] = round(inv[3] * x * abScale);
    }
    int shift = nearest ? abBits : abBits - INTER_BITS;
    int roundDelta = 1 << (shift - 1);
    for (int y = 0; y < h; y++) {
      int x0 = round((inv[1] * y + inv[2]) * abScale) + roundDelta;
      int y0 = round((inv[4] * y + inv[5]) * abScale) + roundDelta;
      int row = y * w;
      for (int x = 0; x < w; x++) {
        int sx = (x0 + adelta[x]) >> shift;
        int sy = (y0 + bdelta[x]) >> shift;
        if (nearest) {
          out[row + x] = in[reflect101(sy, h) * w + reflect101(sx, w)];
        } else {
          out[row + x] = (byte) bilinear(in, w, h, sx, sy);
        }
      }
    }
    return new GreyImage(w, h, out);
  }

  /** Inverse of a 2×3 affine matrix (row-major), as cv::invertAffineTransform. */
  public static double[] invertAffine(double[] m) {
    double det = m[0] * m[4] - m[1] * m[3];
    double d = det != 0 ? 1.0 / det : 0;
    double a11 = m[4] * d;
    double a22 = m[0] * d;
    double a12 = -m[1] * d;
    double a21 = -m[3] * d;
    double b1 = -a11 * m[2] - a12 * m[5];
    double b2 = -a21 * m[2] - a22 * m[5];
    return new double[] {a11, a12, b1, a21, a22, b2};
  }

  /**
   * cv2.resize with INTER_LINEAR on 8-bit data: half-pixel centres, edge clamping, 11-bit fixed-point
   * weights.
   */
  public static GreyImage resizeLinear(GreyImage src, int dw, int dh) {
    int sw = src.width();
    int sh = src.height();
    if (sw == dw && sh == dh) {
      return src;
    }
    int[] xo = new int[dw];
    int[] xa = new int[2 * dw];
    linearCoefficients(sw, dw, xo, xa);
    int[] yo = new int[dh];
    int[] yb = new int[2 * dh];
    linearCoefficients(sh, dh, yo, yb);
    byte[] in = src.pixels();
    byte[] out = new byte[dw * dh];
    int[] row0 = new int[dw];
    int[] row1 = new int[dw];
    int key0 = -1;
    int key1 = -1;
    for (int y = 0; y < dh; y++) {
      int sy0 = yo[y];
      int sy1 = Math.min(sy0 + 1, sh - 1);
      if (key0 != sy0 || key1 != sy1) {
        if (key1 == sy0) {
          int[] t = row0;
          row0 = row1;
          row1 = t;
        } else {
          horizontal(in, sw, sy0, xo, xa, row0);
        }
        horizontal(in, sw, sy1, xo, xa, row1);
        key0 = sy0;
        key1 = sy1;
      }
      int b0 = yb[2 * y];
      int b1 = yb[2 * y + 1];
      int o = y * dw;
      for (int x = 0; x < dw; x++) {
        int v = (b0 * row0[x] + b1 * row1[x] + (1 << 21)) >> 22;
        out[o + x] = (byte) Math.min(255, Math.max(0, v));
      }
    }
    return new GreyImage(dw, dh, out);
  }

  private static void horizontal(byte[] in, int sw, int sy, int[] xo, int[] xa, int[] row) {
    int base = sy * sw;
    for (int x = 0; x < row.length; x++) {
      int sx = xo[x];
      int sx1 = Math.min(sx + 1, sw - 1);
      row[x] = (in[base + sx] & 0xFF) * xa[2 * x] + (in[base + sx1] & 0xFF) * xa[2 * x + 1];
    }
  }

  private static void linearCoefficients(int srcLen, int dstLen, int[] offsets, int[] weights) {
    double scale = (double) srcLen / dstLen;
    for (int d = 0; d < dstLen; d++) {
      float f = (float) ((d + 0.5) * scale - 0.5);
      int s = (int) Math.floor(f);
      f -= s;
      if (s < 0) {
        f = 0;
        s = 0;
      }
      if (s >= srcLen - 1) {
        f = 0;
        s = srcLen - 1;
      }
      offsets[d] = s;
      weights[2 * d] = (int) Math.rint((1.0f - f) * 2048);
      weights[2 * d + 1] = (int) Math.rint(f * 2048);
    }
  }

  /** cv2.resize with INTER_NEAREST: source index floor(d·src/dst). */
  public static GreyImage resizeNearest(GreyImage src, int dw, int dh) {
    int sw = src.width();
    int sh = src.height();
    if (sw == dw && sh == dh) {
      return src;
    }
    int[] xo = new int[dw];
    double fx = (double) sw / dw;
    for (int x = 0; x < dw; x++) {
      xo[x] = Math.min((int) Math.floor(x * fx), sw - 1);
    }
    double fy = (double) sh / dh;
    byte[] in = src.pixels();
    byte[] out = new byte[dw * dh];
    for (int y = 0; y < dh; y++) {
      int base = Math.min((int) Math.floor(y * fy), sh - 1) * sw;
      int o = y * dw;
      for (int x = 0; x < dw; x++) {
        out[o + x] = in[base + xo[x]];
      }
    }
    return new GreyImage(dw, dh, out);
  }

  /**
   * Bilinear resize of a float image (INTER_LINEAR geometry, float arithmetic).
   *
   * @param src the source values, row-major
   * @param sw source width
   * @param sh source height
   * @param width target width
   * @param height target height
   * @return the resized values, row-major ({@code src} itself when the size already matches)
   */
  public static float[] bilinear(float[] src, int sw, int sh, int width, int height) {
    if (sw == width && sh == height) {
      return src;
    }
    float[] out = new float[width * height];
    double sx = (double) sw / width;
    double sy = (double) sh / height;
    int[] x0 = new int[width];
    int[] x1 = new int[width];
    float[] fx = new float[width];
    for (int x = 0; x < width; x++) {
      double s = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
      x0[x] = (int) Math.floor(s);
      x1[x] = Math.min(x0[x] + 1, sw - 1);
      fx[x] = (float) (s - x0[x]);
    }
    for (int y = 0; y < height; y++) {
      double s = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) Math.floor(s);
      int y1 = Math.min(y0 + 1, sh - 1);
      float fy = (float) (s - y0);
      int r0 = y0 * sw;
      int r1 = y1 * sw;
      for (int x = 0; x < width; x++) {
        float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
        float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
        out[y * width + x] = top + (bottom - top) * fy;
      }
    }
    return out;
  }

  /**
   * Bilinear resize of an 8-bit image in float arithmetic ({@link #bilinear(float[], int, int, int, int)}),
   * rounded and saturated back to 8 bits: what inference feeds the network (unlike {@link #resizeLinear}, the
   * fixed-point cv2 path of the training augmentations).
   *
   * @param image the image
   * @param width target width
   * @param height target height
   * @return the resized image ({@code image} itself when the size already matches)
   */
  public static GreyImage bilinearRounded(GreyImage image, int width, int height) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    byte[] px = image.pixels();
    float[] v = new float[px.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = px[i] & 0xFF;
    }
    float[] r = bilinear(v, image.width(), image.height(), width, height);
    byte[] out = new byte[r.length];
    for (int i = 0; i < r.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(r[i])));
    }
    return new GreyImage(width, height, out);
  }
}
