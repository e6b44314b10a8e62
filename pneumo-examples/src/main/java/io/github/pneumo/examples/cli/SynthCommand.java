package io.github.pneumo.examples.cli;

import io.github.pneumo.RleCodec;
import io.github.pneumo.synth.ChestRadiographGenerator;
import io.github.pneumo.synth.SyntheticDataException;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code pneumo synth}: writes a synthetic dataset in the SIIM-ACR on-disk format. */
public final class SynthCommand implements CliCommand {

  private final PrintStream out;
  private final PrintStream err;

  /** A command printing its summary to {@code System.out} and its progress bar to {@code System.err}. */
  public SynthCommand() {
    this(System.out, System.err);
  }

  /**
   * A command printing to the given streams.
   *
   * @param out where the summary goes
   * @param err where the progress bar goes
   */
  public SynthCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "synth";
  }

  @Override
  public String summary() {
    return "write a synthetic dataset in the SIIM-ACR format (DICOMs, train-rle.csv, folds.csv)";
  }

  @Override
  public String usage() {
    return """
        usage: pneumo synth --out DIR --train N --test M --size S --seed K [options]
          --out DIR            output folder (must not exist or be empty, unless --overwrite)
          --train N            number of train images (>= 0)
          --test M             number of test images (>= 0)
          --size S             image side in pixels, a multiple of 64 (SIIM: 1024)
          --seed K             seed; the same seed gives byte-identical files
          --positive-rate P    fraction of images with pneumothorax (default 0.2215, as SIIM)
          --shapes FILE        SIIM label CSV (plain or .gz) whose real lesion shapes to use
                               (default: procedural shapes)
          --difficulty D       lesion contrast in [0, 1]: 0 (default) = lesions 25-45 grey levels
                               more lucent than the lung, 1 = 10-15 (see docs/synthetic-data.md)
          --codec C            RLE format of train-rle.csv/test-rle.csv: relative (default) or standard
          --threads T          worker threads (default: all processors); output does not depend on it
          --overwrite          replace a dataset previously written to --out
          --quiet              no progress bar""";
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of("overwrite", "quiet"));
    Path outDir = Path.of(args.required("out"));
    int train = args.integer("train", -1, 0, Integer.MAX_VALUE);
    int test = args.integer("test", -1, 0, Integer.MAX_VALUE);
    int size = args.integer("size", -1, 64, 8192);
    String seedText = args.required("seed");
    if (train < 0 || test < 0 || size < 0) {
      throw new UsageException("missing required option --" + (train < 0 ? "train" : test < 0 ? "test" : "size"));
    }
    if (size % 64 != 0) {
      throw new UsageException("option --size must be a multiple of 64, got " + size);
    }
    long seed;
    try {
      seed = Long.parseLong(seedText.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("option --seed must be an integer, got '" + seedText + "'");
    }
    double rate = args.number("positive-rate", SyntheticDataset.SIIM_POSITIVE_RATE, 0, 1);
    Path shapes = args.path("shapes");
    double difficulty = args.number("difficulty", ChestRadiographGenerator.DEFAULT_DIFFICULTY, 0, 1);
    String codecName = args.string("codec", "relative");
    int threads = args.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
    boolean overwrite = args.flag("overwrite");
    boolean quiet = args.flag("quiet");
    args.finish();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
    }
    RleCodec codec;
    try {
      codec = RleCodec.byName(codecName);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --codec: " + e.getMessage());
    }
    SyntheticDataset.Builder builder;
    try {
      builder = SyntheticDataset.builder()
          .train(train).test(test).size(size).seed(seed).positiveRate(rate).shapes(shapes)
          .difficulty(difficulty).codec(codec).threads(threads).overwrite(overwrite)
          .progress(quiet ? null : err);
    } catch (SyntheticDataException e) {
      throw new UsageException(e.getMessage());
    }
    SyntheticDataset dataset = builder.build(); // loads --shapes; a bad file fails here, naming it
    long t0 = System.nanoTime();
    SyntheticDataset.Summary s = dataset.write(outDir);
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "wrote %d train (%d positive) and %d test (%d positive) images of %dx%d to %s "
            + "in %.1f s (%.1f images/s)%n",
        s.trainImages(), s.trainPositives(), s.testImages(), s.testPositives(), size, size, outDir,
        seconds, (s.trainImages() + s.testImages()) / Math.max(seconds, 1e-9));
    return 0;
  }
}
