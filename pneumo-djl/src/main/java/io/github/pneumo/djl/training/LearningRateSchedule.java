package io.github.pneumo.djl.training;

/**
 * The learning rate of each epoch, stepped once per validated epoch like the original (ReduceLROnPlateau
 * receives the score; epoch-based schedules ignore it). Its state must survive a resume.
 */
public interface LearningRateSchedule {

  /** @return the learning rate of the coming epoch */
  double learningRate();

  /**
   * Advances by one validated epoch.
   *
   * @param score the epoch's validation score
   */
  void step(double score);

  /** @return the schedule's state, for a resume file */
  String saveState();

  /**
   * Restores a state written by {@link #saveState()}.
   *
   * @param state the saved state
   */
  void restoreState(String state);

  /**
   * A constant rate.
   *
   * @param learningRate the rate
   * @return the schedule
   */
  static LearningRateSchedule constant(double learningRate) {
    return new LearningRateSchedule() {
      @Override
      public double learningRate() {
        return learningRate;
      }

      @Override
      public void step(double score) {}

      @Override
      public String saveState() {
        return "";
      }

      @Override
      public void restoreState(String state) {}
    };
  }
}
