package io.github.pneumo.augment;

import io.github.pneumo.image.Resampling;
import com.google.common.base.Preconditions;
import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;

/**
 * Grid distortion (albumentations 0.3.1 GridDistortion): the image is cut into cells of
 * {@code W / numSteps} pixels; each cell's source span is stretched by a factor 1 + U(lower, upper)
 * (numSteps + 1 factors per axis), the source coordinate runs piecewise linearly (numpy linspace) and a
 * cell that would overshoot the border is clamped to end exactly at it. Remap with REFLECT_101.
 *
 * @param numSteps number of cells per axis (the original: 5)
 * @param lower lower distortion limit (−0.3)
 * @param upper upper distortion limit (0.3)
 * @param p probability
 */
public record GridDistortion(int numSteps, double lower, double upper, double p) implements Transform {

  /** Validates the parameters. */
  public GridDistortion {
    Preconditions.checkArgument(numSteps >= 1, "num_steps must be >= 1: %s", numSteps);
    Probability.checkRange("distort limit", lower, upper);
    Probability.check(p);
  }

  /** Draws numSteps + 1 step factors. */
  double[] drawSteps(SplittableRandom rng) {
    double[] steps = new double[numSteps + 1];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = 1 + Probability.uniform(rng, lower, upper);
    }
    return steps;
  }

  /** The source coordinate of each destination column (or row) of an axis of the given length. */
  static float[] axisMap(int length, int numSteps, double[] steps) {
    float[] out = new float[length];
    int step = length / numSteps;
    if (step == 0) {
      for (int i = 0; i < length; i++) {
        out[i] = i;
      }
      return out;
    }
    double prev = 0;
    int idx = 0;
    for (int start = 0; start < length; start += step, idx++) {
      int end = start + step;
      double cur;
      if (end > length) {
        end = length;
        cur = length;
      } else {
        cur = prev + step * steps[Math.min(idx, steps.length - 1)];
      }
      linspace(out, start, end - start, prev, cur);
      prev = cur;
    }
    return out;
  }

  private static void linspace(float[] out, int offset, int n, double from, double to) {
    if (n == 1) {
      out[offset] = (float) from;
      return;
    }
    double delta = (to - from) / (n - 1);
    for (int i = 0; i < n; i++) {
      out[offset + i] = (float) (from + i * delta);
    }
    out[offset + n - 1] = (float) to;
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    GreyImage image = sample.image();
    float[] xs = axisMap(image.width(), numSteps, drawSteps(rng));
    float[] ys = axisMap(image.height(), numSteps, drawSteps(rng));
    Resampling.RowMap map = (y, rowX, rowY) -> {
      System.arraycopy(xs, 0, rowX, 0, rowX.length);
      java.util.Arrays.fill(rowY, ys[y]);
    };
    GreyImage mask = sample.mask();
    return new Sample(Resampling.remap(image, map, false), mask == null ? null : Resampling.remap(mask, map, true));
  }
}
