package io.github.pneumo.djl.experiment;

import ai.djl.Device;
import io.github.pneumo.PneumoException;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.dicom.SegmentationExport;
import io.github.pneumo.dicom.SegmentationWriter;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.io.SkippedInputs;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
 * RESUME: true                  skip ids whose map exists (and whose SEG is newer than the map)
 * SEG_FOLDER: folder            also write one DICOM Segmentation &lt;id&gt;.seg.dcm per image (may be RESULT_FOLDER)
 * DEVICE: cpu                   cpu, gpu, gpuN, cuda, cuda:N; a GPU the engine does not see is an error
 * TRIPLET: [t, a, b]            the triplet binarising the maps for SEG_FOLDER (required with it)
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
 * @param segFolder where to write one SEG per image, or null for none
 * @param triplet the triplet binarising the maps into the SEGs' masks, null without {@code segFolder}
 */
public record InferConfig(String architecture, Path dataDirectory, List<Path> checkpoints,
    List<List<Path>> weightAverages, boolean flip, int inputSize, Normalization normalization, Path resultFolder,
    boolean resume, Device device, @Nullable Path segFolder, @Nullable TripletThreshold triplet) {

  /** Copies the lists and checks there is at least one member, and a triplet exactly when there is a SEG folder. */
  public InferConfig {
    checkpoints = List.copyOf(checkpoints);
    weightAverages = weightAverages.stream().map(List::copyOf).toList();
    if (checkpoints.isEmpty() && weightAverages.isEmpty()) {
      throw new ConfigException("inference needs CHECKPOINTS and/or WEIGHT_AVERAGE");
    }
    if ((segFolder == null) != (triplet == null)) {
      throw new ConfigException("SEG_FOLDER and TRIPLET go together");
    }
  }

  /**
   * Settings without SEG output.
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
  public InferConfig(String architecture, Path dataDirectory, List<Path> checkpoints,
      List<List<Path>> weightAverages, boolean flip, int inputSize, Normalization normalization, Path resultFolder,
      boolean resume, Device device) {
    this(architecture, dataDirectory, checkpoints, weightAverages, flip, inputSize, normalization, resultFolder,
        resume, device, null, null);
  }

  /**
   * Counts of a run.
   *
   * @param maps the inference counts and the inputs that could not be predicted
   * @param segsWritten SEGs written by this run (0 without a SEG folder)
   * @param segsSkipped SEGs kept because they were newer than their map (resume)
   * @param segsFailed predicted images whose SEG could not be written, with the reasons
   */
  public record Result(FolderInference.Summary maps, int segsWritten, int segsSkipped,
      List<SkippedInputs.Entry> segsFailed) {
    /** Copies the list. */
    public Result {
      segsFailed = List.copyOf(segsFailed);
    }

    /**
     * Every input that was skipped: not predicted, or predicted without a SEG.
     *
     * @return the entries, inference failures first
     */
    public List<SkippedInputs.Entry> failed() {
      List<SkippedInputs.Entry> all = new ArrayList<>(maps.failed());
      all.addAll(segsFailed);
      return all;
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
    Path segFolder = c.has("SEG_FOLDER") ? c.path("SEG_FOLDER") : null;
    TripletThreshold triplet = c.has("TRIPLET") ? triplet(c.value("TRIPLET")) : null;
    if (segFolder != null && triplet == null) {
      throw c.error("SEG_FOLDER", "needs TRIPLET: [top, area, bottom] to binarise the maps");
    }
    if (segFolder == null && triplet != null) {
      throw c.error("TRIPLET", "is used only with SEG_FOLDER");
    }
    if (segFolder != null && segFolder.toAbsolutePath().normalize().startsWith(data.toAbsolutePath().normalize())) {
      throw c.error("SEG_FOLDER", "must not lie inside DATA_DIRECTORY (its SEGs would be read as images): "
          + segFolder);
    }
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
        device, segFolder, triplet);
  }

  /**
   * These settings on another device (e.g. {@code pneumo infer --device}).
   *
   * @param other the device
   * @return new settings
   */
  public InferConfig withDevice(Device other) {
    return new InferConfig(architecture, dataDirectory, checkpoints, weightAverages, flip, inputSize, normalization,
        resultFolder, resume, other, segFolder, triplet);
  }

  private static TripletThreshold triplet(ConfigValue v) {
    List<ConfigValue> items = v.list();
    if (items.size() != 3) {
      throw v.error("must be [top, area, bottom], e.g. [0.75, 1000, 0.3], got " + items.size() + " values");
    }
    return new TripletThreshold(items.get(0).number(0, 1), items.get(1).integer(0, Integer.MAX_VALUE),
        items.get(2).number(0, 1));
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
   * inputs that cannot be read ({@link FolderInference#runSkippingBadInputs}); then, with a SEG folder,
   * writes the SEG of every predicted image's map binarised by the triplet (with resume, a SEG newer than
   * its map is kept; an image whose SEG cannot be written is listed with the failed inputs).
   *
   * @param progress a progress bar factory, given the number of images to predict, then of SEGs to write
   * @return counts and the skipped inputs
   */
  public Result run(Function<Integer, ProgressBar> progress) {
    MapStore store = MapStore.open(resultFolder);
    FolderInference.Images images = FolderInference.Images.dicomFolder(dataDirectory);
    FolderInference.Summary maps;
    try (DjlSegmentationModel m = model().build()) {
      maps = FolderInference.runSkippingBadInputs(m, images, store, resume, progress);
    }
    return segFolder == null ? new Result(maps, 0, 0, List.of())
        : writeSegmentations(maps, images, store, segFolder, progress);
  }

  private Result writeSegmentations(FolderInference.Summary maps, FolderInference.Images images, MapStore store,
      Path folder, Function<Integer, ProgressBar> progress) {
    int members = checkpoints.size() + weightAverages.size();
    SegmentationWriter writer = SegmentationWriter.builder()
        .algorithm("pneumo " + architecture + (members > 1 ? " ensemble of " + members : "")
            + (flip ? " + flip TTA" : ""), SegmentationWriter.PNEUMO_VERSION)
        .build();
    List<String> todo = new ArrayList<>();
    int skipped = 0;
    for (String id : images.ids()) {
      if (!store.contains(id)) {
        continue; // could not be predicted: already listed with the failed inputs
      }
      if (resume && isNewer(segFile(folder, id), store.file(id))) {
        skipped++;
      } else {
        todo.add(id);
      }
    }
    List<SkippedInputs.Entry> failed = new ArrayList<>();
    try (ProgressBar bar = progress.apply(todo.size())) {
      for (String id : todo) {
        String source = images.source().apply(id);
        try {
          SegmentationExport.fromMap(writer, Path.of(source), store.read(id), store.file(id).toString(), triplet,
              segFile(folder, id));
        } catch (PneumoException e) {
          failed.add(new SkippedInputs.Entry(source, "no SEG: " + e.getMessage()));
        }
        bar.step();
      }
    }
    return new Result(maps, todo.size() - failed.size(), skipped, failed);
  }

  private static Path segFile(Path folder, String id) {
    return folder.resolve(id + SegmentationWriter.SUFFIX);
  }

  private static boolean isNewer(Path file, Path than) {
    try {
      return Files.exists(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
