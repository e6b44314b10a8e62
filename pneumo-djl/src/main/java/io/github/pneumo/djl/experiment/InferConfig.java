package io.github.pneumo.djl.experiment;

import ai.djl.Device;
import io.github.pneumo.PneumoException;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.util.ProgressBar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The settings of {@code pneumo infer}, read from YAML by {@link #read(Path)} (paths relative to the file)
 * or built in code, and run with {@link #run(Function)}.
 *
 * <pre>
 * ARCHITECTURE: albunet | resnet50 | seunet                                      required
 * DATA_DIRECTORY: folder of DICOM files (searched recursively)                   required
 * CHECKPOINTS: [files]          one ensemble member per checkpoint (.safetensors, .pth/.pt or .params)
 * WEIGHT_AVERAGE: [[files]]     one member per list: the mean of its checkpoints' weights
 * FLIP: true, INPUT_SIZE: 0 (the image's size), NORMALIZATION: unit | imagenet
 * RESULT_FOLDER: output folder of &lt;id&gt;.pmap maps                                  required
 * RESUME: true                  skip ids whose map exists
 * DEVICE: cpu                   cpu, gpu, gpuN, cuda, cuda:N; a GPU the engine does not see is an error
 * </pre>
 *
 * @param architecture {@code albunet}, {@code resnet50} or {@code seunet}
 * @param dataDirectory the folder of DICOM files
 * @param checkpoints one ensemble member per checkpoint
 * @param weightAverages one member per list, holding the mean of its checkpoints' weights
 * @param flip flip TTA
 * @param inputSize the side the model runs at, 0 for the image's size
 * @param normalization the input normalisation used in training
 * @param resultFolder the maps folder
 * @param resume skip ids whose map exists
 * @param device where the networks run
 */
public record InferConfig(String architecture, Path dataDirectory, List<Path> checkpoints,
    List<List<Path>> weightAverages, boolean flip, int inputSize, Normalization normalization, Path resultFolder,
    boolean resume, Device device) {

  /** Copies the lists and checks there is at least one member. */
  public InferConfig {
    checkpoints = List.copyOf(checkpoints);
    weightAverages = weightAverages.stream().map(List::copyOf).toList();
    if (checkpoints.isEmpty() && weightAverages.isEmpty()) {
      throw new ConfigException("inference needs CHECKPOINTS and/or WEIGHT_AVERAGE");
    }
  }

  /**
   * Reads an infer config.
   *
   * @param file the YAML file
   * @return the settings
   * @throws ConfigException naming the file, line and key of a missing, unknown or bad entry
   */
  public static InferConfig read(Path file) {
    ConfigNode c = ConfigNode.read(file);
    String architecture = c.string("ARCHITECTURE");
    try {
      Architecture.byName(architecture);
    } catch (PneumoException e) {
      throw c.error("ARCHITECTURE", "is not one of albunet, resnet50, seunet: '" + architecture + "'");
    }
    Path data = c.path("DATA_DIRECTORY");
    List<Path> checkpoints = new ArrayList<>();
    ConfigValue single = c.optional("CHECKPOINTS");
    if (single != null) {
      checkpoints.addAll(paths(single));
    }
    List<List<Path>> averages = new ArrayList<>();
    ConfigValue averaged = c.optional("WEIGHT_AVERAGE");
    if (averaged != null) {
      if (averaged.list().isEmpty()) {
        throw averaged.error("must be a non-empty list of non-empty lists of checkpoints");
      }
      for (ConfigValue group : averaged.list()) {
        averages.add(paths(group));
      }
    }
    if (checkpoints.isEmpty() && averages.isEmpty()) {
      throw new ConfigException(file + ": give CHECKPOINTS and/or WEIGHT_AVERAGE");
    }
    boolean flip = c.bool("FLIP", true);
    int size = c.integer("INPUT_SIZE", 0, 0, 65_536);
    String norm = c.string("NORMALIZATION", "unit").toLowerCase(Locale.ROOT);
    Normalization normalization = switch (norm) {
      case "unit" -> Normalization.UNIT;
      case "imagenet" -> Normalization.IMAGENET;
      default -> throw c.error("NORMALIZATION", "must be unit or imagenet, got '" + norm + "'");
    };
    Path result = c.path("RESULT_FOLDER");
    boolean resume = c.bool("RESUME", true);
    Device device = Device.cpu();
    ConfigValue d = c.optional("DEVICE");
    if (d != null) {
      try {
        device = Devices.parse(d.string());
      } catch (ConfigException e) {
        throw d.error(e.getMessage());
      }
    }
    c.finish();
    return new InferConfig(architecture, data, checkpoints, averages, flip, size, normalization, result, resume,
        device);
  }

  /**
   * These settings on another device (e.g. {@code pneumo infer --device}).
   *
   * @param other the device
   * @return new settings
   */
  public InferConfig withDevice(Device other) {
    return new InferConfig(architecture, dataDirectory, checkpoints, weightAverages, flip, inputSize, normalization,
        resultFolder, resume, other);
  }

  private static List<Path> paths(ConfigValue v) {
    List<ConfigValue> items = v.list();
    if (items.isEmpty()) {
      throw v.error("must be a non-empty list of checkpoint files");
    }
    List<Path> out = new ArrayList<>();
    for (ConfigValue item : items) {
      if (item.isList() || item.isMapping()) {
        throw item.error("must be a checkpoint file");
      }
      out.add(item.path());
    }
    return out;
  }

  /**
   * The model of these settings (checkpoints are loaded by {@code build()}).
   *
   * @return a builder with every member and option set
   */
  public DjlSegmentationModel.Builder model() {
    DjlSegmentationModel.Builder b = DjlSegmentationModel.builder(architecture).ensemble(checkpoints);
    weightAverages.forEach(b::weightAverage);
    return b.flip(flip).inputSize(inputSize).normalization(normalization).device(device);
  }

  /**
   * Predicts every DICOM of the data directory (at any depth) into the result folder, going on past
   * inputs that cannot be read ({@link FolderInference#runSkippingBadInputs}).
   *
   * @param progress a progress bar factory, given the number of images to predict
   * @return counts and the skipped inputs
   */
  public FolderInference.Summary run(Function<Integer, ProgressBar> progress) {
    MapStore store = MapStore.open(resultFolder);
    try (DjlSegmentationModel m = model().build()) {
      return FolderInference.runSkippingBadInputs(m, FolderInference.Images.dicomFolder(dataDirectory), store,
          resume, progress);
    }
  }
}
