package io.github.pneumo.augment;

import com.google.common.base.Preconditions;

/** Argument checks shared by the transforms. */
final class Probability {
  private Probability() {}

  static void check(double p) {
    Preconditions.checkArgument(p >= 0 && p <= 1, "p must be in [0, 1]: %s", p);
  }

  static void checkRange(String name, double lo, double hi) {
    Preconditions.checkArgument(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi,
        "%s must be a finite range lo <= hi: (%s, %s)", name, lo, hi);
  }

  static double uniform(java.util.SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
