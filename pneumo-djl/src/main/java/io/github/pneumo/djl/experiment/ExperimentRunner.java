package io.github.pneumo.djl.experiment;

import ai.djl.Model;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.onednn.OneDnnGuard;
import io.github.pneumo.training.EpochSampler;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.djl.training.SampleEncoder;
import io.github.pneumo.djl.training.SampleSource;
import io.github.pneumo.djl.training.SegmentationTrainer;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.djl.weights.CheckpointFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs an experiment part from its {@link Experiment}: opens the training cache and the folds file,
 * builds the network (its encoder initialised from {@link Experiment#encoderWeights()} when given), ComboLoss,
 * sampler, augmentations and schedule, and trains each fold with {@link SegmentationTrainer} (checkpoints as
 * safetensors with the original's PyTorch names).
 */
public final class ExperimentRunner {

  private ExperimentRunner() {}

  /**
   * Trains one fold.
   *
   * @param experiment the experiment part
   * @param fold the validation fold
   * @param resume continue an unfinished run of this fold
   * @param listener progress
   * @return the fold's outcome
   * @throws io.github.pneumo.djl.onednn.UnsafeOneDnnException first of all, on a CPU where libtorch's oneDNN
   *     is known to give NaN or crash without the safe setting ({@link OneDnnGuard})
   */
  public static FoldResult trainFold(Experiment experiment, String fold, boolean resume, TrainingListener listener) {
    // before reading data or creating the model: a SIGFPE in the first backward cannot be caught
    OneDnnGuard.current().checkTraining(experiment.training().device());
    Folds folds = Folds.read(experiment.foldsFile());
    if (!folds.foldNames().contains(fold)) {
      throw new ConfigException(experiment.foldsFile() + " has no fold '" + fold + "' (folds: " + folds.foldNames() + ")");
    }
    TrainingCache cache = TrainingCache.open(experiment.cache());
    List<String> trainIds = folds.trainingIds(fold);
    List<String> validIds = folds.validationIds(fold);
    checkCached(experiment, cache, trainIds);
    checkCached(experiment, cache, validIds);
    TrainingSettings settings = experiment.training();
    long seed = settings.seed();

    EpochSampler sampler;
    SlidingSampler.Schedule rate = experiment.sampleRate();
    if (rate == null) {
      sampler = EpochSampler.shuffle(trainIds.size(), seed);
    } else {
      SlidingSampler s = folds.slidingSampler(fold).schedule(rate).seed(seed).build();
      sampler = s::epoch;
    }
    SampleSource train = SampleSource.of(trainIds, cache::image, cache::mask);
    SampleSource valid = SampleSource.of(validIds, cache::image, cache::mask);
    ComboLoss loss = ComboLoss.builder().bce(experiment.loss().bce()).dice(experiment.loss().dice())
        .focal(experiment.loss().focal()).build();

    try (Model model = SegmentationNetworks.create(Architecture.byName(experiment.architecture()), seed, settings.device())) {
      if (experiment.encoderWeights() != null && !resume) {
        experiment.encoderWeights().load(model);
      }
      SegmentationTrainer trainer = SegmentationTrainer.builder()
          .settings(settings)
          .model(model)
          .loss(new DjlComboLoss(loss))
          .training(train, sampler, SampleEncoder.augmented(experiment.trainTransforms().build(), seed))
          .validation(valid, SampleEncoder.augmented(experiment.validTransforms().build(), seed))
          .schedule(experiment.scheduler().create(settings.learningRate()))
          .checkpointFormat(CheckpointFormat.safetensors())
          .encoderFreeze(frozen -> SegmentationNetworks.setEncoderFrozen(model, frozen))
          .listener(listener)
          .build();
      return trainer.train(fold, resume);
    }
  }



  private static void checkCached(Experiment experiment, TrainingCache cache, List<String> ids) {
    Set<String> cached = new HashSet<>(cache.ids());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!cached.contains(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(missing.size() + " image(s) of " + experiment.foldsFile() + " are not in the cache "
          + experiment.cache() + ", e.g. " + missing.subList(0, Math.min(3, missing.size())));
    }
  }
}
