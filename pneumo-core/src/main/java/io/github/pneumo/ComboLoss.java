package io.github.pneumo;

import com.google.common.base.Preconditions;

/**
 * The original solution's {@code ComboLoss} (spec §3): a weighted sum of
 *
 * <ul>
 *   <li><b>bce</b>: binary cross-entropy on logits x, mean over all pixels of the batch of
 *       max(x, 0) − x·t + log(1 + e^−|x|);
 *   <li><b>dice</b>: 1 − (2·Σ s·t + ε) / (Σ s + Σ t + ε) on s = sigmoid(x), summed over the whole
 *       batch (not per image), ε = 1e-6 by default;
 *   <li><b>focal</b>: mean of −(1 − p_t)^γ · log(p_t) with p_t = (1 − t)(1 − s) + t·s, where s and t
 *       are both clamped to [1e-8, 1 − 1e-8], γ = 2 by default, no alpha;
 * </ul>
 *
 * <p>The focal clamp is applied as the original applies it to its float32 tensors: s and t are
 * rounded to float32 and the bounds are float32 values, so the upper bound 1 − 1e-8 rounds to 1 and
 * a saturated sigmoid (x &gt; 16.6) is 1. This only matters for confidently wrong pixels (|x| ≳ 14),
 * where it keeps this reference within float32 noise of the original's training-time values; all
 * other arithmetic is double.
 *
 * <p>the total clamped below at 1e-5. Build it as {@code ComboLoss.builder().bce(3).dice(1).focal(4)
 * .build()}. {@link #evaluate(float[], float[])} is the plain-Java reference (double precision); the
 * DJL backend computes the same on NDArrays.
 */
public final class ComboLoss {

  /** Lower clamp of the total. */
  public static final double MIN_TOTAL = 1e-5;
  /** Clamp margin of the focal term's probabilities and targets. */
  public static final double FOCAL_CLAMP = 1e-8;
  private static final double FOCAL_LOW = (float) FOCAL_CLAMP;
  private static final double FOCAL_HIGH = (float) (1 - FOCAL_CLAMP);
  /** Default dice epsilon. */
  public static final double DEFAULT_DICE_EPSILON = 1e-6;
  /** Default focal gamma. */
  public static final double DEFAULT_FOCAL_GAMMA = 2.0;

  private final double bceWeight;
  private final double diceWeight;
  private final double focalWeight;
  private final double focalGamma;
  private final double diceEpsilon;

  private ComboLoss(Builder b) {
    bceWeight = b.bce;
    diceWeight = b.dice;
    focalWeight = b.focal;
    focalGamma = b.gamma;
    diceEpsilon = b.epsilon;
  }

  /**
   * Starts a loss with all weights 0, γ = 2 and ε = 1e-6.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The loss values of one evaluation: the clamped weighted total and the unweighted components.
   *
   * @param total max(w_bce·bce + w_dice·dice + w_focal·focal, 1e-5)
   * @param bce the BCE component
   * @param dice the batch dice component
   * @param focal the focal component
   */
  public record Result(double total, double bce, double dice, double focal) {}

  /**
   * Evaluates the loss in double precision on flattened N×1×H×W logits and targets.
   *
   * @param logits raw network outputs
   * @param targets targets in [0, 1], same length
   * @return total and components
   * @throws IllegalArgumentException if the arrays are empty or differ in length, a logit is not
   *     finite or a target lies outside [0, 1] (the message names the index)
   */
  public Result evaluate(float[] logits, float[] targets) {
    Preconditions.checkArgument(logits.length > 0, "empty logits");
    Preconditions.checkArgument(logits.length == targets.length,
        "%s logits but %s targets", logits.length, targets.length);
    double bceSum = 0;
    double intersection = 0;
    double sigmoidSum = 0;
    double targetSum = 0;
    double focalSum = 0;
    for (int i = 0; i < logits.length; i++) {
      double x = logits[i];
      double t = targets[i];
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("logit " + x + " at index " + i + " is not finite");
      }
      if (!(t >= 0 && t <= 1)) {
        throw new IllegalArgumentException("target " + t + " at index " + i + " is outside [0, 1]");
      }
      bceSum += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
      double s = 1 / (1 + Math.exp(-x));
      intersection += s * t;
      sigmoidSum += s;
      targetSum += t;
      double sc = clamp(s);
      double tc = clamp(t);
      double pt = (1 - tc) * (1 - sc) + tc * sc;
      focalSum += -Math.pow(1 - pt, focalGamma) * Math.log(pt);
    }
    double bce = bceSum / logits.length;
    double dice = 1 - (2 * intersection + diceEpsilon) / (sigmoidSum + targetSum + diceEpsilon);
    double focal = focalSum / logits.length;
    return new Result(combine(bce, dice, focal), bce, dice, focal);
  }

  /**
   * The clamped weighted total of given component values.
   *
   * @param bce the BCE component
   * @param dice the dice component
   * @param focal the focal component
   * @return max(w_bce·bce + w_dice·dice + w_focal·focal, 1e-5)
   */
  public double combine(double bce, double dice, double focal) {
    double total = 0;
    // As the original: only components with a non-zero weight are added.
    if (bceWeight != 0) {
      total += bceWeight * bce;
    }
    if (diceWeight != 0) {
      total += diceWeight * dice;
    }
    if (focalWeight != 0) {
      total += focalWeight * focal;
    }
    return Math.max(total, MIN_TOTAL);
  }

  private static double clamp(double v) {
    return Math.min(Math.max((float) v, FOCAL_LOW), FOCAL_HIGH);
  }

  /**
   * Weight of the BCE component.
   *
   * @return the weight
   */
  public double bceWeight() {
    return bceWeight;
  }

  /**
   * Weight of the dice component.
   *
   * @return the weight
   */
  public double diceWeight() {
    return diceWeight;
  }

  /**
   * Weight of the focal component.
   *
   * @return the weight
   */
  public double focalWeight() {
    return focalWeight;
  }

  /**
   * The focal exponent γ.
   *
   * @return gamma
   */
  public double focalGamma() {
    return focalGamma;
  }

  /**
   * The dice smoothing ε.
   *
   * @return epsilon
   */
  public double diceEpsilon() {
    return diceEpsilon;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComboLoss c && c.bceWeight == bceWeight && c.diceWeight == diceWeight
        && c.focalWeight == focalWeight && c.focalGamma == focalGamma && c.diceEpsilon == diceEpsilon;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(bceWeight, diceWeight, focalWeight, focalGamma, diceEpsilon);
  }

  @Override
  public String toString() {
    return "ComboLoss[bce=" + bceWeight + ", dice=" + diceWeight + ", focal=" + focalWeight
        + ", gamma=" + focalGamma + ", epsilon=" + diceEpsilon + "]";
  }

  /** Builder of a {@link ComboLoss}. */
  public static final class Builder {
    private double bce;
    private double dice;
    private double focal;
    private double gamma = DEFAULT_FOCAL_GAMMA;
    private double epsilon = DEFAULT_DICE_EPSILON;

    private Builder() {}

    /**
     * Sets the BCE weight.
     *
     * @param weight a finite weight ≥ 0
     * @return this builder
     */
    public Builder bce(double weight) {
      bce = weight;
      return this;
    }

    /**
     * Sets the dice weight.
     *
     * @param weight a finite weight ≥ 0
     * @return this builder
     */
    public Builder dice(double weight) {
      dice = weight;
      return this;
    }

    /**
     * Sets the focal weight.
     *
     * @param weight a finite weight ≥ 0
     * @return this builder
     */
    public Builder focal(double weight) {
      focal = weight;
      return this;
    }

    /**
     * Sets the focal exponent γ (default 2).
     *
     * @param value a finite γ ≥ 0
     * @return this builder
     */
    public Builder focalGamma(double value) {
      gamma = value;
      return this;
    }

    /**
     * Sets the dice smoothing ε (default 1e-6).
     *
     * @param value a finite ε &gt; 0
     * @return this builder
     */
    public Builder diceEpsilon(double value) {
      epsilon = value;
      return this;
    }

    /**
     * Builds the loss.
     *
     * @return the loss
     * @throws IllegalArgumentException if a weight is negative or not finite, all weights are 0, γ is
     *     negative or ε is not positive
     */
    public ComboLoss build() {
      for (double w : new double[] {bce, dice, focal}) {
        Preconditions.checkArgument(Double.isFinite(w) && w >= 0, "loss weights must be finite and >= 0: %s", w);
      }
      Preconditions.checkArgument(bce + dice + focal > 0, "at least one loss weight must be positive");
      Preconditions.checkArgument(Double.isFinite(gamma) && gamma >= 0, "focal gamma must be >= 0: %s", gamma);
      Preconditions.checkArgument(Double.isFinite(epsilon) && epsilon > 0, "dice epsilon must be > 0: %s", epsilon);
      return new ComboLoss(this);
    }
  }
}
