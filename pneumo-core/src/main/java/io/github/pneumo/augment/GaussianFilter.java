package io.github.pneumo.augment;

/**
 * scipy.ndimage.gaussian_filter on a 2-D float field: separable, kernel radius int(truncate·σ + 0.5),
 * mode 'reflect' (the edge pixel is repeated: "dcba|abcd|dcba").
 */
final class GaussianFilter {
  private GaussianFilter() {}

  static float[] kernel(double sigma, double truncate) {
    int radius = (int) (truncate * sigma + 0.5);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
      sum += k[i + radius];
    }
    float[] out = new float[k.length];
    for (int i = 0; i < k.length; i++) {
      out[i] = (float) (k[i] / sum);
    }
    return out;
  }

  static int reflect(int p, int len) {
    if (p >= 0 && p < len) {
      return p;
    }
    int q = Math.floorMod(p, 2 * len);
    return q >= len ? 2 * len - 1 - q : q;
  }

  /** Smooths a row-major w×h field; returns a new array. */
  static float[] smooth(float[] in, int w, int h, double sigma, double truncate) {
    float[] k = kernel(sigma, truncate);
    int r = k.length / 2;
    // rows (x direction)
    float[] tmp = new float[w * h];
    float[] padded = new float[w + 2 * r];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int i = 0; i < padded.length; i++) {
        padded[i] = in[row + reflect(i - r, w)];
      }
      for (int j = 0; j < k.length; j++) {
        float kj = k[j];
        for (int x = 0; x < w; x++) {
          tmp[row + x] += kj * padded[x + j];
        }
      }
    }
    // columns (y direction), accumulated row by row for locality
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int j = 0; j < k.length; j++) {
        float kj = k[j];
        int src = reflect(y + j - r, h) * w;
        for (int x = 0; x < w; x++) {
          out[row + x] += kj * tmp[src + x];
        }
      }
    }
    return out;
  }
}
