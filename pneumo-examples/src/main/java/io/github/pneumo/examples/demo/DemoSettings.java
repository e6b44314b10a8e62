package io.github.pneumo.examples.demo;

import com.google.common.base.Preconditions;

/**
 * The knobs of the demo. The defaults are the full demo (about 8 minutes on the developers' idle 2-core CPU;
 * the README has the figures) and the upper bound from which {@link DemoPlan} sizes a run down to fit its time
 * budget on slower machines; {@link #quick(long)} is a seconds-long variant for tests.
 *
 * @param seed seed of the dataset, the weights and the sampler
 * @param trainImages generated training images (5 stratified folds; fold 0 validates)
 * @param testImages generated held-out images (used only for the final score)
 * @param dicomSize side of the generated DICOMs
 * @param trainSize side the network trains and predicts at
 * @param epochs training epochs (cosine learning-rate decay over them)
 * @param batchSize training batch size
 * @param learningRate initial Adam learning rate
 * @param sampleRate the sliding sampler's positive rate
 * @param difficulty lesion contrast difficulty of the generator (0 = easiest)
 * @param threads worker threads for generation and preparation
 */
public record DemoSettings(long seed, int trainImages, int testImages, int dicomSize, int trainSize, int epochs,
    int batchSize, double learningRate, double sampleRate, double difficulty, int threads) {

  /** Validates the values. */
  public DemoSettings {
    Preconditions.checkArgument(trainImages >= 10, "need at least 10 training images, got %s", trainImages);
    Preconditions.checkArgument(testImages >= 1, "need at least one held-out image, got %s", testImages);
    Preconditions.checkArgument(dicomSize % 64 == 0 && dicomSize >= 64, "DICOM size must be a multiple of 64");
    Preconditions.checkArgument(trainSize % 64 == 0 && trainSize >= 64 && trainSize <= dicomSize,
        "training size must be a multiple of 64 and at most the DICOM size");
    Preconditions.checkArgument(epochs >= 1 && batchSize >= 1 && threads >= 1, "epochs, batch and threads must be >= 1");
    Preconditions.checkArgument(learningRate > 0 && sampleRate > 0 && sampleRate <= 1, "bad rate");
  }

  /**
   * The README's demo.
   *
   * @param seed the seed
   * @return the default settings
   */
  public static DemoSettings defaults(long seed) {
    return new DemoSettings(seed, 1500, 300, 256, 128, 4, 8, 3e-4, 0.6, 0.0, 2);
  }

  /**
   * A tiny run for tests: every stage runs, nothing is learnt.
   *
   * @param seed the seed
   * @return quick settings
   */
  public static DemoSettings quick(long seed) {
    return new DemoSettings(seed, 40, 8, 64, 64, 1, 4, 3e-4, 0.5, 0.0, 2);
  }

  /**
   * A copy with another epoch count.
   *
   * @param n epochs
   * @return the new settings
   */
  public DemoSettings withEpochs(int n) {
    return new DemoSettings(seed, trainImages, testImages, dicomSize, trainSize, n, batchSize, learningRate,
        sampleRate, difficulty, threads);
  }

  /**
   * A copy with other image counts.
   *
   * @param train training images
   * @param test held-out images
   * @return the new settings
   */
  public DemoSettings withImages(int train, int test) {
    return new DemoSettings(seed, train, test, dicomSize, trainSize, epochs, batchSize, learningRate, sampleRate,
        difficulty, threads);
  }
}
