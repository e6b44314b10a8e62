package io.github.pneumo.djl.training;

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
}
