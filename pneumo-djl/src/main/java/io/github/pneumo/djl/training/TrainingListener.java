package io.github.pneumo.djl.training;

/** Progress of a training run (progress bars, dashboards). Every method has an empty default. */
public interface TrainingListener {

  /**
   * An epoch starts.
   *
   * @param fold the fold
   * @param epoch the epoch, 0-based
   * @param epochs the configured number of epochs
   * @param batches training batches in this epoch
   * @param learningRate the epoch's learning rate
   */
  default void epochStarted(String fold, int epoch, int epochs, int batches, double learningRate) {}

  /**
   * A training batch is done.
   *
   * @param batch the batch, 0-based
   * @param batches batches in the epoch
   * @param runningMeans running means over the epoch so far: {@code loss}, then the loss components
   *     when the loss reports them ({@code bce}, {@code dice}, {@code focal} for ComboLoss)
   */
  default void batchTrained(int batch, int batches, java.util.Map<String, Double> runningMeans) {}

  /**
   * Validation is done and the epoch's results are saved.
   *
   * @param result the epoch's result
   */
  default void epochFinished(EpochResult result) {}

  /** @return a listener that does nothing */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
