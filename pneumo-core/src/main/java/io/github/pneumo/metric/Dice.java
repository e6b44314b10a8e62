package io.github.pneumo.metric;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import java.util.List;

/**
 * The SIIM-ACR challenge metric: per-image Dice 2|X∩Y| / (|X| + |Y|), defined as 1 when prediction and
 * truth are both empty (so an empty prediction of a non-empty truth scores 0, and so does any prediction
 * on an empty truth), and its exact mean over images.
 *
 * <p>The original's validation averaged batch means with an ε of 1e-6; pneumo's scores (threshold search,
 * submission scoring) use the exact per-image mean with no ε (see docs/decisions.md). Training validation
 * keeps the original's smoothed per-image form, {@link #smoothed(long, long, long)}, so that its
 * {@code summary.csv} carries the original's numbers.
 */
public final class Dice {

  /** The smoothing term ε of the original's validation metric ({@code dice_metric}, spec §10). */
  public static final double ORIGINAL_EPSILON = 1e-6;

  private Dice() {}

  /**
   * Dice of one image.
   *
   * @param prediction the predicted mask
   * @param truth the true mask, same size
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double of(Mask prediction, Mask truth) {
    return fromCounts(prediction.intersectionArea(truth), prediction.area(), truth.area());
  }

  /**
   * Dice from pixel counts, for callers that count without masks (e.g. a threshold search).
   *
   * @param intersection |X∩Y|
   * @param predictedArea |X|
   * @param trueArea |Y|
   * @return 2|X∩Y| / (|X| + |Y|), or 1 when both areas are 0
   * @throws IllegalArgumentException if a count is negative or the intersection exceeds an area
   */
  public static double fromCounts(long intersection, long predictedArea, long trueArea) {
    Preconditions.checkArgument(intersection >= 0 && intersection <= predictedArea && intersection <= trueArea,
        "inconsistent counts: intersection %s, predicted %s, true %s", intersection, predictedArea, trueArea);
    long sum = predictedArea + trueArea;
    return sum == 0 ? 1.0 : 2.0 * intersection / sum;
  }

  /**
   * The original's smoothed per-image Dice {@code (2|X∩Y| + ε) / (|X| + |Y| + ε)} with ε =
   * {@link #ORIGINAL_EPSILON}: 1 when both areas are 0, and {@code ε / (|Y| + ε)} (not 0) for an empty
   * prediction of a non-empty truth. It differs from {@link #fromCounts(long, long, long)} by less than
   * {@code ε / (|X| + |Y|)}.
   *
   * @param intersection |X∩Y|
   * @param predictedArea |X|
   * @param trueArea |Y|
   * @return a value in (0, 1]
   * @throws IllegalArgumentException if a count is negative or the intersection exceeds an area
   */
  public static double smoothed(long intersection, long predictedArea, long trueArea) {
    Preconditions.checkArgument(intersection >= 0 && intersection <= predictedArea && intersection <= trueArea,
        "inconsistent counts: intersection %s, predicted %s, true %s", intersection, predictedArea, trueArea);
    return (2.0 * intersection + ORIGINAL_EPSILON) / (predictedArea + trueArea + ORIGINAL_EPSILON);
  }

  /**
   * The exact mean of per-image Dice over paired lists (the Kaggle score).
   *
   * @param predictions one mask per image
   * @param truths the true masks, in the same order
   * @return the mean
   * @throws IllegalArgumentException if the lists differ in length, are empty, or a pair differs in size
   */
  public static double mean(List<Mask> predictions, List<Mask> truths) {
    Preconditions.checkArgument(predictions.size() == truths.size(),
        "%s predictions for %s truths", predictions.size(), truths.size());
    Accumulator acc = accumulator();
    for (int i = 0; i < predictions.size(); i++) {
      acc.add(predictions.get(i), truths.get(i));
    }
    return acc.mean();
  }

  /**
   * A running mean that takes images one at a time.
   *
   * @return an empty accumulator
   */
  public static Accumulator accumulator() {
    return new Accumulator();
  }

  /**
   * Accumulates per-image Dice one image at a time; the mean is exact (compensated summation), whatever
   * the batching. Not thread-safe; combine per-thread accumulators with {@link #addAll(Accumulator)}.
   */
  public static final class Accumulator {
    private long count;
    private double sum;
    private double compensation;

    private Accumulator() {}

    /**
     * Adds one image.
     *
     * @param prediction the predicted mask
     * @param truth the true mask, same size
     * @return this image's Dice
     */
    public double add(Mask prediction, Mask truth) {
      double d = of(prediction, truth);
      addScore(d);
      return d;
    }

    /**
     * Adds one image's precomputed Dice.
     *
     * @param dice a value in [0, 1]
     * @return this accumulator
     */
    public Accumulator addScore(double dice) {
      Preconditions.checkArgument(dice >= 0 && dice <= 1, "Dice %s outside [0, 1]", dice);
      // Kahan–Babuška summation: the mean does not depend on the order of thousands of images.
      double t = sum + dice;
      compensation += Math.abs(sum) >= Math.abs(dice) ? (sum - t) + dice : (dice - t) + sum;
      sum = t;
      count++;
      return this;
    }

    /**
     * Adds the images of another accumulator.
     *
     * @param other another accumulator
     * @return this accumulator
     */
    public Accumulator addAll(Accumulator other) {
      double t = sum + other.sum;
      compensation += Math.abs(sum) >= Math.abs(other.sum) ? (sum - t) + other.sum : (other.sum - t) + sum;
      sum = t;
      compensation += other.compensation;
      count += other.count;
      return this;
    }

    /**
     * The number of images added.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * The sum of the per-image scores.
     *
     * @return the sum
     */
    public double sum() {
      return sum + compensation;
    }

    /**
     * The mean over the images added.
     *
     * @return the exact mean
     * @throws IllegalStateException if no image was added
     */
    public double mean() {
      if (count == 0) {
        throw new IllegalStateException("mean Dice of no images");
      }
      return sum() / count;
    }
  }
}
