package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/** A constant learning rate (no scheduler). */
public final class ConstantLr implements LearningRateScheduler {
  private final double lr;
  private int steps;

  /**
   * Creates the schedule.
   *
   * @param lr the rate, &gt; 0
   */
  public ConstantLr(double lr) {
    Preconditions.checkArgument(lr > 0 && Double.isFinite(lr), "learning rate must be positive: %s", lr);
    this.lr = lr;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void step(double score) {
    steps++;
  }

  @Override
  public SchedulerState state() {
    return SchedulerState.ofSteps(steps, lr);
  }

  @Override
  public void restore(SchedulerState state) {
    Preconditions.checkArgument(state.learningRate() == lr,
        "saved learning rate %s differs from the constant %s", state.learningRate(), lr);
    steps = state.steps();
  }
}
