package io.github.pneumo.augment;

import java.util.SplittableRandom;

/**
 * One augmentation step, applied to image and mask with one shared random draw.
 *
 * <p>Like albumentations, a transform with probability {@link #p()} first draws a uniform number and
 * only acts when it is below p; {@link OneOf} calls the chosen child's {@link #applyAlways} directly.
 * Implementations are immutable and thread-safe; all randomness comes from the generator passed in.
 */
public interface Transform {

  /**
   * The probability that {@link #apply} acts.
   *
   * @return p in [0, 1]
   */
  double p();

  /**
   * Applies the transform with probability {@link #p()}.
   *
   * @param sample the input
   * @param rng the sample's random generator
   * @return the transformed sample, or the input itself when the transform did not fire
   */
  default Sample apply(Sample sample, SplittableRandom rng) {
    return rng.nextDouble() < p() ? applyAlways(sample, rng) : sample;
  }

  /**
   * Applies the transform unconditionally, drawing its random parameters from {@code rng}.
   *
   * @param sample the input
   * @param rng the sample's random generator
   * @return the transformed sample
   */
  Sample applyAlways(Sample sample, SplittableRandom rng);
}
