package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.djl.experiment.InferConfig;
import io.github.pneumo.io.SkippedInputs;
import io.github.pneumo.spark.DicomFiles;
import io.github.pneumo.spark.ExecutorModels;
import io.github.pneumo.spark.MaskRule;
import io.github.pneumo.spark.ModelSpec;
import io.github.pneumo.spark.SkippedInput;
import io.github.pneumo.spark.SparkInference;
import io.github.pneumo.spark.SparkSubmission;
import io.github.pneumo.submission.Submission;
import io.github.pneumo.submission.SubmissionRule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * {@code pneumo spark-infer}: {@code pneumo infer} + {@code pneumo submit} as one Spark job — the DICOMs of a
 * folder through the model of an infer config (one model per executor JVM), thresholded with a triplet,
 * written by the driver as one submission in the sample submission's order, byte for byte what the two
 * single-JVM verbs write.
 */
public final class SparkInferCommand implements CliCommand {
  /** Exit code when the submission was written but some inputs could not be read (they are listed). */
  static final int SKIPPED_EXIT = SkippedInputs.EXIT_CODE;
  /** The list of skipped inputs, written beside the submission. */
  static final String SKIPPED_FILE = SkippedInputs.FILE_NAME;

  private final PrintStream out;
  private final PrintStream err;

  /** Creates the verb printing to the standard streams. */
  public SparkInferCommand() {
    this(System.out, System.err);
  }

  /**
   * Creates the verb.
   *
   * @param out where the summary is printed
   * @param err where skipped inputs are listed
   */
  public SparkInferCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public String name() {
    return "spark-infer";
  }

  @Override
  public String summary() {
    return "infer + submit on Apache Spark: one model per executor, one submission CSV";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: pneumo spark-infer --master URL --data DIR --config INFER.yaml --triplet t,a,b",
        "                          --sample-submission CSV --out SUBMISSION.csv [--partitions N] [options]",
        "  --master URL           Spark master: local[2] (2 cores in this JVM), local[2,3] (and retry a",
        "                         failed task twice), spark://host:7077 …; optional under spark-submit",
        "  --data DIR             folder of DICOMs, searched at any depth (a path or a Hadoop URI)",
        "  --config INFER.yaml    a `pneumo infer` config (read as pneumo infer reads it): its model keys",
        "                         ARCHITECTURE, CHECKPOINTS, WEIGHT_AVERAGE, FLIP, INPUT_SIZE and",
        "                         NORMALIZATION are used; DATA_DIRECTORY, RESULT_FOLDER and RESUME are not",
        "  --triplet t,a,b        top score threshold, area threshold (pixels), bottom threshold",
        "  --sample-submission CSV  one output row per id, in its order (as SAMPLE_SUB of submit)",
        "  --out SUBMISSION.csv   the submission, written atomically; inputs that could not be read are",
        "                         listed in skipped.csv beside it (input,reason; the header alone if none)",
        "  --partitions N         split the files into N tasks (default: Spark's file splitting)",
        "  --codec C              relative (default, as submit) or standard",
        "  --output-size S        side of the submitted masks (default 1024, as submit)",
        "  --device D             cpu (default), gpu (the GPU Spark assigned to the executor), gpuN",
        "  --threads N            PyTorch threads per executor (default: the engine's default)",
        "  --checkpoints M        embed: ship the checkpoints' bytes to the executors (broadcast once",
        "                         per executor); paths: executors read the config's paths themselves (a",
        "                         shared file system). Default: paths on a local master, embed otherwise",
        "Exit codes: 0 written, 1 failed, 2 bad arguments, " + SKIPPED_EXIT
            + " written but some inputs could not be read (listed).",
        "The JVM needs Spark's --add-opens flags on Java 17+ (the ./pneumo launcher sets them; see",
        "docs/scale-out.md).");
  }

  @Override
  public int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of());
    String master = args.optional("master");
    String data = args.required("data");
    Path config = Path.of(args.required("config"));
    TripletThreshold triplet = triplet(args.required("triplet"));
    Path samplePath = Path.of(args.required("sample-submission"));
    Path output = Path.of(args.required("out"));
    int partitions = args.integer("partitions", 0, 1, 1_000_000);
    String codecName = args.string("codec", "relative");
    int size = args.integer("output-size", 1024, 1, SubmissionRule.MAX_OUTPUT_SIZE);
    String device = args.string("device", "cpu");
    int threads = args.integer("threads", 0, 0, 4096);
    String transfer = args.optional("checkpoints");
    args.finish();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positionals().get(0));
    }
    if (master == null && System.getProperty("spark.master") == null) {
      throw new UsageException("give --master (e.g. local[2]) unless run by spark-submit");
    }
    RleCodec codec;
    try {
      codec = RleCodec.byName(codecName);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --codec must be relative or standard, got '" + codecName + "'");
    }
    boolean local = (master != null ? master : System.getProperty("spark.master", "")).startsWith("local");
    if (transfer != null && !transfer.equals("embed") && !transfer.equals("paths")) {
      throw new UsageException("option --checkpoints must be embed or paths, got '" + transfer + "'");
    }
    boolean embed = transfer != null ? transfer.equals("embed") : !local;
    InferConfig inferConfig = InferConfig.read(config);
    if (inferConfig.segFolder() != null) {
      throw new UsageException("SEG_FOLDER is not supported by spark-infer (use pneumo infer, or export-seg)");
    }
    ModelSpec spec = spec(inferConfig, device, threads, embed);
    SiimLabels sample = SiimLabels.read(samplePath, RleCodec.relative(), size, size);
    MaskRule rule = MaskRule.forSample(new SubmissionRule(triplet, null, 0, false, size), codec, sample);
    requireSparkModuleFlags();

    long start = System.nanoTime();
    SparkSubmission.Summary s = withSession(master, spark -> {
      Dataset<Row> dicoms = partitions > 0 ? DicomFiles.list(spark, sparkPath(data), partitions)
          : DicomFiles.read(spark, sparkPath(data));
      return SparkSubmission.write(SparkInference.masks(dicoms, spec, rule), sample, output);
    });
    Path skippedFile = skippedList(output, s.skipped());
    // the line pneumo submit prints
    new Submission.Result(s.file(), s.rows(), s.nonEmpty(), codec, triplet, null, Double.NaN).lines()
        .forEach(out::println);
    out.printf(Locale.ROOT, "spark-infer: %d images, %d skipped (listed in %s) in %.1f s%n", s.images(),
        s.skipped().size(), skippedFile, (System.nanoTime() - start) / 1e9);
    for (SkippedInput k : s.skipped()) {
      err.println("  skipped " + k.path() + ": " + k.reason());
    }
    return s.skipped().isEmpty() ? 0 : SKIPPED_EXIT;
  }

  /** Parses {@code t,a,b} (or the tuple notation {@code (t, a, b)}). */
  static TripletThreshold triplet(String text) {
    String t = text.trim();
    try {
      return TripletThreshold.parse(t.startsWith("(") ? t : "(" + t + ")");
    } catch (PneumoException e) {
      throw new UsageException("option --triplet must be t,a,b (e.g. 0.75,1000,0.3): " + e.getMessage());
    }
  }

  private static ModelSpec spec(InferConfig c, String device, int threads, boolean embed) {
    // the model keys of the infer config; its data and output keys are replaced by --data and --out
    Function<Path, ModelSpec.Checkpoint> checkpoint = embed ? ModelSpec.Checkpoint::bytes : ModelSpec.Checkpoint::path;
    ModelSpec.Builder b = ModelSpec.builder(c.architecture())
        .ensemble(c.checkpoints().stream().map(checkpoint).toList());
    c.weightAverages().forEach(group -> b.weightAverage(group.stream().map(checkpoint).toList()));
    try {
      return b.flip(c.flip()).inputSize(c.inputSize()).normalization(c.normalization()).device(device)
          .threads(threads).build();
    } catch (PneumoException e) {
      throw new UsageException("option --device: " + e.getMessage());
    }
  }

  /** A local folder becomes an absolute path; a URI ({@code hdfs://…}) is kept. */
  private static String sparkPath(String data) {
    return data.contains("://") ? data : Path.of(data).toAbsolutePath().normalize().toString();
  }

  /**
   * Lists the skipped inputs in {@code skipped.csv} beside the submission ({@link SkippedInputs}, the
   * format of the other batch verbs), the header alone when none was skipped.
   */
  private static Path skippedList(Path output, List<SkippedInput> skipped) {
    return SkippedInputs.write(output.toAbsolutePath().resolveSibling(SKIPPED_FILE),
        skipped.stream().map(k -> new SkippedInputs.Entry(k.path(), k.reason())).toList());
  }

  /**
   * Spark 4 on Java 17 fails deep inside its start-up without {@code --add-opens}; say so first.
   *
   * @throws PneumoException naming the flags when they are missing
   */
  static void requireSparkModuleFlags() {
    Module base = Object.class.getModule();
    Module self = SparkInferCommand.class.getModule();
    if (!base.isOpen("sun.nio.ch", self) || !base.isOpen("java.nio", self)) {
      throw new PneumoException("Spark needs the JVM flags --add-opens=java.base/java.nio=ALL-UNNAMED "
          + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED and the others listed in docs/scale-out.md "
          + "(the ./pneumo launcher sets them)");
    }
  }

  /**
   * Runs work in a Spark session, stopping the session afterwards if this call created it (and then
   * releasing the models its local executor built in this JVM).
   */
  private static <T> T withSession(@Nullable String master, Function<SparkSession, T> work) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
    SparkSession spark;
    try {
      SparkSession.Builder b = SparkSession.builder().appName("pneumo spark-infer");
      if (master != null) {
        b.master(master);
      }
      spark = b.getOrCreate();
    } catch (Exception e) {
      throw new PneumoException("cannot start Spark (master " + master + "): " + rootMessage(e), e);
    }
    try {
      return work.apply(spark);
    } catch (PneumoException e) {
      throw e;
    } catch (Exception e) {
      PneumoException cause = pneumoCause(e);
      throw cause != null ? new PneumoException(cause.getMessage(), e)
          : new PneumoException("Spark job failed: " + rootMessage(e), e);
    } finally {
      if (!existed) {
        spark.stop();
        ExecutorModels.closeAll();
      }
    }
  }

  private static @Nullable PneumoException pneumoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PneumoException p) {
        return p;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
  }
}
