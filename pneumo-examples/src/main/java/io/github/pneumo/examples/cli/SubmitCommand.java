package io.github.pneumo.examples.cli;

import io.github.pneumo.djl.experiment.SubmitConfig;
import io.github.pneumo.submission.Submission;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code pneumo submit CONFIG}: the original's TripletSubmit driven by a YAML file with the original's
 * keys (maps are folders written by {@code pneumo infer} instead of pickles).
 */
public final class SubmitCommand implements CliCommand {
  private final PrintStream out;

  /** Creates the command printing to standard output. */
  public SubmitCommand() {
    this(System.out);
  }

  /**
   * Creates the command.
   *
   * @param out where the summary is printed
   */
  public SubmitCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "submit";
  }

  @Override
  public String summary() {
    return "write a Kaggle submission from probability maps with a triplet (TripletSubmit)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo submit CONFIG.yaml",
        "Keys (the original's TripletSubmit names; paths relative to the config file):",
        "  SAMPLE_SUB: sample submission CSV (one output row per id, in its order)       required",
        "  MASK_DICT: folder of maps                 | RESULT_WEIGHTS: {folder: weight}  one required",
        "  TOP_SCORE_THRESHOLD, AREA_THRESHOLD, BOTTOM_SCORE_THRESHOLD: the triplet      required",
        "  USELEAK: false, LEAK_SCORE_THRESHOLD: threshold for ids with several sample rows",
        "  MIN_CONTOUR_AREA: 0 (drop components of at most this many pixels, fill holes)",
        "  USECONTOURS: false (keep the n largest components, n = the id's sample rows)",
        "  RESHAPE_MODE: false (maps of another size are always resized bilinearly)",
        "  SUB_FILE: output CSV                                                           required",
        "pneumo additions:",
        "  CODEC: relative (default, as the original) or standard",
        "  OUTPUT_SIZE: 1024",
        "  TRUTH: labels CSV to score the written submission against (Kaggle mean Dice)",
        "  TRUTH_CODEC: relative (default) or standard");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of());
    if (args.positionals().size() != 1) {
      throw new UsageException("expected exactly one CONFIG file");
    }
    args.finish();
    Submission.Result r = SubmitConfig.read(Path.of(args.positionals().get(0))).submission().write();
    r.lines().forEach(out::println);
    return 0;
  }
}
