package io.github.pneumo.djl.experiment;

import io.github.pneumo.SlidingSampler.Schedule;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.training.SchedulerSpec;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One training part of an experiment, as read from its YAML file by {@link ExperimentConfigReader}.
 * Relative paths in the file are resolved against the file's folder.
 *
 * @param file the YAML file
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
 */
public record ExperimentConfig(Path file, TrainingSettings training, Path cache, Path foldsFile, List<String> folds,
    String architecture, LossWeights loss, SchedulerSpec scheduler, @Nullable Schedule sampleRate,
    TransformSpec trainTransforms, TransformSpec validTransforms) {

  /** Copies the fold list. */
  public ExperimentConfig {
    folds = List.copyOf(folds);
  }
}
