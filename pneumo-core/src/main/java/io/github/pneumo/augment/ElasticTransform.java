package io.github.pneumo.augment;

import io.github.pneumo.image.Resampling;
import com.google.common.base.Preconditions;
import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;

/**
 * Elastic deformation (albumentations 0.3.1 ElasticTransform, approximate = False): first a random affine
 * that moves three reference points around the centre by U(−alphaAffine, alphaAffine), then a remap at
 * (x + dx, y + dy) where dx, dy are U(−1, 1) noise smoothed by a Gaussian of σ = sigma (scipy, mode
 * reflect, truncate 4) and scaled by alpha. Both resamplings use REFLECT_101 borders; image and mask
 * share the same affine and the same displacement fields.
 *
 * @param alpha displacement scale (the original: 120)
 * @param sigma Gaussian σ of the displacement fields (6)
 * @param alphaAffine affine jitter in pixels (3.6)
 * @param p probability
 */
public record ElasticTransform(double alpha, double sigma, double alphaAffine, double p) implements Transform {

  /** Validates the parameters. */
  public ElasticTransform {
    Preconditions.checkArgument(alpha >= 0 && Double.isFinite(alpha), "alpha must be >= 0: %s", alpha);
    Preconditions.checkArgument(sigma > 0 && Double.isFinite(sigma), "sigma must be > 0: %s", sigma);
    Preconditions.checkArgument(alphaAffine >= 0 && Double.isFinite(alphaAffine),
        "alpha_affine must be >= 0: %s", alphaAffine);
    Probability.check(p);
  }

  /** The affine matrix (forward, 2×3) mapping the three reference points to their jittered copies. */
  double[] affine(int width, int height, SplittableRandom rng) {
    // albumentations uses center_square = (H//2, W//2) as (x, y) points; identical for square images
    float c0 = height / 2;
    float c1 = width / 2;
    float s = Math.min(height, width) / 3;
    float[][] src = {{c0 + s, c1 + s}, {c0 + s, c1 - s}, {c0 - s, c1 - s}};
    float[][] dst = new float[3][2];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        dst[i][j] = src[i][j] + (float) Probability.uniform(rng, -alphaAffine, alphaAffine);
      }
    }
    return affineFromPoints(src, dst);
  }

  /** cv2.getAffineTransform: the 2×3 matrix M with M·src[i] = dst[i]. */
  static double[] affineFromPoints(float[][] src, float[][] dst) {
    double x0 = src[0][0];
    double y0 = src[0][1];
    double x1 = src[1][0];
    double y1 = src[1][1];
    double x2 = src[2][0];
    double y2 = src[2][1];
    double det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
    Preconditions.checkArgument(det != 0, "reference points are collinear");
    double[] m = new double[6];
    for (int r = 0; r < 2; r++) {
      double u0 = dst[0][r];
      double u1 = dst[1][r];
      double u2 = dst[2][r];
      double a = (u0 * (y1 - y2) - y0 * (u1 - u2) + (u1 * y2 - u2 * y1)) / det;
      double b = (x0 * (u1 - u2) - u0 * (x1 - x2) + (x1 * u2 - x2 * u1)) / det;
      double c = (x0 * (y1 * u2 - y2 * u1) - y0 * (x1 * u2 - x2 * u1) + u0 * (x1 * y2 - x2 * y1)) / det;
      m[3 * r] = a;
      m[3 * r + 1] = b;
      m[3 * r + 2] = c;
    }
    return m;
  }

  private float[] displacement(int width, int height, SplittableRandom rng) {
    float[] noise = new float[width * height];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    float[] field = GaussianFilter.smooth(noise, width, height, sigma, 4.0);
    float a = (float) alpha;
    for (int i = 0; i < field.length; i++) {
      field[i] *= a;
    }
    return field;
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    GreyImage image = sample.image();
    int w = image.width();
    int h = image.height();
    double[] m = affine(w, h, rng);
    float[] dx = displacement(w, h, rng);
    float[] dy = displacement(w, h, rng);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        dx[i] = x + dx[i];
        dy[i] = y + dy[i];
      }
    }
    GreyImage outImage = Resampling.remap(Resampling.warpAffine(image, m, false), dx, dy, false);
    GreyImage mask = sample.mask();
    GreyImage outMask = mask == null ? null : Resampling.remap(Resampling.warpAffine(mask, m, true), dx, dy, true);
    return new Sample(outImage, outMask);
  }
}
