package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.util.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code pneumo infer CONFIG}: runs checkpoints (flip TTA, ensemble and/or weight-averaged members) over
 * a folder of DICOMs and streams 8-bit probability maps into a folder, resuming where a previous run
 * stopped.
 */
public final class InferCommand implements CliCommand {
  private final PrintStream out;
  private final PrintStream err;

  /** Creates the command printing to standard output and the progress bar to standard error. */
  public InferCommand() {
    this(System.out, System.err);
  }

  /**
   * Creates the command.
   *
   * @param out where the summary is printed
   * @param err where the progress bar is drawn
   */
  public InferCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "infer";
  }

  @Override
  public String summary() {
    return "predict probability maps for a folder of DICOMs (flip TTA, ensembles, weight averaging)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo infer CONFIG.yaml",
        "Keys (paths relative to the config file):",
        "  ARCHITECTURE: albunet | resnet50 | seunet                                      required",
        "  DATA_DIRECTORY: folder of DICOM files (searched recursively)                   required",
        "  CHECKPOINTS: [files]          one ensemble member per checkpoint (.safetensors or .params)",
        "  WEIGHT_AVERAGE: [[files]]     one member per list: the mean of its checkpoints' weights",
        "                                (at least one of the two; all members are averaged equally)",
        "  FLIP: true                    flip TTA, as the original",
        "  INPUT_SIZE: 0                 side the model runs at (0 = the image's size)",
        "  NORMALIZATION: unit           unit (x/255, the _old transforms) or imagenet",
        "  RESULT_FOLDER: output folder of <id>.pmap maps                                  required",
        "  RESUME: true                  skip ids whose map exists");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of());
    if (args.positionals().size() != 1) {
      throw new UsageException("expected exactly one CONFIG file");
    }
    args.finish();
    YamlConfig c = YamlConfig.read(Path.of(args.positionals().get(0)));
    String architecture = c.string("ARCHITECTURE", "");
    if (architecture.isEmpty()) {
      throw new PneumoException("config " + c.file() + ": missing key ARCHITECTURE");
    }
    Path data = c.path("DATA_DIRECTORY");
    DjlSegmentationModel.Builder b = DjlSegmentationModel.builder(architecture);
    int members = 0;
    if (c.has("CHECKPOINTS")) {
      List<Path> files = paths(c, c.list("CHECKPOINTS"), "CHECKPOINTS");
      b.ensemble(files);
      members += files.size();
    }
    if (c.has("WEIGHT_AVERAGE")) {
      for (Object group : c.list("WEIGHT_AVERAGE")) {
        if (!(group instanceof List<?> l) || l.isEmpty()) {
          throw new PneumoException("config " + c.file() + ": WEIGHT_AVERAGE must be a list of non-empty lists");
        }
        b.weightAverage(paths(c, l, "WEIGHT_AVERAGE"));
        members++;
      }
    }
    if (members == 0) {
      throw new PneumoException("config " + c.file() + ": give CHECKPOINTS and/or WEIGHT_AVERAGE");
    }
    b.flip(c.bool("FLIP", true));
    int size = c.integer("INPUT_SIZE", 0);
    if (size < 0) {
      throw new PneumoException("config " + c.file() + ": INPUT_SIZE must be >= 0");
    }
    b.inputSize(size);
    String norm = c.string("NORMALIZATION", "unit").toLowerCase(Locale.ROOT);
    b.normalization(switch (norm) {
      case "unit" -> Normalization.UNIT;
      case "imagenet" -> Normalization.IMAGENET;
      default -> throw new PneumoException("config " + c.file() + ": NORMALIZATION must be unit or imagenet, got '"
          + norm + "'");
    });
    MapStore store = MapStore.open(c.path("RESULT_FOLDER"));
    boolean resume = c.bool("RESUME", true);
    c.finish();
    long start = System.nanoTime();
    FolderInference.Summary s;
    try (DjlSegmentationModel model = b.build()) {
      s = FolderInference.run(model, data, store, resume, n -> ProgressBar.create("infer", n, err));
    }
    out.printf(Locale.ROOT, "%d images: %d predicted, %d skipped (map exists) in %.1f s -> %s%n", s.images(),
        s.predicted(), s.skipped(), (System.nanoTime() - start) / 1e9, store.directory());
    return 0;
  }

  private static List<Path> paths(YamlConfig c, List<?> values, String key) {
    List<Path> out = new ArrayList<>();
    for (Object v : values) {
      if (!(v instanceof String s)) {
        throw new PneumoException("config " + c.file() + ": " + key + " entries must be file paths, got '" + v + "'");
      }
      out.add(c.resolve(s));
    }
    return out;
  }
}
