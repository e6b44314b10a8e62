package io.github.pneumo.augment;

import com.google.common.base.Preconditions;
import io.github.pneumo.image.GreyImage;
import org.jspecify.annotations.Nullable;

/**
 * An image and its optional mask, transformed together.
 *
 * <p>The mask is an 8-bit image of the same size: 0/255 for a binary mask, or soft values (as the
 * original's masks prepared below 1024). Geometric transforms move it with nearest interpolation,
 * colour transforms leave it untouched.
 *
 * @param image the radiograph
 * @param mask the mask, or null (test images)
 */
public record Sample(GreyImage image, @Nullable GreyImage mask) {

  /** Checks that image and mask have the same size. */
  public Sample {
    if (mask != null) {
      Preconditions.checkArgument(mask.width() == image.width() && mask.height() == image.height(),
          "mask is %sx%s but the image is %sx%s", mask.width(), mask.height(), image.width(), image.height());
    }
  }

  /**
   * A sample without a mask.
   *
   * @param image the image
   * @return the sample
   */
  public static Sample of(GreyImage image) {
    return new Sample(image, null);
  }

  /**
   * A sample with a mask.
   *
   * @param image the image
   * @param mask the mask, same size
   * @return the sample
   */
  public static Sample of(GreyImage image, GreyImage mask) {
    return new Sample(image, mask);
  }
}
