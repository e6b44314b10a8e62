package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/**
 * A learning-rate schedule as configured, independent of the initial rate; {@link #create(double)}
 * builds the stateful scheduler.
 */
public sealed interface SchedulerSpec
    permits SchedulerSpec.Constant, SchedulerSpec.Plateau, SchedulerSpec.Cosine, SchedulerSpec.WarmRestarts {

  /**
   * Builds a fresh scheduler.
   *
   * @param initialLr the optimizer's initial learning rate
   * @return a scheduler at step 0
   */
  LearningRateScheduler create(double initialLr);

  /** A constant rate. */
  record Constant() implements SchedulerSpec {
    @Override
    public LearningRateScheduler create(double initialLr) {
      return new ConstantLr(initialLr);
    }
  }

  /**
   * {@code ReduceLROnPlateau} in mode max with a relative threshold (see {@link ReduceLrOnPlateau}).
   *
   * @param factor multiplier on a plateau, in (0, 1)
   * @param patience non-improving steps tolerated
   * @param threshold relative improvement needed
   * @param cooldown steps without counting after a reduction
   * @param minLr lower bound of the rate
   * @param eps minimal applied change
   */
  record Plateau(double factor, int patience, double threshold, int cooldown, double minLr, double eps)
      implements SchedulerSpec {

    /** Validates the parameters. */
    public Plateau {
      Preconditions.checkArgument(factor > 0 && factor < 1, "factor must be in (0, 1): %s", factor);
      Preconditions.checkArgument(patience >= 0 && cooldown >= 0, "patience and cooldown must be >= 0");
      Preconditions.checkArgument(threshold >= 0 && minLr >= 0 && eps >= 0,
          "threshold, min_lr and eps must be >= 0");
    }

    /**
     * The original's settings: factor 0.1, patience 2, threshold 1e-7, cooldown 0, min lr 1e-7, eps 1e-8.
     *
     * @return the spec
     */
    public static Plateau original() {
      return new Plateau(0.1, 2, 1e-7, 0, 1e-7, 1e-8);
    }

    @Override
    public LearningRateScheduler create(double initialLr) {
      return new ReduceLrOnPlateau(initialLr, factor, patience, threshold, cooldown, minLr, eps);
    }
  }

  /**
   * {@code CosineAnnealingLR(T_max, eta_min)}, periodic (see {@link CosineAnnealingLr}).
   *
   * @param tMax half period in epochs, &ge; 1
   * @param etaMin minimum rate, &ge; 0
   */
  record Cosine(int tMax, double etaMin) implements SchedulerSpec {

    /** Validates the parameters. */
    public Cosine {
      Preconditions.checkArgument(tMax >= 1, "T_max must be >= 1: %s", tMax);
      Preconditions.checkArgument(etaMin >= 0, "eta_min must be >= 0: %s", etaMin);
    }

    @Override
    public LearningRateScheduler create(double initialLr) {
      return new CosineAnnealingLr(initialLr, tMax, etaMin);
    }
  }

  /**
   * {@code CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)} (see {@link CosineAnnealingWarmRestarts}).
   *
   * @param t0 first cycle length, &ge; 1
   * @param tMult cycle growth factor, &ge; 1
   * @param etaMin minimum rate, &ge; 0
   */
  record WarmRestarts(int t0, int tMult, double etaMin) implements SchedulerSpec {

    /** Validates the parameters. */
    public WarmRestarts {
      Preconditions.checkArgument(t0 >= 1 && tMult >= 1, "T_0 and T_mult must be >= 1: %s, %s", t0, tMult);
      Preconditions.checkArgument(etaMin >= 0, "eta_min must be >= 0: %s", etaMin);
    }

    @Override
    public LearningRateScheduler create(double initialLr) {
      return new CosineAnnealingWarmRestarts(initialLr, t0, tMult, etaMin);
    }
  }
}
