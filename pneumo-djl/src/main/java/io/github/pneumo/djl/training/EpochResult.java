package io.github.pneumo.djl.training;

/**
 * The outcome of one trained and validated epoch.
 *
 * @param fold the fold
 * @param epoch the epoch, 0-based within the run
 * @param learningRate the learning rate it trained with
 * @param meanLoss the mean training loss over its batches
 * @param lossComponents the mean of each loss component over its batches (empty when the loss has none)
 * @param tripletScores the validation score per triplet, in configuration order
 * @param score the best of {@code tripletScores}
 * @param improved whether it beat the best score (and was saved as the fold's best checkpoint)
 * @param bestScore the best score after this epoch
 * @param bestEpoch the epoch of {@code bestScore} in this run, -1 when inherited from an earlier part
 * @param imagesPerSecond training throughput of the epoch (images through forward and backward)
 */
public record EpochResult(String fold, int epoch, double learningRate, double meanLoss,
    java.util.Map<String, Double> lossComponents, double[] tripletScores,
    double score, boolean improved, double bestScore, int bestEpoch, double imagesPerSecond) {

  /** Copies the components. */
  public EpochResult {
    lossComponents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lossComponents));
  }
}
