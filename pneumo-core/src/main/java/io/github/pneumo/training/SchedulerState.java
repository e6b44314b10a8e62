package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/**
 * The resumable state of a {@link LearningRateScheduler}: what PyTorch keeps in the scheduler's
 * {@code state_dict}.
 *
 * @param steps number of {@code step} calls so far (PyTorch's {@code last_epoch})
 * @param learningRate the current learning rate
 * @param best best score seen (plateau only; {@code -Infinity} before the first step, and for other
 *     schedules)
 * @param badEpochs consecutive epochs without improvement (plateau only)
 * @param cooldownCounter epochs of cooldown left (plateau only)
 */
public record SchedulerState(int steps, double learningRate, double best, int badEpochs, int cooldownCounter) {

  /** Validates the fields. */
  public SchedulerState {
    Preconditions.checkArgument(steps >= 0, "steps must be >= 0: %s", steps);
    Preconditions.checkArgument(learningRate >= 0 && Double.isFinite(learningRate),
        "learning rate must be >= 0 and finite: %s", learningRate);
    Preconditions.checkArgument(!Double.isNaN(best), "best score is NaN");
    Preconditions.checkArgument(badEpochs >= 0 && cooldownCounter >= 0,
        "counters must be >= 0: %s, %s", badEpochs, cooldownCounter);
  }

  /**
   * The state of a schedule that only depends on the step count.
   *
   * @param steps number of steps taken
   * @param learningRate the current rate
   * @return a state with neutral plateau fields
   */
  public static SchedulerState ofSteps(int steps, double learningRate) {
    return new SchedulerState(steps, learningRate, Double.NEGATIVE_INFINITY, 0, 0);
  }
}
