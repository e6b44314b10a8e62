package io.github.pneumo.examples.cli;

import io.github.pneumo.djl.experiment.ConfigException;
import io.github.pneumo.djl.experiment.Devices;
import io.github.pneumo.djl.reproduce.Profile;
import io.github.pneumo.djl.reproduce.Reproduction;
import io.github.pneumo.djl.reproduce.ReproductionException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code pneumo reproduce EXPERIMENT --data DIR [--out DIR] [--folds 0,1] [--profile smoke|full] [--device D]}:
 * runs an original experiment's parts fold by fold, its inference and submission ({@link Reproduction}).
 */
public final class ReproduceCommand implements CliCommand {
  private final PrintStream out;
  private final PrintStream err;

  /** Creates the verb printing to the standard streams. */
  public ReproduceCommand() {
    this(System.out, System.err);
  }

  /**
   * @param out receives the final summary line
   * @param err receives progress
   */
  public ReproduceCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "reproduce";
  }

  @Override
  public String summary() {
    return "run an original experiment (parts, inference, submission) or blend, restartably";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo reproduce EXPERIMENT [--data DIR] [--out DIR] [--folds 0,1] [--profile smoke|full]",
        "                        [--device cpu|gpu|gpuN] [--encoder-weights DIR]",
        "                        [--checkpoints top_k|epochs|best] [--oof]",
        "  EXPERIMENT    " + String.join(", ", Reproduction.names()),
        "  --data DIR    cache/ (pneumo prepare output), sample_submission.csv, optional folds/ and",
        "                test-rle.csv (docs/reproduction.md); required with --profile full",
        "  --out DIR     output folder (default: reproduction); rerun with the same folder to continue",
        "  --folds LIST  folds to run (default: all five, or the first with --profile smoke)",
        "  --profile P   full (default: the configs as written) or smoke (64² images, one epoch per part,",
        "                a generated dataset when --data is absent: a few CPU-minutes per experiment)",
        "  --device D    training and inference device, overriding the configs' gpu (smoke default: cpu);",
        "                one fold per GPU; a GPU that does not exist is an error",
        "  --encoder-weights DIR  folder of the ImageNet files part0 starts from (docs/weights.md;",
        "                default: weights/ in --out; the smoke profile skips absent files)",
        "  --checkpoints S  inference checkpoints, overriding the config's CHECKPOINTS: top_k (the run's",
        "                kept top-k, TOP_K of them), epochs (the original's SELECTED_EPOCHS, e.g. its .pth",
        "                checkpoints in CHECKPOINTS_FOLDER) or best",
        "  --oof         also write each fold's validation maps with its selected checkpoints into",
        "                experiments/EXPERIMENT/oof/ (for pneumo search --maps and blend weights)");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of("oof"));
    if (args.positionals().size() != 1) {
      throw new UsageException("expected exactly one EXPERIMENT (" + String.join(", ", Reproduction.names()) + ")");
    }
    String experiment = args.positionals().get(0);
    Path data = args.path("data");
    Path output = Path.of(args.string("out", "reproduction"));
    String folds = args.optional("folds");
    String profileName = args.string("profile", "full");
    String device = args.optional("device");
    Path encoderWeights = args.path("encoder-weights");
    String checkpoints = args.optional("checkpoints");
    boolean oof = args.flag("oof");
    args.finish();
    if (!Reproduction.names().contains(experiment)) {
      throw new UsageException("unknown experiment '" + experiment + "', expected one of " + Reproduction.names());
    }
    Profile profile;
    try {
      profile = Profile.byName(profileName);
    } catch (ReproductionException e) {
      throw new UsageException("option --profile: " + e.getMessage());
    }
    Reproduction.Builder b = Reproduction.builder(experiment).data(data).output(output).profile(profile).log(err)
        .encoderWeights(encoderWeights).oof(oof);
    try {
      b.checkpoints(checkpoints);
    } catch (ReproductionException e) {
      throw new UsageException("option --checkpoints: " + e.getMessage());
    }
    if (folds != null) {
      List<String> list = Arrays.stream(folds.split(",")).map(String::strip).toList();
      if (list.isEmpty() || list.stream().anyMatch(f -> !f.matches("[A-Za-z0-9_-]+"))) {
        throw new UsageException("option --folds must be a comma-separated list of fold names, got '" + folds + "'");
      }
      b.folds(list);
    }
    if (device != null) {
      try {
        b.device(Devices.parse(device));
      } catch (ConfigException e) {
        throw new UsageException("option --device: " + e.getMessage());
      }
    }
    out.println(b.build().run().line());
    return 0;
  }
}
