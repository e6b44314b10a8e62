package io.github.pneumo.examples.config;

/**
 * The sampler's non-empty-mask rate p per epoch: fixed ({@code start == end}, the original) or moving
 * from {@code start} to {@code end} within the run.
 *
 * @param start p of the first epoch, in (0, 1]
 * @param end p of epoch {@code rampEpochs} and later, in (0, 1]
 * @param mode {@code fixed}, {@code linear} or {@code step}
 * @param rampEpochs epochs over which p moves from start to end (linear), or after which it jumps (step)
 */
public record SampleRate(double start, double end, String mode, int rampEpochs) {

  /**
   * The rate of an epoch.
   *
   * @param epoch 0-based epoch
   * @return p
   */
  public double rate(int epoch) {
    return switch (mode) {
      case "linear" -> epoch >= rampEpochs ? end : start + (end - start) * epoch / rampEpochs;
      case "step" -> epoch >= rampEpochs ? end : start;
      default -> start;
    };
  }
}
