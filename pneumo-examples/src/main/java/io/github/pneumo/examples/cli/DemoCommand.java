package io.github.pneumo.examples.cli;

import io.github.pneumo.examples.demo.Demo;
import io.github.pneumo.examples.demo.DemoPlan;
import io.github.pneumo.examples.demo.DemoSettings;
import java.lang.management.ManagementFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
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
    return "generate data, train AlbuNet, infer with TTA, search thresholds, submit, score, report (sized to a "
        + "12-min budget)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo demo --out DIR [--seed K] [--budget MINUTES] [--epochs E] [--train N] [--test M] [--quick]",
        "  --out DIR          output folder: data/, submission.csv, report.html, work/ (replaced if present)",
        "  --seed K           seed of the data, the weights and the sampler (default 42)",
        "  --budget MINUTES   time for the whole command (default 12): a short probe of this machine's speed",
        "                     sizes the run (training images, epochs, held-out images) to fit, and prints the plan",
        "  --epochs E         training epochs (at most 4 when sized by the probe); the cosine decay spans them",
        "  --train N          generated training images (at most 1500 when sized; they set the steps per epoch)",
        "  --test M           held-out images (at most 300 when sized)",
        "                     --epochs, --train and --test together give the plan: no probe, same seed and",
        "                     same plan give the same result; any of them alone is kept and the rest sized",
        "  --quick            a seconds-long run of every stage on tiny data (nothing is learnt; no probe)");
  }

  @Override
  public int run(List<String> rawArgs) {
    long start = startNanos();
    Args args = Args.parse(rawArgs, Set.of("quick"));
    Path dir = Path.of(args.required("out"));
    int seed = args.integer("seed", 42, 0, Integer.MAX_VALUE);
    boolean quick = args.flag("quick");
    double budget = args.number("budget", DemoPlan.DEFAULT_BUDGET_MINUTES, 1, 100_000);
    OptionalInt epochs = optionalInt(args, "epochs", 1, 1000);
    OptionalInt train = optionalInt(args, "train", 10, 1_000_000);
    OptionalInt test = optionalInt(args, "test", 1, 1_000_000);
    args.finish();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positionals().get(0));
    }
    DemoSettings base = quick ? DemoSettings.quick(seed) : DemoSettings.defaults(seed);
    base = base.withEpochs(epochs.orElse(base.epochs()))
        .withImages(train.orElse(base.trainImages()), test.orElse(base.testImages()));
    DemoPlan plan;
    if (quick || (epochs.isPresent() && train.isPresent() && test.isPresent())) {
      plan = DemoPlan.given(base);
    } else {
      err.printf(Locale.ROOT, "demo: 0/6 measuring this machine to fit the %.1f-min budget%n", budget);
      plan = DemoPlan.probeAndFit(base, train, test, epochs, budget * 60, start);
    }
    err.println("demo: " + plan.describe());
    if (!plan.fits()) {
      err.println("demo: warning: even the smallest plan is predicted to exceed the budget on this machine");
    }
    Demo.Result r = Demo.run(plan.settings(), dir, err);
    out.printf(Locale.ROOT, "validation (fold 0): triplet %s %.4f, best single threshold %.2f %.4f%n", r.best(),
        r.validationScore(), r.bestSingleThreshold(), r.bestSingleThresholdScore());
    out.println("submission: " + r.submission());
    out.println("report: " + r.report());
    out.println(plan.describe());
    out.printf(Locale.ROOT, "time: %.0f s (the whole command: %.0f s)%n", r.seconds(),
        (System.nanoTime() - start) / 1e9);
    out.println(r.summaryLine());
    return 0;
  }

  private static OptionalInt optionalInt(Args args, String key, int min, int max) {
    return args.optional(key) == null ? OptionalInt.empty() : OptionalInt.of(args.integer(key, 0, min, max));
  }

  /** {@link System#nanoTime()} at the JVM's start: the budget counts the JVM and engine start-up too. */
  private static long startNanos() {
    long sinceStartMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    return System.nanoTime() - sinceStartMillis * 1_000_000L;
  }
}
