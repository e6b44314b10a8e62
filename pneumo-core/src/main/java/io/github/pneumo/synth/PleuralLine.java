package io.github.pneumo.synth;

/**
 * The bright visceral pleural line and the denser collapsed-lung edge that border a pneumothorax on its
 * lung side. Computed from a chamfer distance transform (weights 3 and 4) limited to the lesion's
 * bounding box plus the band width, so it costs little for small lesions.
 */
final class PleuralLine {

  private PleuralLine() {}

  /**
   * Additive grey levels for pixels outside the lesion but inside the aerated lung.
   *
   * @param lesion row-major lesion pixels
   * @param depth per-pixel lung depth in [0, 1] (0 outside the lungs, rising from the lung edge)
   * @param size image side
   * @param look line and band parameters
   * @return a full-size array (zero away from the lesion)
   */
  static float[] profile(byte[] lesion, float[] depth, int size, LesionLook look) {
    float[] out = new float[size * size];
    int minX = size;
    int minY = size;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (lesion[y * size + x] != 0) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    if (maxX < 0) {
      return out;
    }
    double reach = look.lineWidth() + look.edgeWidth();
    int pad = (int) Math.ceil(reach) + 1;
    int x0 = Math.max(0, minX - pad);
    int y0 = Math.max(0, minY - pad);
    int x1 = Math.min(size - 1, maxX + pad);
    int y1 = Math.min(size - 1, maxY + pad);
    int w = x1 - x0 + 1;
    int h = y1 - y0 + 1;
    int inf = Integer.MAX_VALUE / 4;
    int[] d = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        d[y * w + x] = lesion[(y + y0) * size + x + x0] != 0 ? 0 : inf;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int v = d[i];
        if (x > 0) {
          v = Math.min(v, d[i - 1] + 3);
        }
        if (y > 0) {
          v = Math.min(v, d[i - w] + 3);
          if (x > 0) {
            v = Math.min(v, d[i - w - 1] + 4);
          }
          if (x < w - 1) {
            v = Math.min(v, d[i - w + 1] + 4);
          }
        }
        d[i] = v;
      }
    }
    for (int y = h - 1; y >= 0; y--) {
      for (int x = w - 1; x >= 0; x--) {
        int i = y * w + x;
        int v = d[i];
        if (x < w - 1) {
          v = Math.min(v, d[i + 1] + 3);
        }
        if (y < h - 1) {
          v = Math.min(v, d[i + w] + 3);
          if (x < w - 1) {
            v = Math.min(v, d[i + w + 1] + 4);
          }
          if (x > 0) {
            v = Math.min(v, d[i + w - 1] + 4);
          }
        }
        d[i] = v;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int dist = d[y * w + x];
        if (dist == 0 || dist >= inf) {
          continue;
        }
        int p = (y + y0) * size + x + x0;
        double lung = depth[p];
        if (lung < 0.2) {
          continue;
        }
        double r = dist / 3.0 - 0.5;
        double v;
        if (r <= look.lineWidth()) {
          v = look.lineLevel() * Math.min(1, look.lineWidth() + 0.5 - r);
        } else if (r <= reach) {
          v = look.edgeLevel() * (1 - (r - look.lineWidth()) / look.edgeWidth());
        } else {
          continue;
        }
        out[p] = (float) (v * Math.min(1, lung * 1.5));
      }
    }
    return out;
  }
}
