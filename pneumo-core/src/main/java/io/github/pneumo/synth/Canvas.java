package io.github.pneumo.synth;

/** A square float raster with the few drawing primitives the painters share. */
final class Canvas {

  final int size;
  final float[] values;

  Canvas(int size) {
    this.size = size;
    this.values = new float[size * size];
  }

  /**
   * Draws a segment as a tube (the projection of a cylinder, brightest on its axis), keeping the larger
   * value where strokes overlap.
   */
  void tube(double x0, double y0, double x1, double y1, double radius, double intensity) {
    double r = Math.max(radius, 0.5);
    int minX = Math.max(0, (int) Math.floor(Math.min(x0, x1) - r - 1));
    int maxX = Math.min(size - 1, (int) Math.ceil(Math.max(x0, x1) + r + 1));
    int minY = Math.max(0, (int) Math.floor(Math.min(y0, y1) - r - 1));
    int maxY = Math.min(size - 1, (int) Math.ceil(Math.max(y0, y1) + r + 1));
    double dx = x1 - x0;
    double dy = y1 - y0;
    double len2 = dx * dx + dy * dy;
    double reach = r + 0.5;
    // thin vessels fade instead of vanishing between pixels
    double scale = intensity * Math.min(1, radius / 0.5);
    for (int y = minY; y <= maxY; y++) {
      double py = y + 0.5 - y0;
      int row = y * size;
      for (int x = minX; x <= maxX; x++) {
        double px = x + 0.5 - x0;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        double ex = px - t * dx;
        double ey = py - t * dy;
        double d2 = ex * ex + ey * ey;
        if (d2 >= reach * reach) {
          continue;
        }
        double q = 1 - d2 / (reach * reach);
        float v = (float) (scale * Math.sqrt(q));
        if (v > values[row + x]) {
          values[row + x] = v;
        }
      }
    }
  }
}
