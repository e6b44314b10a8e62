package io.github.pneumo.maps;

import io.github.pneumo.ProbabilityMap;

/**
 * Bilinear resizing of probability maps with OpenCV's {@code INTER_LINEAR} geometry (pixel centres
 * aligned: source coordinate = (x + 0.5)·scale − 0.5, clamped at the borders).
 */
public final class Resize {
  private Resize() {}

  /**
   * Resizes a map bilinearly.
   *
   * @param map the map
   * @param width target width
   * @param height target height
   * @return the resized map (the same instance when the size already matches)
   */
  public static ProbabilityMap bilinear(ProbabilityMap map, int width, int height) {
    if (map.width() == width && map.height() == height) {
      return map;
    }
    int sw = map.width();
    int sh = map.height();
    float[] src = map.values();
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
    return new ProbabilityMap(width, height, out);
  }
}
