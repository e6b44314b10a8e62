package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.maps.MapBlend;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.submission.SubmissionRule;
import io.github.pneumo.submission.SubmissionScorer;
import io.github.pneumo.submission.SubmissionWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    YamlConfig c = YamlConfig.read(Path.of(args.positionals().get(0)));
    Path samplePath = c.path("SAMPLE_SUB");
    MapBlend maps = blend(c);
    TripletThreshold triplet;
    try {
      triplet = new TripletThreshold(c.number("TOP_SCORE_THRESHOLD"), c.integer("AREA_THRESHOLD"),
          c.number("BOTTOM_SCORE_THRESHOLD"));
    } catch (IllegalArgumentException e) {
      throw new PneumoException("config " + c.file() + ": " + e.getMessage(), e);
    }
    boolean useLeak = c.bool("USELEAK", false);
    Double leak = null;
    if (useLeak) {
      leak = c.number("LEAK_SCORE_THRESHOLD");
    } else {
      c.has("LEAK_SCORE_THRESHOLD"); // read but unused, as in the original
    }
    int minContourArea = c.integer("MIN_CONTOUR_AREA", 0);
    boolean useContours = c.bool("USECONTOURS", false);
    c.bool("RESHAPE_MODE", false);
    Path output = c.path("SUB_FILE");
    RleCodec codec = codec(c, "CODEC");
    int size = c.integer("OUTPUT_SIZE", 1024);
    Path truth = c.has("TRUTH") ? c.path("TRUTH") : null;
    RleCodec truthCodec = codec(c, "TRUTH_CODEC");
    c.finish();
    SubmissionRule rule;
    try {
      rule = new SubmissionRule(triplet, leak, minContourArea, useContours, size);
    } catch (IllegalArgumentException e) {
      throw new PneumoException("config " + c.file() + ": " + e.getMessage(), e);
    }
    SiimLabels sample = SiimLabels.read(samplePath, RleCodec.relative(), size, size);
    SubmissionWriter.Summary s = SubmissionWriter.write(output, sample, maps::contains, maps::read, rule, codec);
    out.printf(Locale.ROOT, "wrote %s: %d rows, %d non-empty (%s RLE, triplet %s)%n", s.file(), s.rows(),
        s.nonEmpty(), codec.name(), triplet);
    if (truth != null) {
      double dice = SubmissionScorer.meanDice(SiimLabels.read(output, codec, size, size),
          SiimLabels.read(truth, truthCodec, size, size));
      out.printf(Locale.ROOT, "mean Dice against %s: %.6f%n", truth, dice);
    }
    return 0;
  }

  private static RleCodec codec(YamlConfig c, String key) {
    String name = c.string(key, "relative");
    try {
      return RleCodec.byName(name);
    } catch (IllegalArgumentException e) {
      throw new PneumoException("config " + c.file() + ": key " + key + ": " + e.getMessage(), e);
    }
  }

  private static MapBlend blend(YamlConfig c) {
    boolean single = c.has("MASK_DICT");
    boolean weighted = c.has("RESULT_WEIGHTS");
    if (single == weighted) {
      throw new PneumoException("config " + c.file() + ": give exactly one of MASK_DICT or RESULT_WEIGHTS");
    }
    if (single) {
      return MapBlend.single(MapStore.existing(c.path("MASK_DICT")));
    }
    Map<MapStore, Double> weights = new LinkedHashMap<>();
    c.weights("RESULT_WEIGHTS").forEach((dir, w) -> weights.put(MapStore.existing(c.resolve(dir)), w));
    try {
      return MapBlend.of(weights);
    } catch (IllegalArgumentException e) {
      throw new PneumoException("config " + c.file() + ": RESULT_WEIGHTS: " + e.getMessage(), e);
    }
  }
}
