package io.github.pneumo.djl.experiment;

import io.github.pneumo.PneumoException;
import io.github.pneumo.SlidingSampler.Schedule;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.djl.weights.EncoderWeights;
import io.github.pneumo.training.SchedulerSpec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One training part of an experiment: what {@link ExperimentRunner} needs to train a fold. Built in code
 * with {@link #builder(TrainingSettings)} or read from YAML with {@link ExperimentReader} (the schema, with
 * the original's key for each entry, is in {@code docs/configuration.md}).
 *
 * <pre>{@code
 * Experiment e = Experiment.builder(TrainingSettings.builder("albunet_demo", out).epochs(4).build())
 *     .data(cache, foldsCsv, List.of("0"))
 *     .architecture("albunet")
 *     .loss(new LossWeights(3, 1, 4))
 *     .scheduler(new SchedulerSpec.Cosine(4, 1e-5))
 *     .sampleRate(SlidingSampler.Schedule.constant(0.6))
 *     .transforms(TransformSpec.preset("train_complex_old", 128), TransformSpec.preset("valid_old", 128))
 *     .build();
 * FoldResult r = ExperimentRunner.trainFold(e, "0", false, TrainingListener.none());
 * }</pre>
 *
 * @param training the trainer's settings (name, output folder, epochs, optimizer, validation, ...)
 * @param cache the training cache folder ({@code pneumo prepare} output)
 * @param foldsFile the folds CSV ({@code fname,fold,exist_labels})
 * @param folds the folds to train, in order
 * @param architecture {@code albunet}, {@code resnet50} or {@code seunet}
 * @param loss ComboLoss weights
 * @param scheduler the learning-rate schedule
 * @param sampleRate the sampler's positive rate per epoch, or null for a plain shuffle of all training images
 * @param trainTransforms training augmentations
 * @param validTransforms validation transforms
 * @param encoderWeights an ImageNet classification state dict loaded into the encoder of a new network
 *     before training ({@code ENCODER_WEIGHTS}), or null for the seeded He-normal initialisation
 */
public record Experiment(TrainingSettings training, Path cache, Path foldsFile, List<String> folds,
    String architecture, LossWeights loss, SchedulerSpec scheduler, @Nullable Schedule sampleRate,
    TransformSpec trainTransforms, TransformSpec validTransforms, @Nullable EncoderWeights encoderWeights) {

  /** Validates the folds, the architecture and the loss. */
  public Experiment {
    folds = List.copyOf(folds);
    if (folds.isEmpty()) {
      throw new ConfigException("an experiment needs at least one fold");
    }
    for (String f : folds) {
      if (!f.matches("[A-Za-z0-9_-]+")) {
        throw new ConfigException("bad fold name '" + f + "' (letters, digits, _ and - only)");
      }
    }
    if (new LinkedHashSet<>(folds).size() != folds.size()) {
      throw new ConfigException("repeated fold in " + folds);
    }
    try {
      Architecture.byName(architecture);
    } catch (PneumoException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    if (loss.bce() + loss.dice() + loss.focal() <= 0) {
      throw new ConfigException("the loss has no positive weight: " + loss);
    }
  }

  /**
   * A builder; data, architecture, loss and transforms are required, the schedule defaults to a constant
   * learning rate and the sampler to a plain shuffle.
   *
   * @param training the trainer's settings
   * @return the builder
   */
  public static Builder builder(TrainingSettings training) {
    return new Builder(training);
  }

  /** @return a builder holding this experiment's values */
  public Builder toBuilder() {
    Builder b = new Builder(training);
    b.cache = cache;
    b.foldsFile = foldsFile;
    b.folds = folds;
    b.architecture = architecture;
    b.loss = loss;
    b.scheduler = scheduler;
    b.sampleRate = sampleRate;
    b.trainTransforms = trainTransforms;
    b.validTransforms = validTransforms;
    b.encoderWeights = encoderWeights;
    return b;
  }

  /** Builder of an {@link Experiment}. */
  public static final class Builder {
    private TrainingSettings training;
    private @Nullable Path cache;
    private @Nullable Path foldsFile;
    private List<String> folds = List.of();
    private @Nullable String architecture;
    private @Nullable LossWeights loss;
    private SchedulerSpec scheduler = new SchedulerSpec.Constant();
    private @Nullable Schedule sampleRate;
    private @Nullable TransformSpec trainTransforms;
    private @Nullable TransformSpec validTransforms;
    private @Nullable EncoderWeights encoderWeights;

    private Builder(TrainingSettings training) {
      this.training = training;
    }

    /** @param v the trainer's settings @return this */
    public Builder training(TrainingSettings v) {
      training = v;
      return this;
    }

    /**
     * The data.
     *
     * @param cacheDir the training cache folder
     * @param foldsCsv the folds CSV
     * @param foldNames the folds to train, in order
     * @return this
     */
    public Builder data(Path cacheDir, Path foldsCsv, List<String> foldNames) {
      cache = cacheDir;
      foldsFile = foldsCsv;
      folds = List.copyOf(foldNames);
      return this;
    }

    /** @param v {@code albunet}, {@code resnet50} or {@code seunet} @return this */
    public Builder architecture(String v) {
      architecture = v;
      return this;
    }

    /** @param v the ComboLoss weights @return this */
    public Builder loss(LossWeights v) {
      loss = v;
      return this;
    }

    /** @param v the learning-rate schedule @return this */
    public Builder scheduler(SchedulerSpec v) {
      scheduler = v;
      return this;
    }

    /** @param v the sampler's positive rate per epoch, or null for a plain shuffle @return this */
    public Builder sampleRate(@Nullable Schedule v) {
      sampleRate = v;
      return this;
    }

    /**
     * The augmentations.
     *
     * @param train training augmentations
     * @param valid validation transforms
     * @return this
     */
    public Builder transforms(TransformSpec train, TransformSpec valid) {
      trainTransforms = train;
      validTransforms = valid;
      return this;
    }

    /**
     * The ImageNet classification state dict loaded into the encoder of the new network before training
     * (the original's ImageNet initialisation; an uptrain checkpoint, when present, still overwrites it).
     *
     * @param v the weights, or null for the seeded He-normal initialisation
     * @return this
     */
    public Builder encoderWeights(@Nullable EncoderWeights v) {
      encoderWeights = v;
      return this;
    }

    /**
     * Builds the experiment.
     *
     * @return the experiment
     * @throws ConfigException when a required part is missing or invalid
     */
    public Experiment build() {
      if (cache == null || foldsFile == null || architecture == null || loss == null || trainTransforms == null
          || validTransforms == null) {
        throw new ConfigException("an experiment needs data, an architecture, a loss and transforms");
      }
      return new Experiment(training, cache, foldsFile, folds, architecture, loss, scheduler, sampleRate,
          trainTransforms, validTransforms, encoderWeights);
    }
  }
}
