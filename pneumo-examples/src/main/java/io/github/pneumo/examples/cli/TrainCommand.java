package io.github.pneumo.examples.cli;

import io.github.pneumo.djl.experiment.Devices;
import io.github.pneumo.djl.experiment.Experiment;
import io.github.pneumo.djl.experiment.ExperimentReader;
import io.github.pneumo.djl.experiment.ExperimentRunner;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.examples.console.ConsoleTrainingProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code pneumo train CONFIG [--fold F] [--resume]}: trains an experiment part (see docs/training.md). */
public final class TrainCommand implements CliCommand {
  private final PrintStream out;
  private final PrintStream err;

  /** Creates the verb printing to the standard streams. */
  public TrainCommand() {
    this(System.out, System.err);
  }

  /**
   * Creates the verb with explicit streams.
   *
   * @param out receives the per-fold summary
   * @param err receives progress
   */
  public TrainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train an experiment part (YAML) fold by fold, with checkpoints, summary.csv and resume";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo train CONFIG [--fold F] [--resume] [--device D] [--quiet]",
        "  CONFIG      experiment YAML (docs/configuration.md)",
        "  --fold F    train only fold F (default: every fold of data.folds, in order)",
        "  --resume    continue an unfinished run from its last completed epoch",
        "  --device D  override the configured device (cpu, gpu0, cuda:1, ...): one fold per GPU",
        "  --quiet     no progress bar, one line per epoch (for log files)");
  }

  @Override
  public int run(List<String> rawArgs) {
    Args args = Args.parse(rawArgs, Set.of("resume", "quiet"));
    String fold = args.optional("fold");
    boolean resume = args.flag("resume");
    boolean quiet = args.flag("quiet");
    String device = args.optional("device");
    args.finish();
    if (args.positionals().size() != 1) {
      throw new UsageException("expected one CONFIG file, got " + args.positionals());
    }
    Experiment experiment = ExperimentReader.read(Path.of(args.positionals().get(0)));
    if (device != null) {
      experiment = experiment.toBuilder()
          .training(experiment.training().toBuilder().device(Devices.parse(device)).build()).build();
    }
    List<String> folds = fold == null ? experiment.folds() : List.of(fold);
    ConsoleTrainingProgress progress = new ConsoleTrainingProgress(err, quiet);
    for (String f : folds) {
      FoldResult r = ExperimentRunner.trainFold(experiment, f, resume, progress);
      out.printf(Locale.ROOT, "fold %s: %d epoch(s)%s, best score %.5f%s%n", f, r.epochs().size(),
          r.stoppedEarly() ? " (early stop)" : "", r.bestScore(),
          r.bestCheckpoint() == null ? "" : ", best checkpoint " + r.bestCheckpoint());
    }
    return 0;
  }
}
