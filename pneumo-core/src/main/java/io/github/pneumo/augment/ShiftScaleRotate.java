package io.github.pneumo.augment;

import io.github.pneumo.image.Resampling;
import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;

/**
 * Random affine: rotation by U(rotate) degrees and scaling by 1 + U(scale) around (W/2, H/2)
 * (cv2.getRotationMatrix2D), then a shift of U(shift)·W and U(shift)·H; warpAffine with REFLECT_101
 * borders, bilinear for the image and nearest for the mask (albumentations 0.3.1 ShiftScaleRotate).
 *
 * @param shiftLower lower shift limit as a fraction of the size (the original: −0.0625)
 * @param shiftUpper upper shift limit (0.0625)
 * @param scaleLower lower scale limit, factor = 1 + limit (−0.1)
 * @param scaleUpper upper scale limit (0.1)
 * @param rotateLower lower angle in degrees (−45)
 * @param rotateUpper upper angle in degrees (45)
 * @param p probability
 */
public record ShiftScaleRotate(double shiftLower, double shiftUpper, double scaleLower, double scaleUpper,
    double rotateLower, double rotateUpper, double p) implements Transform {

  /** Validates the limits. */
  public ShiftScaleRotate {
    Probability.checkRange("shift limit", shiftLower, shiftUpper);
    Probability.checkRange("scale limit", scaleLower, scaleUpper);
    Probability.checkRange("rotate limit", rotateLower, rotateUpper);
    if (scaleLower <= -1) {
      throw new IllegalArgumentException("scale limit must be > -1: " + scaleLower);
    }
    Probability.check(p);
  }

  /** The drawn parameters. */
  record Params(double angle, double scale, double dx, double dy) {}

  /** Draws angle, scale, dx, dy in albumentations' order. */
  Params draw(SplittableRandom rng) {
    double angle = Probability.uniform(rng, rotateLower, rotateUpper);
    double scale = 1 + Probability.uniform(rng, scaleLower, scaleUpper);
    double dx = Probability.uniform(rng, shiftLower, shiftUpper);
    double dy = Probability.uniform(rng, shiftLower, shiftUpper);
    return new Params(angle, scale, dx, dy);
  }

  /** The forward 2×3 matrix for an image of the given size. */
  static double[] matrix(Params q, int width, int height) {
    double cx = width / 2.0;
    double cy = height / 2.0;
    double rad = Math.toRadians(q.angle());
    double alpha = Math.cos(rad) * q.scale();
    double beta = Math.sin(rad) * q.scale();
    return new double[] {
      alpha, beta, (1 - alpha) * cx - beta * cy + q.dx() * width,
      -beta, alpha, beta * cx + (1 - alpha) * cy + q.dy() * height
    };
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    GreyImage image = sample.image();
    double[] m = matrix(draw(rng), image.width(), image.height());
    GreyImage mask = sample.mask();
    return new Sample(Resampling.warpAffine(image, m, false), mask == null ? null : Resampling.warpAffine(mask, m, true));
  }
}
