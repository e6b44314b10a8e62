package io.github.pneumo.djl.experiment;

import ai.djl.Model;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.weights.CheckpointFormat;
import io.github.pneumo.djl.training.EpochSampler;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.djl.training.SampleEncoder;
import io.github.pneumo.djl.training.SampleSource;
import io.github.pneumo.djl.training.SegmentationTrainer;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.djl.training.TrainingSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs an experiment part from its {@link ExperimentConfig}: opens the training cache and the folds file,
 * builds the network, ComboLoss, sampler, augmentations and schedule, and trains each fold with {@link
 * SegmentationTrainer} (checkpoints as safetensors with the original's PyTorch names).
 */
public final class ExperimentRunner {

  private ExperimentRunner() {}

  /**
   * Trains one fold.
   *
   * @param config the experiment part
   * @param fold the validation fold
   * @param resume continue an unfinished run of this fold
   * @param listener progress
   * @return the fold's outcome
   */
  public static FoldResult trainFold(ExperimentConfig config, String fold, boolean resume, TrainingListener listener) {
    Folds folds = Folds.read(config.foldsFile());
    if (!folds.foldNames().contains(fold)) {
      throw new ConfigException(config.foldsFile() + " has no fold '" + fold + "' (folds: " + folds.foldNames() + ")");
    }
    TrainingCache cache = TrainingCache.open(config.cache());
    List<String> trainIds = folds.trainingIds(fold);
    List<String> validIds = folds.validationIds(fold);
    checkCached(config, cache, trainIds);
    checkCached(config, cache, validIds);
    TrainingSettings settings = config.training();
    long seed = settings.seed();

    EpochSampler sampler;
    SlidingSampler.Schedule rate = config.sampleRate();
    if (rate == null) {
      sampler = EpochSampler.shuffle(trainIds.size(), seed);
    } else {
      SlidingSampler s = folds.slidingSampler(fold).schedule(rate).seed(seed).build();
      sampler = s::epoch;
    }
    SampleSource train = SampleSource.of(trainIds, cache::image, cache::mask);
    SampleSource valid = SampleSource.of(validIds, cache::image, cache::mask);
    ComboLoss loss = ComboLoss.builder().bce(config.loss().bce()).dice(config.loss().dice())
        .focal(config.loss().focal()).build();

    try (Model model = SegmentationNetworks.create(Architecture.byName(config.architecture()), seed, settings.device())) {
      SegmentationTrainer trainer = SegmentationTrainer.builder()
          .settings(settings)
          .model(model)
          .loss(new DjlComboLoss(loss))
          .training(train, sampler, SampleEncoder.augmented(config.trainTransforms().build(), seed))
          .validation(valid, SampleEncoder.augmented(config.validTransforms().build(), seed))
          .schedule(config.scheduler().create(settings.learningRate()))
          .checkpointFormat(CheckpointFormat.safetensors())
          .encoderFreeze(frozen -> SegmentationNetworks.setEncoderFrozen(model, frozen))
          .listener(listener)
          .build();
      return trainer.train(fold, resume);
    }
  }



  private static void checkCached(ExperimentConfig config, TrainingCache cache, List<String> ids) {
    Set<String> cached = new HashSet<>(cache.ids());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!cached.contains(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(missing.size() + " image(s) of " + config.foldsFile() + " are not in the cache "
          + config.cache() + ", e.g. " + missing.subList(0, Math.min(3, missing.size())));
    }
  }
}
