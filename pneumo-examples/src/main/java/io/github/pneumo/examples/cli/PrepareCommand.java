package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.cache.CachePreparer;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.data.cache.PrepareLabels;
import io.github.pneumo.data.cache.PrepareSummary;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.io.SkippedInputs;
import io.github.pneumo.util.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code pneumo prepare}: writes the training cache from a SIIM-style data folder (the original's
 * {@code prepare_png}), resumable and multi-threaded.
 */
public final class PrepareCommand implements CliCommand {
  static final String TRAIN_DIR = "dicom-images-train";
  static final String TEST_DIR = "dicom-images-test";
  static final String LABELS = "train-rle.csv";

  private final PrintStream out;
  private final PrintStream err;

  /** Creates the verb printing to the standard streams. */
  public PrepareCommand() {
    this(System.out, System.err);
  }

  /**
   * Creates the verb with explicit streams.
   *
   * @param out receives the summary
   * @param err receives progress and warnings
   */
  public PrepareCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "prepare";
  }

  @Override
  public String summary() {
    return "decode the DICOM tree and labels into a training cache at one size";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo prepare --data DIR --out CACHE [--size S] [--codec relative|standard] [--threads N]",
        "                      [--labels CSV]",
        "  --data DIR      folder with " + TRAIN_DIR + "/ and " + TEST_DIR + "/ (DICOMs two folder levels",
        "                  down, */*/*.dcm) and " + LABELS,
        "  --out CACHE     cache folder (created; a rerun skips what is already there; inputs that",
        "                  could not be read are listed in CACHE/skipped.csv, exit code 3)",
        "  --size S        image side in the cache (default 1024; the original resizes bilinearly",
        "                  without anti-aliasing, exact at 1024)",
        "  --codec C       RLE format of the label file: relative (stage 1, default) or standard (stage 2)",
        "  --threads N     worker threads (default: available processors)",
        "  --labels CSV    label file (default DIR/" + LABELS + ")");
  }

  @Override
  public int run(List<String> rawArgs) {
    Args args = Args.parse(rawArgs, Set.of());
    Path data = Path.of(args.required("data"));
    Path output = Path.of(args.required("out"));
    int size = args.integer("size", 1024, 1, 8192);
    String codecName = args.string("codec", "relative");
    int threads = args.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
    Path labelsFile = args.path("labels");
    args.finish();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positionals().get(0));
    }
    RleCodec codec;
    try {
      codec = RleCodec.byName(codecName);
    } catch (IllegalArgumentException | PneumoException e) {
      throw new UsageException("option --codec must be relative or standard, got '" + codecName + "'");
    }
    if (labelsFile == null) {
      labelsFile = data.resolve(LABELS);
    }
    if (!Files.isDirectory(data)) {
      throw new PneumoException("data folder not found: " + data);
    }
    DicomTree.Scan train = DicomTree.scan(data.resolve(TRAIN_DIR));
    Path testRoot = data.resolve(TEST_DIR);
    DicomTree.Scan test = Files.isDirectory(testRoot) ? DicomTree.scan(testRoot) : new DicomTree.Scan(List.of(), List.of());
    if (test.files().isEmpty()) {
      err.println("pneumo prepare: no test DICOMs under " + testRoot);
    }
    // Labels are decoded at each image's own size (1024² for SIIM, the generated size for synthetic data).
    PrepareLabels labels = PrepareLabels.read(labelsFile, codec);
    int unlabelled = labels.checkCoverage(train.files().stream().map(DicomTree::imageId).toList());
    if (unlabelled > 0) {
      err.printf("pneumo prepare: %d of %d train images have no row in %s; cached as negatives, as the original%n",
          unlabelled, train.files().size(), labelsFile);
    }
    err.printf("pneumo prepare: %d train + %d test DICOMs -> %s at %d², %d threads%n",
        train.files().size(), test.files().size(), output, size, threads);

    PrepareSummary run;
    try (ProgressBar bar = ProgressBar.create("prepare", train.files().size() + test.files().size(), err)) {
      run = CachePreparer.builder()
          .output(output)
          .size(size)
          .threads(threads)
          .reader(RadiographReader.builtIn()::read)
          .labelsAtSize(labels)
          .labelsIdentity(labels.identity())
          .progress((done, total) -> bar.step())
          .build()
          .prepare(train.files(), test.files());
    }
    List<PrepareSummary.Failure> failures = new ArrayList<>(train.skipped());
    failures.addAll(test.skipped());
    failures.addAll(run.failures());
    PrepareSummary summary = new PrepareSummary(run.written(), run.alreadyPresent(), failures);
    Path skippedFile = SkippedInputs.write(output.resolve(SkippedInputs.FILE_NAME), failures.stream()
        .map(f -> new SkippedInputs.Entry(f.file().toString(), f.reason())).toList());
    out.println("prepared " + output + " (" + size + "²): " + summary.describe());
    for (PrepareSummary.Failure f : failures) {
      err.println("  skipped " + f.file() + ": " + f.reason());
    }
    if (failures.isEmpty()) {
      return 0;
    }
    err.println("pneumo prepare: " + failures.size() + " input(s) skipped, listed in " + skippedFile);
    return SkippedInputs.EXIT_CODE;
  }
}
