package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/**
 * PyTorch's {@code CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)} stepped once per epoch: the rate
 * follows a half cosine from lr0 down towards eta_min over {@code T_i} epochs, then restarts at lr0 with
 * {@code T_(i+1) = T_i·T_mult}.
 */
public final class CosineAnnealingWarmRestarts implements LearningRateScheduler {
  private final double baseLr;
  private final int t0;
  private final int tMult;
  private final double etaMin;
  private int steps;
  private int tCur;
  private int tI;

  /**
   * Creates the schedule.
   *
   * @param baseLr the rate at each restart, &gt; 0
   * @param t0 length of the first cycle in epochs, &ge; 1
   * @param tMult growth factor of the cycle length, &ge; 1
   * @param etaMin the minimum rate, 0 &le; etaMin &le; baseLr
   */
  public CosineAnnealingWarmRestarts(double baseLr, int t0, int tMult, double etaMin) {
    Preconditions.checkArgument(baseLr > 0 && Double.isFinite(baseLr), "learning rate must be positive: %s", baseLr);
    Preconditions.checkArgument(t0 >= 1, "T_0 must be >= 1: %s", t0);
    Preconditions.checkArgument(tMult >= 1, "T_mult must be >= 1: %s", tMult);
    Preconditions.checkArgument(etaMin >= 0 && etaMin <= baseLr, "eta_min must be in [0, lr]: %s", etaMin);
    this.baseLr = baseLr;
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tI = t0;
  }

  @Override
  public double learningRate() {
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
  }

  @Override
  public void step(double score) {
    steps++;
    tCur++;
    if (tCur >= tI) {
      tCur -= tI;
      tI *= tMult;
    }
  }

  @Override
  public SchedulerState state() {
    return SchedulerState.ofSteps(steps, learningRate());
  }

  @Override
  public void restore(SchedulerState state) {
    steps = 0;
    tCur = 0;
    tI = t0;
    for (int i = 0; i < state.steps(); i++) {
      step(0);
    }
  }
}
