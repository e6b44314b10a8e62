package io.github.pneumo.djl.reproduce;

import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.djl.Architecture;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An experiment's inference settings (the original's {@code 2nd_stage_inference.yaml} keys, spec §8), read
 * strictly: unknown keys, missing keys and bad values are {@link ReproductionException}s naming the file
 * and key.
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
public record InferenceConfig(Path file, String name, String architecture, String transforms, int size, boolean flip,
    List<String> folds, String selection, Map<String, List<Integer>> selectedEpochs, Path result) {

  private static final Set<String> KEYS = Set.of("NAME", "MODEL", "TEST_TRANSFORMS", "SIZE", "FLIP", "USEFOLDS",
      "CHECKPOINTS", "SELECTED_EPOCHS", "RESULT");
  private static final Set<String> SELECTIONS = Set.of("top_k", "epochs", "best");

  /** Copies the collections. */
  public InferenceConfig {
    folds = List.copyOf(folds);
    selectedEpochs = Map.copyOf(selectedEpochs);
  }

  /**
   * Reads a file.
   *
   * @param file the YAML file
   * @return the settings
   */
  public static InferenceConfig read(Path file) {
    Map<?, ?> map;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      if (!(new Yaml(new SafeConstructor(options)).load(r) instanceof Map<?, ?> m)) {
        throw new ReproductionException(file + ": the top level must be a mapping of keys");
      }
      map = m;
    } catch (IOException e) {
      throw new ReproductionException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ReproductionException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    Set<String> unknown = new LinkedHashSet<>();
    map.keySet().forEach(k -> {
      if (!KEYS.contains(String.valueOf(k))) {
        unknown.add(String.valueOf(k));
      }
    });
    if (!unknown.isEmpty()) {
      throw new ReproductionException(file + ": unknown key(s) " + String.join(", ", unknown) + " (known: "
          + String.join(", ", KEYS.stream().sorted().toList()) + ")");
    }
    String architecture = string(file, map, "MODEL");
    try {
      Architecture.byName(architecture);
    } catch (RuntimeException e) {
      throw new ReproductionException(file + ": key MODEL is not one of albunet, resnet50, seunet: '" + architecture + "'");
    }
    String transforms = string(file, map, "TEST_TRANSFORMS");
    if (!transforms.equals("valid") && !transforms.equals("valid_old")) {
      throw new ReproductionException(file + ": key TEST_TRANSFORMS must be valid or valid_old, got '" + transforms + "'");
    }
    int size = integer(file, map, "SIZE", 32, 8192);
    if (!(map.get("FLIP") instanceof Boolean flip)) {
      throw new ReproductionException(file + ": key FLIP must be true or false, got '" + map.get("FLIP") + "'");
    }
    List<String> folds = new ArrayList<>();
    if (!(map.get("USEFOLDS") instanceof List<?> list) || list.isEmpty()) {
      throw new ReproductionException(file + ": key USEFOLDS must be a non-empty list of folds");
    }
    list.forEach(f -> folds.add(String.valueOf(f)));
    String selection = string(file, map, "CHECKPOINTS");
    if (!SELECTIONS.contains(selection)) {
      throw new ReproductionException(file + ": key CHECKPOINTS must be top_k, epochs or best, got '" + selection + "'");
    }
    Map<String, List<Integer>> epochs = new LinkedHashMap<>();
    Object selected = map.get("SELECTED_EPOCHS");
    if (selected != null) {
      if (!(selected instanceof Map<?, ?> byFold)) {
        throw new ReproductionException(file + ": key SELECTED_EPOCHS must map folds to lists of epochs");
      }
      for (Map.Entry<?, ?> e : byFold.entrySet()) {
        List<Integer> values = new ArrayList<>();
        if (!(e.getValue() instanceof List<?> l) || l.isEmpty()) {
          throw new ReproductionException(file + ": key SELECTED_EPOCHS." + e.getKey() + " must be a list of epochs");
        }
        for (Object o : l) {
          if (!(o instanceof Integer i) || i < 0) {
            throw new ReproductionException(file + ": key SELECTED_EPOCHS." + e.getKey() + " has a bad epoch '" + o + "'");
          }
          values.add(i);
        }
        epochs.put(String.valueOf(e.getKey()), List.copyOf(values));
      }
    }
    if (selection.equals("epochs")) {
      for (String f : folds) {
        if (!epochs.containsKey(f)) {
          throw new ReproductionException(file + ": key SELECTED_EPOCHS has no entry for fold " + f
              + " (needed with CHECKPOINTS: epochs)");
        }
      }
    }
    Path base = file.toAbsolutePath().getParent();
    return new InferenceConfig(file, string(file, map, "NAME"), architecture, transforms, size, flip, folds, selection,
        epochs, base.resolve(string(file, map, "RESULT")).normalize());
  }

  private static String string(Path file, Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
      throw new ReproductionException(file + ": key " + key + " is missing or not a single value");
    }
    return String.valueOf(v);
  }

  private static int integer(Path file, Map<?, ?> map, String key, int min, int max) {
    if (!(map.get(key) instanceof Integer i) || i < min || i > max) {
      throw new ReproductionException(file + ": key " + key + " must be an integer in [" + min + ", " + max + "], got '"
          + map.get(key) + "'");
    }
    return i;
  }

  /**
   * A copy with other settings (the smoke profile's size and folds).
   *
   * @param newSize the model's input side
   * @param newFolds the folds
   * @return the copy
   */
  public InferenceConfig with(int newSize, List<String> newFolds) {
    return new InferenceConfig(file, name, architecture, transforms, newSize, flip, newFolds, selection, selectedEpochs,
        result);
  }

  /** @return the input normalisation of {@link #transforms()} */
  public io.github.pneumo.augment.Normalization normalization() {
    return Augmentations.preset(transforms, size).normalization();
  }
}
