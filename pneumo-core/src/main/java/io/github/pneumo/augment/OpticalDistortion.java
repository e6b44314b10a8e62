package io.github.pneumo.augment;

import io.github.pneumo.image.Resampling;
import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;

/**
 * Barrel/pincushion distortion (albumentations 0.3.1 OpticalDistortion): k = U(distort), a centre shift
 * of round(U(shift)) pixels (always 0 with the original's ±0.5), camera matrix fx = fy = W,
 * cx = W/2 + dx, cy = H/2 + dy, distortion coefficients (k, k, 0, 0, 0), OpenCV's undistort-rectify
 * map (new camera matrix with the principal point at ((W−1)/2, (H−1)/2)), then remap with REFLECT_101.
 *
 * @param distortLower lower limit of k (the original: −2)
 * @param distortUpper upper limit of k (2)
 * @param shiftLower lower centre shift (−0.5)
 * @param shiftUpper upper centre shift (0.5)
 * @param p probability
 */
public record OpticalDistortion(double distortLower, double distortUpper, double shiftLower, double shiftUpper,
    double p) implements Transform {

  /** Validates the limits. */
  public OpticalDistortion {
    Probability.checkRange("distort limit", distortLower, distortUpper);
    Probability.checkRange("shift limit", shiftLower, shiftUpper);
    Probability.check(p);
  }

  /** The drawn parameters. */
  record Params(double k, double dx, double dy) {}

  /** Draws k, dx, dy. */
  Params draw(SplittableRandom rng) {
    double k = Probability.uniform(rng, distortLower, distortUpper);
    double dx = Math.rint(Probability.uniform(rng, shiftLower, shiftUpper));
    double dy = Math.rint(Probability.uniform(rng, shiftLower, shiftUpper));
    return new Params(k, dx, dy);
  }

  static Resampling.RowMap map(Params q, int width, int height) {
    double f = width;
    double cx = width * 0.5 + q.dx();
    double cy = height * 0.5 + q.dy();
    double ncx = (width - 1) * 0.5;
    double ncy = (height - 1) * 0.5;
    double k = q.k();
    return (v, xs, ys) -> {
      double y = (v - ncy) / f;
      for (int u = 0; u < xs.length; u++) {
        double x = (u - ncx) / f;
        double r2 = x * x + y * y;
        double kr = 1 + k * r2 + k * r2 * r2;
        xs[u] = (float) (f * x * kr + cx);
        ys[u] = (float) (f * y * kr + cy);
      }
    };
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    GreyImage image = sample.image();
    Resampling.RowMap m = map(draw(rng), image.width(), image.height());
    GreyImage mask = sample.mask();
    return new Sample(Resampling.remap(image, m, false), mask == null ? null : Resampling.remap(mask, m, true));
  }
}
