package io.github.pneumo.djl.experiment;

import io.github.pneumo.PneumoException;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.SegmentationExport;
import io.github.pneumo.dicom.SegmentationWriter;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
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
 * CHECKPOINTS: [files]          one ensemble member per checkpoint (.safetensors or .params)
 * WEIGHT_AVERAGE: [[files]]     one member per list: the mean of its checkpoints' weights
 * FLIP: true, INPUT_SIZE: 0 (the image's size), NORMALIZATION: unit | imagenet
 * RESULT_FOLDER: output folder of &lt;id&gt;.pmap maps                                  required
 * RESUME: true                  skip ids whose map exists (and whose SEG is newer than the map)
 * SEG_FOLDER: folder            also write one DICOM Segmentation &lt;id&gt;.seg.dcm per image (may be RESULT_FOLDER)
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
 * @param segFolder where to write one SEG per image, or null for none
 * @param triplet the triplet binarising the maps into the SEGs' masks, null without {@code segFolder}
 */
public record InferConfig(String architecture, Path dataDirectory, List<Path> checkpoints,
    List<List<Path>> weightAverages, boolean flip, int inputSize, Normalization normalization, Path resultFolder,
    boolean resume, @Nullable Path segFolder, @Nullable TripletThreshold triplet) {

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
   */
  public InferConfig(String architecture, Path dataDirectory, List<Path> checkpoints,
      List<List<Path>> weightAverages, boolean flip, int inputSize, Normalization normalization, Path resultFolder,
      boolean resume) {
    this(architecture, dataDirectory, checkpoints, weightAverages, flip, inputSize, normalization, resultFolder,
        resume, null, null);
  }

  /**
   * Counts of a run.
   *
   * @param maps the inference counts
   * @param segsWritten SEGs written by this run (0 without a SEG folder)
   * @param segsSkipped SEGs kept because they were newer than their map (resume)
   */
  public record Result(FolderInference.Summary maps, int segsWritten, int segsSkipped) {}

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
    c.finish();
    return new InferConfig(architecture, data, checkpoints, averages, flip, size, normalization, result, resume,
        segFolder, triplet);
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
    return b.flip(flip).inputSize(inputSize).normalization(normalization);
  }

  /**
   * Predicts every DICOM of the data directory into the result folder, then, with a SEG folder, writes the
   * SEG of every image's map binarised by the triplet (with resume, a SEG newer than its map is kept).
   *
   * @param progress a progress bar factory, given the number of images to predict, then of SEGs to write
   * @return counts
   */
  public Result run(Function<Integer, ProgressBar> progress) {
    MapStore store = MapStore.open(resultFolder);
    FolderInference.Summary maps;
    try (DjlSegmentationModel m = model().build()) {
      maps = FolderInference.run(m, FolderInference.Images.dicomFolder(dataDirectory), store, resume, progress);
    }
    return segFolder == null ? new Result(maps, 0, 0) : writeSegmentations(maps, store, segFolder, progress);
  }

  private Result writeSegmentations(FolderInference.Summary maps, MapStore store, Path folder,
      Function<Integer, ProgressBar> progress) {
    int members = checkpoints.size() + weightAverages.size();
    SegmentationWriter writer = SegmentationWriter.builder()
        .algorithm("pneumo " + architecture + (members > 1 ? " ensemble of " + members : "")
            + (flip ? " + flip TTA" : ""), SegmentationWriter.PNEUMO_VERSION)
        .build();
    List<Path> todo = new ArrayList<>();
    int skipped = 0;
    for (Path dicom : DicomTree.find(dataDirectory)) {
      if (resume && isNewer(segFile(folder, dicom), store.file(DicomTree.imageId(dicom)))) {
        skipped++;
      } else {
        todo.add(dicom);
      }
    }
    try (ProgressBar bar = progress.apply(todo.size())) {
      for (Path dicom : todo) {
        String id = DicomTree.imageId(dicom);
        SegmentationExport.fromMap(writer, dicom, store.read(id), store.file(id).toString(), triplet,
            segFile(folder, dicom));
        bar.step();
      }
    }
    return new Result(maps, todo.size(), skipped);
  }

  private static Path segFile(Path folder, Path dicom) {
    return folder.resolve(DicomTree.imageId(dicom) + SegmentationWriter.SUFFIX);
  }

  private static boolean isNewer(Path file, Path than) {
    try {
      return Files.exists(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
