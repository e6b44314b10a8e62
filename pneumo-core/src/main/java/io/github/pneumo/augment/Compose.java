package io.github.pneumo.augment;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies transforms in order, each with its own probability.
 *
 * @param transforms the steps, in order
 * @param p probability that the whole sequence is applied (1 in the original)
 */
public record Compose(List<Transform> transforms, double p) implements Transform {

  /** Validates and copies the steps. */
  public Compose {
    transforms = ImmutableList.copyOf(transforms);
    Probability.check(p);
  }

  /**
   * A sequence that always applies.
   *
   * @param transforms the steps
   * @return the composition
   */
  public static Compose of(List<Transform> transforms) {
    return new Compose(transforms, 1);
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    Sample s = sample;
    for (Transform t : transforms) {
      s = t.apply(s, rng);
    }
    return s;
  }
}
