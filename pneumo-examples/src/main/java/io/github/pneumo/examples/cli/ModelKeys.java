package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.augment.Normalization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model keys of an infer config ({@code pneumo infer}, {@code pneumo spark-infer}): ARCHITECTURE,
 * CHECKPOINTS, WEIGHT_AVERAGE, FLIP, INPUT_SIZE, NORMALIZATION.
 *
 * @param architecture albunet, resnet50 or seunet
 * @param ensemble one member per checkpoint
 * @param weightAverages one member per list, the mean of its checkpoints' weights
 * @param flip flip TTA
 * @param inputSize the side the model runs at (0: the image's)
 * @param normalization the input normalisation
 */
record ModelKeys(String architecture, List<Path> ensemble, List<List<Path>> weightAverages, boolean flip,
    int inputSize, Normalization normalization) {

  /** Usage line of ARCHITECTURE. */
  static final String USAGE_ARCHITECTURE =
      "  ARCHITECTURE: albunet | resnet50 | seunet                                      required";

  /** Usage lines of the other model keys. */
  static final String USAGE_MEMBERS = String.join("\n",
      "  CHECKPOINTS: [files]          one ensemble member per checkpoint (.safetensors or .params)",
      "  WEIGHT_AVERAGE: [[files]]     one member per list: the mean of its checkpoints' weights",
      "                                (at least one of the two; all members are averaged equally)",
      "  FLIP: true                    flip TTA, as the original",
      "  INPUT_SIZE: 0                 side the model runs at (0 = the image's size)",
      "  NORMALIZATION: unit           unit (x/255, the _old transforms) or imagenet");

  /**
   * Reads the keys.
   *
   * @param c the config
   * @return the model settings
   * @throws PneumoException naming the file and key of a missing or bad value
   */
  static ModelKeys read(YamlConfig c) {
    String architecture = c.string("ARCHITECTURE", "");
    if (architecture.isEmpty()) {
      throw new PneumoException("config " + c.file() + ": missing key ARCHITECTURE");
    }
    List<Path> ensemble = c.has("CHECKPOINTS") ? paths(c, c.list("CHECKPOINTS"), "CHECKPOINTS") : List.of();
    List<List<Path>> averages = new ArrayList<>();
    if (c.has("WEIGHT_AVERAGE")) {
      for (Object group : c.list("WEIGHT_AVERAGE")) {
        if (!(group instanceof List<?> l) || l.isEmpty()) {
          throw new PneumoException("config " + c.file() + ": WEIGHT_AVERAGE must be a list of non-empty lists");
        }
        averages.add(paths(c, l, "WEIGHT_AVERAGE"));
      }
    }
    if (ensemble.isEmpty() && averages.isEmpty()) {
      throw new PneumoException("config " + c.file() + ": give CHECKPOINTS and/or WEIGHT_AVERAGE");
    }
    boolean flip = c.bool("FLIP", true);
    int size = c.integer("INPUT_SIZE", 0);
    if (size < 0) {
      throw new PneumoException("config " + c.file() + ": INPUT_SIZE must be >= 0");
    }
    String norm = c.string("NORMALIZATION", "unit").toLowerCase(Locale.ROOT);
    Normalization normalization = switch (norm) {
      case "unit" -> Normalization.UNIT;
      case "imagenet" -> Normalization.IMAGENET;
      default -> throw new PneumoException("config " + c.file() + ": NORMALIZATION must be unit or imagenet, got '"
          + norm + "'");
    };
    return new ModelKeys(architecture, ensemble, List.copyOf(averages), flip, size, normalization);
  }

  private static List<Path> paths(YamlConfig c, List<?> values, String key) {
    List<Path> out = new ArrayList<>();
    for (Object v : values) {
      if (!(v instanceof String s)) {
        throw new PneumoException("config " + c.file() + ": " + key + " entries must be file paths, got '" + v + "'");
      }
      out.add(c.resolve(s));
    }
    return List.copyOf(out);
  }
}
