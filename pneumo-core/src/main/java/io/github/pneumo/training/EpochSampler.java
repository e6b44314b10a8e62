package io.github.pneumo.training;

/**
 * Chooses the training samples of an epoch (the original's PneumoSampler, or a plain shuffle). Must be a
 * pure function of the epoch number and the sampler's seed, so a resumed run draws the same epochs.
 */
@FunctionalInterface
public interface EpochSampler {

  /**
   * @param epoch 0-based epoch number
   * @return indices into the training {@link SampleSource}, in training order (repeats allowed)
   */
  int[] indices(int epoch);

  /**
   * Every sample once per epoch, shuffled with a generator seeded by (seed, epoch) (the original
   * without its sampler).
   *
   * @param size the number of samples
   * @param seed the run's seed
   * @return the sampler
   */
  static EpochSampler shuffle(int size, long seed) {
    return epoch -> {
      int[] order = new int[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
      for (int i = size - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      return order;
    };
  }
}
