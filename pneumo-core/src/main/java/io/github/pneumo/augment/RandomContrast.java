package io.github.pneumo.augment;

import java.util.SplittableRandom;

/**
 * Multiplies pixel values by α = 1 + U(lower, upper) through a look-up table clipped to 0..255 and
 * truncated (albumentations 0.3.1 RandomContrast). The mask is untouched.
 *
 * @param lower lower limit of α − 1 (the original: −0.2)
 * @param upper upper limit of α − 1 (the original: 0.2)
 * @param p probability
 */
public record RandomContrast(double lower, double upper, double p) implements Transform {

  /** Validates the limits. */
  public RandomContrast {
    Probability.checkRange("contrast limit", lower, upper);
    Probability.check(p);
  }

  /** Draws α. */
  double drawAlpha(SplittableRandom rng) {
    return 1 + Probability.uniform(rng, lower, upper);
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    double alpha = drawAlpha(rng);
    return new Sample(Pixels.lut(sample.image(), ColourTables.linear(alpha, 0)), sample.mask());
  }
}
