package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/**
 * PyTorch's {@code CosineAnnealingLR(T_max, eta_min)} in its closed form: after e steps the rate is
 * {@code eta_min + (lr0 - eta_min)·(1 + cos(π·e/T_max))/2}. Like PyTorch (and the original) it does not
 * stop at {@code T_max}: the rate rises again, with period {@code 2·T_max}.
 */
public final class CosineAnnealingLr implements LearningRateScheduler {
  private final double baseLr;
  private final int tMax;
  private final double etaMin;
  private int steps;

  /**
   * Creates the schedule.
   *
   * @param baseLr the initial rate lr0, &gt; 0
   * @param tMax half period in epochs, &ge; 1
   * @param etaMin the minimum rate, 0 &le; etaMin &le; baseLr
   */
  public CosineAnnealingLr(double baseLr, int tMax, double etaMin) {
    Preconditions.checkArgument(baseLr > 0 && Double.isFinite(baseLr), "learning rate must be positive: %s", baseLr);
    Preconditions.checkArgument(tMax >= 1, "T_max must be >= 1: %s", tMax);
    Preconditions.checkArgument(etaMin >= 0 && etaMin <= baseLr, "eta_min must be in [0, lr]: %s", etaMin);
    this.baseLr = baseLr;
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  /**
   * The rate after a given number of steps.
   *
   * @param steps validated epochs so far
   * @return the rate for the next epoch
   */
  public double learningRateAt(int steps) {
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * steps / tMax)) / 2;
  }

  @Override
  public double learningRate() {
    return learningRateAt(steps);
  }

  @Override
  public void step(double score) {
    steps++;
  }

  @Override
  public SchedulerState state() {
    return SchedulerState.ofSteps(steps, learningRate());
  }

  @Override
  public void restore(SchedulerState state) {
    steps = state.steps();
  }
}
