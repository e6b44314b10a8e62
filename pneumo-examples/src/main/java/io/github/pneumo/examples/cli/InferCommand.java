package io.github.pneumo.examples.cli;

import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.util.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
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
        ModelKeys.USAGE_ARCHITECTURE,
        "  DATA_DIRECTORY: folder of DICOM files (searched recursively)                   required",
        ModelKeys.USAGE_MEMBERS,
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
    ModelKeys keys = ModelKeys.read(c);
    Path data = c.path("DATA_DIRECTORY");
    DjlSegmentationModel.Builder b = DjlSegmentationModel.builder(keys.architecture());
    b.ensemble(keys.ensemble());
    keys.weightAverages().forEach(b::weightAverage);
    b.flip(keys.flip()).inputSize(keys.inputSize()).normalization(keys.normalization());
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
}
