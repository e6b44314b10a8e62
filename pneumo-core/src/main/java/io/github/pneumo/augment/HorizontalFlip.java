package io.github.pneumo.augment;

import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;

/**
 * Mirrors image and mask left-right (cv2.flip(img, 1)).
 *
 * @param p probability of flipping
 */
public record HorizontalFlip(double p) implements Transform {

  /** Validates p. */
  public HorizontalFlip {
    Probability.check(p);
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    GreyImage mask = sample.mask();
    return new Sample(Pixels.flipHorizontal(sample.image()), mask == null ? null : Pixels.flipHorizontal(mask));
  }
}
