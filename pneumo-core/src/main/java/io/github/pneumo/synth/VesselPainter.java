package io.github.pneumo.synth;

import java.util.SplittableRandom;

/**
 * Paints lung markings: branching vessel trees growing from each hilum towards the periphery, thinner and
 * fainter with every generation, so the markings fade out before the chest wall.
 */
final class VesselPainter {

  private static final int MAX_GENERATION = 9;
  private static final int MAX_SEGMENTS = 2400;
  private static final double MIN_RADIUS = 0.3;

  private VesselPainter() {}

  static void paint(Canvas canvas, LungField lung, double intensity, SplittableRandom rng) {
    int size = canvas.size;
    double hilumY = lung.rowAt(0.42);
    int row = clampRow((int) hilumY, size);
    if (!(lung.hi[row] > lung.lo[row])) {
      return;
    }
    double medial = lung.medialEdge(row);
    double width = lung.hi[row] - lung.lo[row];
    double hilumX = medial - lung.side * 0.12 * width;
    int trunks = 9 + rng.nextInt(4);
    for (int i = 0; i < trunks; i++) {
      int[] budget = {MAX_SEGMENTS / trunks};
      double phi = Math.toRadians(-95 + 185.0 * (i + rng.nextDouble() * 0.8) / trunks);
      double dx = lung.side * Math.cos(phi);
      double dy = Math.sin(phi);
      grow(canvas, lung, hilumX, hilumY, dx, dy, 0.0065 * size * (0.8 + 0.4 * rng.nextDouble()),
          intensity * (0.8 + 0.3 * rng.nextDouble()), 0, budget, rng);
    }
  }

  private static void grow(Canvas canvas, LungField lung, double x, double y, double dx, double dy,
      double radius, double intensity, int generation, int[] budget, SplittableRandom rng) {
    int size = canvas.size;
    double cx = x;
    double cy = y;
    double ux = dx;
    double uy = dy;
    double r = radius;
    double in = intensity;
    int steps = 3 + rng.nextInt(3);
    for (int s = 0; s < steps; s++) {
      double len = size * 0.03 * (0.6 + 0.8 * rng.nextDouble()) * (1 - 0.05 * generation);
      double turn = Math.toRadians((rng.nextDouble() - 0.5) * 30);
      double nx = ux * Math.cos(turn) - uy * Math.sin(turn);
      double ny = ux * Math.sin(turn) + uy * Math.cos(turn);
      ux = nx;
      uy = ny;
      double ex = cx + ux * len;
      double ey = cy + uy * len;
      int ix = (int) Math.floor(ex);
      int iy = (int) Math.floor(ey);
      if (ix < 0 || iy < 0 || ix >= size || iy >= size || !lung.contains(ix, iy) || budget[0]-- <= 0
          || r < MIN_RADIUS) {
        return;
      }
      canvas.tube(cx, cy, ex, ey, r, in);
      cx = ex;
      cy = ey;
      r *= 0.9;
      in *= 0.93;
      if (generation < MAX_GENERATION && rng.nextDouble() < 0.3) {
        double a = Math.toRadians((20 + 25 * rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1));
        double bx = ux * Math.cos(a) - uy * Math.sin(a);
        double by = ux * Math.sin(a) + uy * Math.cos(a);
        grow(canvas, lung, cx, cy, bx, by, r * 0.6, in * 0.8, generation + 1, budget, rng);
        r *= 0.88;
      }
    }
    if (generation < MAX_GENERATION) {
      double a = Math.toRadians(15 + 15 * rng.nextDouble());
      for (int sgn = -1; sgn <= 1; sgn += 2) {
        double bx = ux * Math.cos(sgn * a) - uy * Math.sin(sgn * a);
        double by = ux * Math.sin(sgn * a) + uy * Math.cos(sgn * a);
        grow(canvas, lung, cx, cy, bx, by, r * 0.8, in * 0.85, generation + 1, budget, rng);
      }
    }
  }

  private static int clampRow(int y, int size) {
    return Math.max(0, Math.min(size - 1, y));
  }
}
