package io.github.pneumo.examples.reproduce;

import ai.djl.Model;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.training.EpochSampler;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.djl.training.SampleEncoder;
import io.github.pneumo.djl.training.SegmentationTrainer;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.examples.config.ExperimentConfig;
import io.github.pneumo.examples.config.SampleRate;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Runs one part of an experiment for one fold: builds the network, the ComboLoss, the sampler, the
 * encoders and the schedule from an {@link ExperimentConfig} and hands them to the {@link SegmentationTrainer}.
 */
final class PartTraining {
  private PartTraining() {}

  /**
   * Trains a fold.
   *
   * @param config the part's config (after the runner's overrides)
   * @param fold the validation fold
   * @param resume continue the fold's unfinished run
   * @param listener progress
   * @return the trainer's outcome
   */
  static FoldResult train(ExperimentConfig config, String fold, boolean resume, TrainingListener listener) {
    TrainingCache cache = TrainingCache.open(config.cache());
    Folds folds = Folds.read(config.foldsFile());
    if (!folds.foldNames().contains(fold)) {
      throw new ReproductionException("fold " + fold + " is not in " + config.foldsFile() + " (folds: "
          + folds.foldNames() + ")");
    }
    long seed = config.training().seed();
    CacheSamples train = new CacheSamples(cache, folds.trainingIds(fold), "fold " + fold + " training");
    CacheSamples valid = new CacheSamples(cache, folds.validationIds(fold), "fold " + fold + " validation");
    EpochSampler sampler = sampler(config.sampleRate(), folds, fold, seed, train.size());
    ComboLoss loss = ComboLoss.builder().bce(config.loss().bce()).dice(config.loss().dice())
        .focal(config.loss().focal()).build();
    try (Model model = SegmentationNetworks.create(Architecture.byName(config.architecture()), seed)) {
      SegmentationTrainer trainer = SegmentationTrainer.builder()
          .settings(config.training())
          .model(model)
          .loss(new DjlComboLoss(loss))
          .training(train, sampler, SampleEncoder.augmented(config.trainTransforms().build(), seed))
          .validation(valid, SampleEncoder.augmented(config.validTransforms().build(), seed))
          .schedule(config.scheduler().create(config.training().learningRate()))
          .encoderFreeze(frozen -> SegmentationNetworks.setEncoderFrozen(model, frozen))
          .listener(listener)
          .build();
      return trainer.train(fold, resume);
    }
  }

  private static EpochSampler sampler(@Nullable SampleRate rate, Folds folds, String fold, long seed, int size) {
    if (rate == null) {
      return epoch -> shuffled(size, seed * 1_000_003L + epoch);
    }
    SlidingSampler.Schedule schedule = switch (rate.mode()) {
      case "linear" -> new SlidingSampler.Linear(rate.start(), rate.end(), rate.rampEpochs());
      case "step" -> new SlidingSampler.Steps(rate.rampEpochs(), java.util.List.of(rate.start(), rate.end()));
      default -> new SlidingSampler.Constant(rate.start());
    };
    SlidingSampler s = SlidingSampler.builder().trainingRows(folds, fold).schedule(schedule).seed(seed).build();
    return s::epoch;
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
