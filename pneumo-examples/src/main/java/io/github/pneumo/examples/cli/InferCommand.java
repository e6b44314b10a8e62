package io.github.pneumo.examples.cli;

import io.github.pneumo.djl.experiment.ConfigException;
import io.github.pneumo.djl.experiment.Devices;
import io.github.pneumo.djl.experiment.InferConfig;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.io.SkippedInputs;
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
        "usage: pneumo infer CONFIG.yaml [--device D]",
        "  --device D                    cpu, gpu, gpuN, cuda:N: overrides the config's DEVICE",
        "Keys (paths relative to the config file):",
        "  ARCHITECTURE: albunet | resnet50 | seunet                                      required",
        "  DATA_DIRECTORY: folder of DICOM files (searched recursively)                   required",
        "  CHECKPOINTS: [files]          one ensemble member per checkpoint (.safetensors, .pth/.pt, .params)",
        "  WEIGHT_AVERAGE: [[files]]     one member per list: the mean of its checkpoints' weights",
        "                                (at least one of the two; all members are averaged equally)",
        "  FLIP: true                    flip TTA, as the original",
        "  INPUT_SIZE: 0                 side the model runs at (0 = the image's size)",
        "  NORMALIZATION: unit           unit (x/255, the _old transforms) or imagenet",
        "  RESULT_FOLDER: output folder of <id>.pmap maps                                  required",
        "  RESUME: true                  skip ids whose map exists (and whose SEG is newer than the map)",
        "  DEVICE: cpu                   where the networks run; a GPU that does not exist is an error",
        "  SEG_FOLDER: folder            also write one DICOM SEG <id>.seg.dcm per image (may be RESULT_FOLDER)",
        "  TRIPLET: [t, a, b]            the triplet binarising the maps for SEG_FOLDER (required with it)",
        "Inputs that cannot be read are listed in RESULT_FOLDER/skipped.csv (input,reason); exit code 3.");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of());
    if (args.positionals().size() != 1) {
      throw new UsageException("expected exactly one CONFIG file");
    }
    String device = args.optional("device");
    args.finish();
    InferConfig config = InferConfig.read(Path.of(args.positionals().get(0)));
    if (device != null) {
      try {
        config = config.withDevice(Devices.parse(device));
      } catch (ConfigException e) {
        throw new UsageException("option --device: " + e.getMessage());
      }
    }
    long start = System.nanoTime();
    InferConfig.Result r = config.run(n -> ProgressBar.create("infer", n, err));
    FolderInference.Summary s = r.maps();
    List<SkippedInputs.Entry> failed = r.failed();
    Path skippedFile = SkippedInputs.write(config.resultFolder().resolve(SkippedInputs.FILE_NAME), failed);
    out.printf(Locale.ROOT, "%d images: %d predicted, %d skipped (map exists) in %.1f s -> %s%n", s.images(),
        s.predicted(), s.skipped(), (System.nanoTime() - start) / 1e9, config.resultFolder());
    if (config.segFolder() != null) {
      out.printf(Locale.ROOT, "%d SEGs written, %d skipped (SEG newer than its map) with triplet %s -> %s%n",
          r.segsWritten(), r.segsSkipped(), config.triplet(), config.segFolder());
    }
    if (failed.isEmpty()) {
      return 0;
    }
    for (SkippedInputs.Entry e : failed) {
      err.println("  skipped " + e.input() + ": " + e.reason());
    }
    err.println("pneumo infer: " + failed.size() + " input(s) skipped, listed in " + skippedFile);
    return SkippedInputs.EXIT_CODE;
  }
}
