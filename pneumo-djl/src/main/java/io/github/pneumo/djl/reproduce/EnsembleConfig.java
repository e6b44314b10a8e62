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
 * @param checkpointsFolder {@code CHECKPOINTS_FOLDER} (default {@code checkpoints}): where {@code epochs} and
 *     {@code best} look for {@code <NAME>_fold<f>[_epoch<e>]} files, {@code .safetensors} or else the original's
 *     {@code .pth}; resolved against the file's folder (the original's FULL_FOLDER / BEST_FOLDER)
 * @param topK {@code TOP_K}: with {@code top_k}, how many of a fold's kept checkpoints (best first) are used; 0
 *     for all of them
 */
public record EnsembleConfig(Path file, String name, String architecture, String transforms, int size, boolean flip,
    List<String> folds, String selection, Map<String, List<Integer>> selectedEpochs, Path result,
    Path checkpointsFolder, int topK) {

  /** The checkpoint selections: {@code top_k}, {@code epochs} (SELECTED_EPOCHS) and {@code best}. */
  public static final Set<String> SELECTIONS = Set.of("top_k", "epochs", "best");

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
    Path checkpointsFolder = c.resolve(c.string("CHECKPOINTS_FOLDER", "checkpoints"));
    int topK = c.integer("TOP_K", 0, 0, 10_000);
    c.finish();
    return new EnsembleConfig(file, name, architecture, transforms, size, flip, folds, selection, epochs, result,
        checkpointsFolder, topK);
  }

  /**
   * A copy with another checkpoint selection ({@code pneumo reproduce --checkpoints}).
   *
   * @param newSelection {@code top_k}, {@code epochs} or {@code best}
   * @return the copy
   * @throws ReproductionException for another selection, or {@code epochs} without a list for every fold
   */
  public EnsembleConfig withSelection(String newSelection) {
    if (!SELECTIONS.contains(newSelection)) {
      throw new ReproductionException("checkpoint selection must be top_k, epochs or best, got '" + newSelection + "'");
    }
    if (newSelection.equals("epochs")) {
      for (String f : folds) {
        if (!selectedEpochs.containsKey(f)) {
          throw new ReproductionException(file + " has no SELECTED_EPOCHS for fold " + f);
        }
      }
    }
    return new EnsembleConfig(file, name, architecture, transforms, size, flip, folds, newSelection, selectedEpochs,
        result, checkpointsFolder, topK);
  }

  /**
   * A checkpoint of {@link #checkpointsFolder()}: the {@code .safetensors} file when it exists, else the
   * original's {@code .pth} when that exists, else the {@code .safetensors} name (reported missing later).
   *
   * @param relative the path below the folder, without extension
   * @return the file
   */
  public Path checkpoint(String relative) {
    Path safetensors = checkpointsFolder.resolve(relative + ".safetensors");
    Path pth = checkpointsFolder.resolve(relative + ".pth");
    return !Files.exists(safetensors) && Files.exists(pth) ? pth : safetensors;
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
        result, checkpointsFolder, topK);
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
    List<Path> missing = checkpoints.stream().filter(c -> !Files.isRegularFile(c)).toList();
    if (!missing.isEmpty()) {
      throw new ReproductionException(missing.size() + " selected checkpoint(s) do not exist (" + file + ", CHECKPOINTS: "
          + selection + "): " + missing.subList(0, Math.min(5, missing.size())) + (missing.size() > 5 ? " …" : "")
          + (selection.equals("epochs") ? "; SELECTED_EPOCHS are the original's hand-picked epochs: they name files of"
              + " the original's run (put its .pth checkpoints in " + checkpointsFolder + ") or of a run whose epoch"
              + " numbers mean the same; CHECKPOINTS: top_k selects a new run's own" : ""));
    }
    return DjlSegmentationModel.builder(architecture).ensemble(checkpoints).flip(flip).inputSize(size)
        .normalization(normalization());
  }
}
