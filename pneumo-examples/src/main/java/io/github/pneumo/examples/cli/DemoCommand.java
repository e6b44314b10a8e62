package io.github.pneumo.examples.cli;

import io.github.pneumo.examples.demo.Demo;
import io.github.pneumo.examples.demo.DemoSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code pneumo demo}: the end-to-end demo on generated data (see {@link Demo}). */
public final class DemoCommand implements CliCommand {
  private final PrintStream out;
  private final PrintStream err;

  /** A command printing to the process's standard streams. */
  public DemoCommand() {
    this(System.out, System.err);
  }

  /**
   * A command printing to the given streams.
   *
   * @param out the summary
   * @param err progress
   */
  public DemoCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "generate data, train AlbuNet, infer with TTA, search thresholds, submit, score, report (~8 min on 2 cores)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo demo --out DIR [--seed K] [--epochs E] [--train N] [--test M] [--quick]",
        "  --out DIR    output folder: data/, submission.csv, report.html, work/ (replaced if present)",
        "  --seed K     seed of the data, the weights and the sampler (default 42)",
        "  --epochs E   training epochs (default 4)",
        "  --train N    generated training images (default 1500); --test M held-out images (default 300)",
        "  --quick      a seconds-long run of every stage on tiny data (nothing is learnt)");
  }

  @Override
  public int run(List<String> rawArgs) {
    Args args = Args.parse(rawArgs, Set.of("quick"));
    Path dir = Path.of(args.required("out"));
    int seed = args.integer("seed", 42, 0, Integer.MAX_VALUE);
    DemoSettings settings = args.flag("quick") ? DemoSettings.quick(seed) : DemoSettings.defaults(seed);
    settings = settings.withEpochs(args.integer("epochs", settings.epochs(), 1, 1000));
    settings = settings.withImages(args.integer("train", settings.trainImages(), 10, 1_000_000),
        args.integer("test", settings.testImages(), 1, 1_000_000));
    args.finish();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positionals().get(0));
    }
    Demo.Result r = Demo.run(settings, dir, err);
    out.printf(Locale.ROOT, "validation (fold 0): triplet %s %.4f, best single threshold %.2f %.4f%n", r.best(),
        r.validationScore(), r.bestSingleThreshold(), r.bestSingleThresholdScore());
    out.println("submission: " + r.submission());
    out.println("report: " + r.report());
    out.printf(Locale.ROOT, "time: %.0f s%n", r.seconds());
    out.println(r.summaryLine());
    return 0;
  }
}
