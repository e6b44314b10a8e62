package io.github.pneumo.augment;

import java.util.SplittableRandom;

/**
 * Adds β·mean(image), β = U(lower, upper), through a look-up table clipped to 0..255 and truncated
 * (albumentations 0.3.1 RandomBrightness: the shift is proportional to the image's mean, not to 255).
 * The mask is untouched.
 *
 * @param lower lower limit of β (the original: −0.2)
 * @param upper upper limit of β (the original: 0.2)
 * @param p probability
 */
public record RandomBrightness(double lower, double upper, double p) implements Transform {

  /** Validates the limits. */
  public RandomBrightness {
    Probability.checkRange("brightness limit", lower, upper);
    Probability.check(p);
  }

  /** Draws β. */
  double drawBeta(SplittableRandom rng) {
    return Probability.uniform(rng, lower, upper);
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    double beta = drawBeta(rng);
    double shift = beta * Pixels.mean(sample.image());
    return new Sample(Pixels.lut(sample.image(), ColourTables.linear(1, shift)), sample.mask());
  }
}
