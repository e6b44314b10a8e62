package io.github.pneumo.djl.reproduce;

import io.github.pneumo.PneumoException;
import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.experiment.ConfigException;
import io.github.pneumo.djl.experiment.ConfigNode;
import io.github.pneumo.djl.experiment.ConfigValue;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's ensemble inference settings (the original's {@code 2nd_stage_inference.yaml} keys, spec
 * §8), read with the strict {@link ConfigNode}: unknown, duplicate or missing keys and bad values are
 * {@link ConfigException}s naming the file, line and key.
 *
 * @param file the YAML file
 * @param name checkpoint name prefix ({@code NAME})
 * @param architecture {@code MODEL}: albunet, resnet50 or seunet
 * @param transforms {@code TEST_TRANSFORMS}: {@code valid_old} (x/255) or {@code valid} (ImageNet)
 * @param size {@code SIZE}: the side the model runs at
 * @param flip {@code FLIP}: width-flip TTA
 * @param folds {@code USEFOLDS}
 * @param selection {@code CHECKPOINTS}: {@code top_k}, {@code epochs} or {@code best}
 * @param selectedEpochs {@code SELECTED_EPOCHS}: fold → epochs, used by {@code epochs}
 * @param result {@code RESULT}: the maps folder, resolved against the file's folder
 */
public record EnsembleConfig(Path file, String name, String architecture, String transforms, int size, boolean flip,
    List<String> folds, String selection, Map<String, List<Integer>> selectedEpochs, Path result) {

  private static final Set<String> SELECTIONS = Set.of("top_k", "epochs", "best");

  /** Copies the collections. */
  public EnsembleConfig {
    folds = List.copyOf(folds);
    selectedEpochs = Map.copyOf(selectedEpochs);
  }

  /**
   * Reads a file.
   *
   * @param file the YAML file
   * @return the settings
   */
  public static EnsembleConfig read(Path file) {
    ConfigNode c = ConfigNode.read(file);
    String name = c.string("NAME");
    String architecture = c.string("MODEL");
    try {
      Architecture.byName(architecture);
    } catch (PneumoException e) {
      throw c.error("MODEL", "is not one of albunet, resnet50, seunet: '" + architecture + "'");
    }
    String transforms = c.string("TEST_TRANSFORMS");
    if (!transforms.equals("valid") && !transforms.equals("valid_old")) {
      throw c.error("TEST_TRANSFORMS", "must be valid or valid_old, got '" + transforms + "'");
    }
    int size = c.integer("SIZE", 32, 8192);
    boolean flip = c.value("FLIP").bool();
    List<String> folds = new ArrayList<>();
    for (ConfigValue f : c.list("USEFOLDS")) {
      folds.add(f.string());
    }
    if (folds.isEmpty()) {
      throw c.error("USEFOLDS", "must be a non-empty list of folds");
    }
    String selection = c.string("CHECKPOINTS");
    if (!SELECTIONS.contains(selection)) {
      throw c.error("CHECKPOINTS", "must be top_k, epochs or best, got '" + selection + "'");
    }
    Map<String, List<Integer>> epochs = new LinkedHashMap<>();
    ConfigNode selected = c.optionalChild("SELECTED_EPOCHS");
    if (selected != null) {
      selected.entries().forEach((fold, list) -> {
        if (list == null || list.list().isEmpty()) {
          throw selected.error(fold, "must be a non-empty list of epochs");
        }
        epochs.put(fold, list.list().stream().map(e -> e.integer(0, Integer.MAX_VALUE)).toList());
      });
    }
    if (selection.equals("epochs")) {
      for (String f : folds) {
        if (!epochs.containsKey(f)) {
          throw c.error("SELECTED_EPOCHS", "has no entry for fold " + f + " (needed with CHECKPOINTS: epochs)");
        }
      }
    }
    Path result = c.path("RESULT");
    c.finish();
    return new EnsembleConfig(file, name, architecture, transforms, size, flip, folds, selection, epochs, result);
  }

  /**
   * A copy with other settings (the smoke profile's size and folds).
   *
   * @param newSize the model's input side
   * @param newFolds the folds
   * @return the copy
   */
  public EnsembleConfig with(int newSize, List<String> newFolds) {
    return new EnsembleConfig(file, name, architecture, transforms, newSize, flip, newFolds, selection, selectedEpochs,
        result);
  }

  /** @return the input normalisation of {@link #transforms()} */
  public Normalization normalization() {
    return Augmentations.preset(transforms, size).normalization();
  }

  /**
   * The ensemble of the selected checkpoints: the mean probability over all of them, with this config's TTA,
   * input size and normalisation (checkpoints are loaded by {@code build()}).
   *
   * @param checkpoints the selected checkpoint files
   * @return the model builder
   * @throws ReproductionException naming a checkpoint that does not exist
   */
  public DjlSegmentationModel.Builder model(List<Path> checkpoints) {
    for (Path c : checkpoints) {
      if (!Files.isRegularFile(c)) {
        throw new ReproductionException("selected checkpoint " + c + " does not exist (" + file + ")");
      }
    }
    return DjlSegmentationModel.builder(architecture).ensemble(checkpoints).flip(flip).inputSize(size)
        .normalization(normalization());
  }
}
