package io.github.pneumo.training;

import com.google.common.base.Preconditions;

/**
 * The original's best-score bookkeeping and early stopping (spec §5): the best score starts at the one
 * inherited from earlier parts with best epoch −1; an epoch improves when its score is strictly greater;
 * the run stops after epoch {@code e} when {@code e − bestEpoch > patience}. So a part that never beats the
 * inherited score stops after {@code patience + 1} epochs.
 */
public final class EarlyStopping {
  private final int patience;
  private double bestScore;
  private int bestEpoch;

  /**
   * @param patience the configured EARLY_STOPPING, &gt;= 0
   * @param inheritedBest the best score of earlier parts (0 when none)
   */
  public EarlyStopping(int patience, double inheritedBest) {
    this(patience, inheritedBest, -1);
  }

  /**
   * Restores a state (for a resume).
   *
   * @param patience the configured EARLY_STOPPING, &gt;= 0
   * @param bestScore the best score so far
   * @param bestEpoch its epoch, −1 when inherited
   */
  public EarlyStopping(int patience, double bestScore, int bestEpoch) {
    Preconditions.checkArgument(patience >= 0, "patience must be >= 0, got %s", patience);
    this.patience = patience;
    this.bestScore = bestScore;
    this.bestEpoch = bestEpoch;
  }

  /**
   * Records an epoch's score.
   *
   * @param epoch the epoch
   * @param score its validation score
   * @return whether it is a new best
   */
  public boolean offer(int epoch, double score) {
    if (score > bestScore) {
      bestScore = score;
      bestEpoch = epoch;
      return true;
    }
    return false;
  }

  /**
   * @param epoch the epoch just completed
   * @return whether training stops after it
   */
  public boolean shouldStop(int epoch) {
    return epoch - bestEpoch > patience;
  }

  /** @return the best score so far */
  public double bestScore() {
    return bestScore;
  }

  /** @return the epoch of the best score, −1 when inherited */
  public int bestEpoch() {
    return bestEpoch;
  }
}
