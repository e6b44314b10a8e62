package io.github.pneumo.synth;

import java.util.SplittableRandom;

/** Smooth random fields on a coarse grid, interpolated with smoothstep weights; values in [-1, 1]. */
final class ValueNoise {

  private final int cells;
  private final float[] grid;

  ValueNoise(int cells, SplittableRandom rng) {
    this.cells = cells;
    this.grid = new float[(cells + 1) * (cells + 1)];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) (rng.nextDouble() * 2 - 1);
    }
  }

  /** Fills one row of the field, for a square image of the given size. */
  void row(int y, int size, float[] out) {
    double gy = (y + 0.5) * cells / size;
    int iy = Math.min(cells - 1, (int) gy);
    double fy = gy - iy;
    fy = fy * fy * (3 - 2 * fy);
    int r0 = iy * (cells + 1);
    int r1 = r0 + cells + 1;
    double step = (double) cells / size;
    double gx = 0.5 * step;
    for (int x = 0; x < size; x++, gx += step) {
      int ix = Math.min(cells - 1, (int) gx);
      double fx = gx - ix;
      fx = fx * fx * (3 - 2 * fx);
      double top = grid[r0 + ix] + (grid[r0 + ix + 1] - grid[r0 + ix]) * fx;
      double bottom = grid[r1 + ix] + (grid[r1 + ix + 1] - grid[r1 + ix]) * fx;
      out[x] = (float) (top + (bottom - top) * fy);
    }
  }
}
