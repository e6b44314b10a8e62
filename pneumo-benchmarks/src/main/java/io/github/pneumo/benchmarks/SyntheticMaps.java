package io.github.pneumo.benchmarks;

import io.github.pneumo.Mask;
import io.github.pneumo.maps.QuantizedMap;
import io.github.pneumo.threshold.ValidationSample;
import java.util.SplittableRandom;

/** Deterministic 8-bit validation maps for the threshold-search timings: near-zero noise, one blob. */
final class SyntheticMaps {
  private SyntheticMaps() {}

  /** Sample i (same for a given i and side): a blob map, a true disc on 2 of 3 images. */
  static ValidationSample sample(int i, int side) {
    SplittableRandom r = new SplittableRandom(42L * 1_000_003 + i);
    byte[] levels = new byte[side * side];
    int cx = side / 5 + r.nextInt(side * 3 / 5);
    int cy = side / 5 + r.nextInt(side * 3 / 5);
    int rad = side / 32 + r.nextInt(side / 7);
    double peak = 0.3 + 0.7 * r.nextDouble();
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double d = Math.hypot(x - cx, y - cy) / rad;
        double p = Math.max(0, peak * (1 - d * d)) + 0.02 * r.nextDouble();
        levels[y * side + x] = (byte) Math.round(Math.min(1, p) * 255);
      }
    }
    Mask.Builder truth = Mask.builder(side, side);
    if (r.nextInt(3) > 0) {
      int tr = (int) (rad * 0.9);
      for (int x = Math.max(0, cx - tr); x < Math.min(side, cx + tr); x++) {
        int half = (int) Math.sqrt((double) tr * tr - (double) (x - cx) * (x - cx));
        int y0 = Math.max(0, cy - half);
        int y1 = Math.min(side, cy + half);
        truth.setRun((long) x * side + y0, y1 - y0);
      }
    }
    return ValidationSample.of("m" + i, new QuantizedMap(side, side, levels), truth.build());
  }
}
