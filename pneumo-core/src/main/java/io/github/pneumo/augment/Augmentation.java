package io.github.pneumo.augment;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A configured augmentation pipeline: the transforms applied to every sample plus the normalisation of
 * the final tensor. Immutable and thread-safe; a sample's randomness derives only from (seed, epoch,
 * index), so loading order and thread count never change the result.
 *
 * @param transforms the steps, in order
 * @param normalization the tensor normalisation ({@link Normalization#UNIT} or ImageNet)
 */
public record Augmentation(List<Transform> transforms, Normalization normalization) {

  /** Copies the steps. */
  public Augmentation {
    transforms = ImmutableList.copyOf(transforms);
  }

  /**
   * The random generator of one sample: a SplittableRandom seeded by a hash mix of the three numbers.
   *
   * @param seed the run's seed
   * @param epoch the epoch
   * @param index the sample's index (position in the epoch, or dataset index)
   * @return a fresh generator
   */
  public static SplittableRandom random(long seed, long epoch, long index) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ (epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    h = mix(h ^ (index * 0xD6E8FEB86659FD93L + 0x27D4EB2F165667C5L));
    return new SplittableRandom(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Augments one sample deterministically.
   *
   * @param sample image and optional mask
   * @param seed the run's seed
   * @param epoch the epoch
   * @param index the sample's index
   * @return the augmented sample
   */
  public Sample apply(Sample sample, long seed, long epoch, long index) {
    return apply(sample, random(seed, epoch, index));
  }

  /**
   * Augments one sample with a given generator.
   *
   * @param sample image and optional mask
   * @param rng the generator
   * @return the augmented sample
   */
  public Sample apply(Sample sample, SplittableRandom rng) {
    Sample s = sample;
    for (Transform t : transforms) {
      s = t.apply(s, rng);
    }
    return s;
  }

  /**
   * The model input for an augmented image: 3×H×W floats with this pipeline's normalisation.
   *
   * @param sample an augmented sample
   * @return the image tensor data
   */
  public float[] imageTensor(Sample sample) {
    return ToTensor.image(sample.image(), normalization);
  }
}
