package io.github.pneumo.threshold;

/** The per-image Dice used by both searches, so that their sums are bit-identical. */
final class Dice {
  private Dice() {}

  /**
   * Kaggle's per-image Dice: 2|X∩Y| / (|X| + |Y|), 1 when both are empty.
   */
  static double of(long intersection, long predicted, long truth) {
    long denominator = predicted + truth;
    return denominator == 0 ? 1.0 : 2.0 * intersection / denominator;
  }
}
