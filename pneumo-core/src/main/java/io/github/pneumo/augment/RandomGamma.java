package io.github.pneumo.augment;

import com.google.common.base.Preconditions;
import java.util.SplittableRandom;

/**
 * Gamma correction with g = randint(lower..upper, inclusive)/100 and table trunc(255·(v/255)^(1/g))
 * (albumentations 0.3.1 RandomGamma; note the exponent 1/g). The mask is untouched.
 *
 * @param lower smallest g·100 (the original: 80)
 * @param upper largest g·100 (the original: 120)
 * @param p probability
 */
public record RandomGamma(int lower, int upper, double p) implements Transform {

  /** Validates the limits. */
  public RandomGamma {
    Preconditions.checkArgument(lower > 0 && lower <= upper, "gamma limit must satisfy 0 < lower <= upper: (%s, %s)",
        lower, upper);
    Probability.check(p);
  }

  /** Draws g. */
  double drawGamma(SplittableRandom rng) {
    return rng.nextInt(lower, upper + 1) / 100.0;
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    return new Sample(Pixels.lut(sample.image(), ColourTables.gamma(drawGamma(rng))), sample.mask());
  }
}
