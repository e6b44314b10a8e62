package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/**
 * PyTorch 1.1's {@code ReduceLROnPlateau} in mode {@code max} with a relative threshold: a score
 * improves when it exceeds {@code best·(1 + threshold)}; after more than {@code patience} consecutive
 * non-improving steps the rate becomes {@code max(lr·factor, minLr)} (a change smaller than
 * {@code eps} is ignored), followed by {@code cooldown} steps in which bad epochs are not counted.
 *
 * <p>The original's settings ({@link #original(double)}): factor 0.1, patience 2, threshold 1e-7,
 * cooldown 0, min lr 1e-7, eps 1e-8, so the rate drops after three non-improving validations.
 */
public final class ReduceLrOnPlateau implements LearningRateScheduler {
  private final double factor;
  private final int patience;
  private final double threshold;
  private final int cooldown;
  private final double minLr;
  private final double eps;

  private double lr;
  private int steps;
  private double best = Double.NEGATIVE_INFINITY;
  private int badEpochs;
  private int cooldownCounter;

  /**
   * Creates the schedule.
   *
   * @param initialLr the starting rate, &gt; 0
   * @param factor multiplier applied on a plateau, in (0, 1)
   * @param patience non-improving steps tolerated, &ge; 0
   * @param threshold relative improvement needed, &ge; 0
   * @param cooldown steps after a reduction in which bad epochs are not counted, &ge; 0
   * @param minLr lower bound of the rate, &ge; 0
   * @param eps minimal change of the rate that is applied, &ge; 0
   */
  public ReduceLrOnPlateau(double initialLr, double factor, int patience, double threshold, int cooldown,
      double minLr, double eps) {
    Preconditions.checkArgument(initialLr > 0 && Double.isFinite(initialLr),
        "learning rate must be positive: %s", initialLr);
    Preconditions.checkArgument(factor > 0 && factor < 1, "factor must be in (0, 1): %s", factor);
    Preconditions.checkArgument(patience >= 0, "patience must be >= 0: %s", patience);
    Preconditions.checkArgument(threshold >= 0, "threshold must be >= 0: %s", threshold);
    Preconditions.checkArgument(cooldown >= 0, "cooldown must be >= 0: %s", cooldown);
    Preconditions.checkArgument(minLr >= 0, "min_lr must be >= 0: %s", minLr);
    Preconditions.checkArgument(eps >= 0, "eps must be >= 0: %s", eps);
    this.lr = initialLr;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.eps = eps;
  }

  /**
   * The original's plateau schedule: factor 0.1, patience 2, threshold 1e-7, cooldown 0, min lr 1e-7,
   * eps 1e-8.
   *
   * @param initialLr the starting rate
   * @return a new scheduler
   */
  public static ReduceLrOnPlateau original(double initialLr) {
    return new ReduceLrOnPlateau(initialLr, 0.1, 2, 1e-7, 0, 1e-7, 1e-8);
  }

  @Override
  public double learningRate() {
    return lr;
  }

  /**
   * Whether a score would count as an improvement over the best so far.
   *
   * @param score a validation score
   * @return {@code score > best·(1 + threshold)}
   */
  public boolean isImprovement(double score) {
    return score > best * (1 + threshold);
  }

  @Override
  public void step(double score) {
    Preconditions.checkArgument(!Double.isNaN(score), "validation score is NaN");
    steps++;
    if (isImprovement(score)) {
      best = score;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      double reduced = Math.max(lr * factor, minLr);
      if (lr - reduced > eps) {
        lr = reduced;
      }
      cooldownCounter = cooldown;
      badEpochs = 0;
    }
  }

  @Override
  public SchedulerState state() {
    return new SchedulerState(steps, lr, best, badEpochs, cooldownCounter);
  }

  @Override
  public void restore(SchedulerState state) {
    steps = state.steps();
    lr = state.learningRate();
    best = state.best();
    badEpochs = state.badEpochs();
    cooldownCounter = state.cooldownCounter();
  }
}
