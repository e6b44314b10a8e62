package io.github.pneumo.training;

/**
 * A learning-rate schedule stepped once per validated epoch, like the original's
 * {@code post_processing} (PyTorch 1.1 semantics).
 *
 * <p>{@link #learningRate()} is the rate to use for the next epoch. After validating an epoch the
 * trainer calls {@link #step(double)} with the epoch's score; only {@link ReduceLrOnPlateau} looks at
 * it. Instances are mutable and not thread-safe. {@link #state()} and {@link #restore(SchedulerState)}
 * save and restore everything needed to resume a run exactly.
 */
public interface LearningRateScheduler {

  /**
   * The learning rate for the coming epoch.
   *
   * @return the current rate, &gt; 0
   */
  double learningRate();

  /**
   * Advances the schedule by one validated epoch.
   *
   * @param score the epoch's validation score (higher is better); ignored by schedules that do not
   *     react to the score
   */
  void step(double score);

  /**
   * A snapshot of the mutable state, for checkpoints.
   *
   * @return the state after the last {@link #step(double)}
   */
  SchedulerState state();

  /**
   * Restores a snapshot taken by {@link #state()} of a scheduler built from the same spec.
   *
   * @param state the snapshot
   * @throws IllegalArgumentException if the snapshot is inconsistent with this schedule
   */
  void restore(SchedulerState state);
}
