package io.github.pneumo.augment;

import io.github.pneumo.image.Resampling;
import com.google.common.base.Preconditions;
import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;

/**
 * Resizes to a fixed size: bilinear for the image (cv2.resize INTER_LINEAR: half-pixel centres, no
 * anti-aliasing), nearest for the mask. A no-op when the size already matches.
 *
 * @param height output height
 * @param width output width
 * @param p probability (1 in the original)
 */
public record Resize(int height, int width, double p) implements Transform {

  /** Validates the size. */
  public Resize {
    Preconditions.checkArgument(height > 0 && width > 0, "resize target must be positive: %sx%s", width, height);
    Probability.check(p);
  }

  /**
   * A square resize that always applies.
   *
   * @param size side length
   * @return the transform
   */
  public static Resize square(int size) {
    return new Resize(size, size, 1);
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    GreyImage mask = sample.mask();
    return new Sample(Resampling.resizeLinear(sample.image(), width, height),
        mask == null ? null : Resampling.resizeNearest(mask, width, height));
  }
}
