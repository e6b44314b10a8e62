package io.github.pneumo.djl.reproduce;

import ai.djl.Device;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.djl.experiment.Experiment;
import io.github.pneumo.djl.experiment.ExperimentReader;
import io.github.pneumo.djl.experiment.ExperimentRunner;
import io.github.pneumo.djl.experiment.SubmitConfig;
import io.github.pneumo.djl.experiment.TransformSpec;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.training.CheckpointHeap;
import io.github.pneumo.djl.training.EpochResult;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.djl.weights.EncoderWeights;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.submission.Submission;
import io.github.pneumo.util.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reproduces one of the original experiments end to end: for each fold, its parts in order (part0,
 * part1, part2, 2nd stage, each uptraining from the fold's best checkpoint so far), then the inference
 * over the test images and the submission; or one of the two blends of the four experiments' maps.
 *
 * <pre>{@code
 * Reproduction.Summary s = Reproduction.builder("albunet_valid")
 *     .data(Path.of("siim")).output(Path.of("runs")).build().run();
 * }</pre>
 *
 * <p>Output folder layout: {@code experiments/<exp>/} (the extracted configs, then {@code checkpoints/},
 * {@code log/}, {@code maps/}), {@code experiments/subs/} (submissions) and, in the smoke profile without
 * data, {@code data/} (the generated dataset). Restartable: a finished part of a fold leaves
 * {@code checkpoints/fold<f>/<part>.done} and is skipped; an interrupted one resumes from the trainer's
 * resume file; inference skips the maps already written.
 */
public final class Reproduction {
  /** The folder, inside an experiment's folder, of the out-of-fold validation maps ({@link Builder#oof(boolean)}). */
  public static final String OOF_FOLDER = "oof";

  private final String experiment;
  private final @Nullable Path data;
  private final Path output;
  private final List<String> folds;
  private final Profile profile;
  private final @Nullable Device device;
  private final @Nullable Path encoderWeightsDir;
  private final @Nullable String selection;
  private final boolean oof;
  private final PrintStream log;

  private Reproduction(Builder b) {
    this.experiment = b.experiment;
    this.data = b.data;
    this.output = b.output;
    this.folds = List.copyOf(b.folds);
    this.profile = b.profile;
    this.device = b.device;
    this.encoderWeightsDir = b.encoderWeightsDir;
    this.selection = b.selection;
    this.oof = b.oof;
    this.log = b.log;
  }

  /**
   * A builder.
   *
   * @param experiment one of {@link #names()}
   * @return the builder
   * @throws ReproductionException for an unknown name
   */
  public static Builder builder(String experiment) {
    if (!names().contains(experiment)) {
      throw new ReproductionException("unknown experiment '" + experiment + "', expected one of " + names());
    }
    return new Builder(experiment);
  }

  /** @return the experiments and blends that can be reproduced */
  public static List<String> names() {
    List<String> all = new ArrayList<>(ExperimentResources.EXPERIMENTS);
    all.addAll(ExperimentResources.BLENDS);
    return all;
  }

  /**
   * What one part of one fold did.
   *
   * @param fold the fold
   * @param part the part name
   * @param skipped true when an earlier run had finished it
   * @param epochs epochs run (0 when skipped)
   * @param bestScore the fold's best validation score after the part (NaN when skipped)
   */
  public record PartOutcome(String fold, String part, boolean skipped, int epochs, double bestScore) {}

  /**
   * The outcome of a reproduction.
   *
   * @param experiment the experiment or blend
   * @param profile the profile
   * @param parts the parts run or skipped, in order (empty for a blend)
   * @param maps the maps folder (the blend's first member for a blend)
   * @param submission the submission file
   * @param rows rows in the submission
   * @param nonEmpty rows with a non-empty mask
   * @param dice the submission's mean Dice against the data's test labels, NaN without labels
   * @param seconds wall time
   */
  public record Summary(String experiment, Profile profile, List<PartOutcome> parts, Path maps, Path submission,
      int rows, int nonEmpty, double dice, double seconds) {

    /** Copies the list. */
    public Summary {
      parts = List.copyOf(parts);
    }

    /** @return the one-line summary printed at the end of a run */
    public String line() {
      return String.format(Locale.ROOT, "reproduce %s (%s): %d part-fold run(s), %d skipped; submission %s: %d rows,"
          + " %d non-empty%s; %.0f s", experiment, profile.name().toLowerCase(Locale.ROOT),
          parts.stream().filter(p -> !p.skipped()).count(), parts.stream().filter(PartOutcome::skipped).count(),
          submission, rows, nonEmpty, Double.isNaN(dice) ? "" : String.format(Locale.ROOT, ", mean Dice %.4f", dice),
          seconds);
    }
  }

  /**
   * Runs (or continues) the reproduction.
   *
   * @return the summary
   */
  public Summary run() {
    long start = System.nanoTime();
    Path experiments = output.resolve("experiments");
    ExperimentResources.extract(experiments);
    ReproductionData d = data != null ? new ReproductionData(data).check()
        : profile == Profile.SMOKE ? SmokeData.ensure(output.resolve("data"), 42)
        : failNoData();
    TrainingCache cache = TrainingCache.open(d.cache());
    if (ExperimentResources.BLENDS.contains(experiment)) {
      for (String member : ExperimentResources.EXPERIMENTS) {
        Path maps = experiments.resolve(member).resolve("maps");
        for (String id : cache.testIds()) {
          if (!Files.exists(maps.resolve(id + MapStore.SUFFIX))) {
            throw new ReproductionException("blend " + experiment + " needs the maps of " + member + ", but " + maps
                + " lacks " + id + ": run pneumo reproduce " + member + " first (same --out and --profile)");
          }
        }
      }
      Path config = experiments.resolve("blends").resolve(experiment + ".yaml");
      return submit(config, List.of(), experiments.resolve(ExperimentResources.EXPERIMENTS.get(0)).resolve("maps"), d,
          cache, start);
    }
    Path dir = experiments.resolve(experiment);
    List<String> runFolds = folds;
    if (runFolds.isEmpty()) {
      List<String> configured = read(dir, ExperimentResources.PARTS.get(0), d, cache).folds();
      runFolds = profile == Profile.SMOKE ? List.of(configured.get(0)) : configured;
    }
    List<PartOutcome> outcomes = new ArrayList<>();
    for (String fold : runFolds) {
      for (String part : ExperimentResources.PARTS) {
        outcomes.add(trainPart(dir, part, fold, d, cache));
      }
    }
    EnsembleConfig inference = EnsembleConfig.read(dir.resolve(ExperimentResources.INFERENCE));
    if (profile == Profile.SMOKE || !folds.isEmpty()) {
      inference = inference.with(profile == Profile.SMOKE ? cache.size() : inference.size(), runFolds);
    }
    if (selection != null) {
      inference = inference.withSelection(selection);
    }
    Experiment lastPart = read(dir, ExperimentResources.PARTS.get(ExperimentResources.PARTS.size() - 1), d, cache);
    Device inferenceDevice = device != null ? device
        : profile == Profile.SMOKE ? Device.cpu() : lastPart.training().device();
    if (oof) {
      writeOutOfFold(dir, inference, lastPart, inferenceDevice, cache);
    }
    List<Path> checkpoints = selectCheckpoints(dir, inference);
    DjlSegmentationModel.Builder ensemble = inference.model(checkpoints).device(inferenceDevice);
    log.printf(Locale.ROOT, "%s: inference of %d test images with %d checkpoint(s)%s on %s%n", experiment,
        cache.testIds().size(), checkpoints.size(), inference.flip() ? " and flip TTA" : "", inferenceDevice);
    MapStore store = FolderInference.openForCheckpoints(inference.result(), checkpoints);
    FolderInference.Images images = new FolderInference.Images(cache.testIds(), cache::image);
    int written = 0;
    if (!FolderInference.pending(images, store, true).isEmpty()) {
      try (DjlSegmentationModel model = ensemble.build()) {
        written = FolderInference.run(model, images, store, true, ProgressBar::quiet).predicted();
      }
    }
    log.printf(Locale.ROOT, "%s: %d map(s) written, %d already there%n", experiment, written,
        cache.testIds().size() - written);
    return submit(dir.resolve(ExperimentResources.SUBMIT), outcomes, inference.result(), d, cache, start);
  }

  /**
   * Writes every fold's validation maps, predicted with that fold's selected checkpoints (the inference
   * config's selection, TTA and normalisation), into one folder: {@code experiments/<exp>/oof/}, the
   * out-of-fold maps that {@code pneumo search --maps} and a blend's weights can be chosen on.
   */
  private void writeOutOfFold(Path dir, EnsembleConfig inference, Experiment lastPart, Device on, TrainingCache cache) {
    Path oofDir = dir.resolve(OOF_FOLDER);
    Folds folds = Folds.read(lastPart.foldsFile());
    List<Path> all = new ArrayList<>();
    Map<String, List<Path>> byFold = new LinkedHashMap<>();
    for (String fold : inference.folds()) {
      List<Path> selected = selectCheckpoints(dir, inference, fold);
      byFold.put(fold, selected);
      all.addAll(selected);
    }
    MapStore store = FolderInference.openForCheckpoints(oofDir, all);
    int written = 0;
    int images = 0;
    for (Map.Entry<String, List<Path>> e : byFold.entrySet()) {
      List<String> ids = folds.validationIds(e.getKey());
      images += ids.size();
      FolderInference.Images validation = new FolderInference.Images(ids, cache::image);
      if (!FolderInference.pending(validation, store, true).isEmpty()) {
        try (DjlSegmentationModel model = inference.model(e.getValue()).device(on).build()) {
          written += FolderInference.run(model, validation, store, true, ProgressBar::quiet).predicted();
        }
      }
    }
    log.printf(Locale.ROOT, "%s: out-of-fold maps of %d validation images (%d fold(s)) in %s: %d written, %d already"
        + " there%n", experiment, images, byFold.size(), oofDir, written, images - written);
  }

  private static ReproductionData failNoData() {
    throw new ReproductionException("--data is required with the full profile (docs/reproduction.md); the smoke"
        + " profile generates its own data");
  }

  private Experiment read(Path dir, String part, ReproductionData d, TrainingCache cache) {
    Experiment c = ExperimentReader.read(dir.resolve(ExperimentResources.trainConfig(part)));
    TrainingSettings.Builder t = c.training().toBuilder();
    if (device != null) {
      t.device(device);
    } else if (profile == Profile.SMOKE) {
      t.device(Device.cpu());
    }
    TransformSpec train = c.trainTransforms();
    TransformSpec valid = c.validTransforms();
    if (profile == Profile.SMOKE) {
      t.epochs(1).workers(1).prefetchBatches(2).triplets(scaledTriplets(c.training().triplets(), cache.size()));
      train = train.withSize(cache.size());
      valid = valid.withSize(cache.size());
    }
    return c.toBuilder().training(t.build()).data(d.cache(), d.folds(c.foldsFile()), c.folds()).transforms(train, valid)
        .encoderWeights(encoderWeights(c, part)).build();
  }

  /**
   * The part's ImageNet encoder weights, looked up in {@link Builder#encoderWeights(Path)}'s folder when
   * given; the smoke profile leaves them out when the file is absent (the full profile fails in {@link
   * #trainPart} when the part has to run).
   */
  private @Nullable EncoderWeights encoderWeights(Experiment c, String part) {
    EncoderWeights w = c.encoderWeights();
    if (w == null) {
      return null;
    }
    Path file = encoderWeightsDir != null ? encoderWeightsDir.resolve(w.file().getFileName()) : w.file();
    if (!Files.isRegularFile(file) && profile == Profile.SMOKE) {
      log.printf(Locale.ROOT, "%s %s: no ImageNet encoder weights %s, the encoder starts from its seeded "
          + "initialisation (smoke profile)%n", experiment, part, file.getFileName());
      return null;
    }
    return new EncoderWeights(file, w.sha256());
  }

  /** The validation triplets with their 1024² pixel areas scaled to the smoke images (at least 1 pixel). */
  private static List<TripletThreshold> scaledTriplets(List<TripletThreshold> triplets, int size) {
    List<TripletThreshold> out = new ArrayList<>();
    for (TripletThreshold t : triplets) {
      TripletThreshold s = new TripletThreshold(t.top(), scaledArea(t.minArea(), size), t.bottom());
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static int scaledArea(double area, int size) {
    return area <= 0 ? 0 : Math.max(1, (int) Math.round(area * size * size / (1024.0 * 1024.0)));
  }

  private PartOutcome trainPart(Path dir, String part, String fold, ReproductionData d, TrainingCache cache) {
    Experiment config = read(dir, part, d, cache);
    Path foldDir = config.training().outputDir().resolve("checkpoints").resolve("fold" + fold);
    Path done = foldDir.resolve(part + ".done");
    if (Files.exists(done)) {
      log.printf(Locale.ROOT, "%s fold %s %s: done in an earlier run, skipped%n", experiment, fold, part);
      return new PartOutcome(fold, part, true, 0, Double.NaN);
    }
    EncoderWeights imagenet = config.encoderWeights();
    if (imagenet != null && !Files.isRegularFile(imagenet.file())) {
      throw new ReproductionException(experiment + " " + part + " initialises its encoder from "
          + imagenet.file().getFileName() + " (ENCODER_WEIGHTS), which is not at " + imagenet.file() + ": get it as "
          + "docs/weights.md says and put it there or pass --encoder-weights DIR");
    }
    boolean resume = Files.exists(foldDir.resolve("resume.bin"));
    log.printf(Locale.ROOT, "%s fold %s %s: %s (%s, %d epochs max, %d² images)%n", experiment, fold, part,
        resume ? "resuming" : "training", config.architecture(), config.training().epochs(),
        config.trainTransforms().size());
    FoldResult r = ExperimentRunner.trainFold(config, fold, resume, new TrainingListener() {
      @Override
      public void epochFinished(EpochResult e) {
        log.printf(Locale.ROOT, "  epoch %d: loss %.4f, score %.4f%s, lr %.3g%n", e.epoch(), e.meanLoss(), e.score(),
            e.improved() ? " (best)" : "", e.learningRate());
      }
    });
    StringBuilder sb = new StringBuilder("# epoch\tscore\tcheckpoint (the part's kept top-k)\n");
    for (CheckpointHeap.Entry e : r.topK()) {
      sb.append(e.epoch()).append('\t').append(e.score()).append('\t').append(e.file().getFileName()).append('\n');
    }
    AtomicFiles.writeString(done, sb.toString());
    return new PartOutcome(fold, part, false, r.epochs().size(), r.bestScore());
  }

  private static List<Path> selectCheckpoints(Path dir, EnsembleConfig c) {
    List<Path> out = new ArrayList<>();
    for (String fold : c.folds()) {
      out.addAll(selectCheckpoints(dir, c, fold));
    }
    if (out.isEmpty()) {
      throw new ReproductionException("no checkpoint selected by " + c.file());
    }
    return out;
  }

  /** One fold's checkpoints by the config's selection (top_k: the last part's kept list, best first). */
  private static List<Path> selectCheckpoints(Path dir, EnsembleConfig c, String fold) {
    List<Path> out = new ArrayList<>();
    String prefix = c.name() + "_fold" + fold;
    switch (c.selection()) {
      case "best" -> out.add(c.checkpoint(prefix));
      case "epochs" -> c.selectedEpochs().get(fold).forEach(e -> out.add(c.checkpoint("fold" + fold + "/" + prefix
          + "_epoch" + e)));
      default -> {
        Path foldDir = dir.resolve("checkpoints").resolve("fold" + fold);
        String last = ExperimentResources.PARTS.get(ExperimentResources.PARTS.size() - 1);
        Path done = foldDir.resolve(last + ".done");
        if (!Files.exists(done)) {
          throw new ReproductionException("fold " + fold + " has not finished its " + last + " (" + done
              + " is missing), so it has no top-k checkpoints to infer with");
        }
        List<double[]> scored = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
          for (String line : Files.readAllLines(done, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
              String[] cols = line.split("\t");
              scored.add(new double[] {Double.parseDouble(cols[1]), files.size()});
              files.add(foldDir.resolve(cols[2]));
            }
          }
        } catch (IOException | RuntimeException e) {
          throw new ReproductionException("cannot read the top-k list " + done + ": " + e.getMessage(), e);
        }
        scored.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        int k = c.topK() > 0 ? Math.min(c.topK(), scored.size()) : scored.size();
        for (int i = 0; i < k; i++) {
          out.add(files.get((int) scored.get(i)[1]));
        }
      }
    }
    return out;
  }

  private Summary submit(Path config, List<PartOutcome> outcomes, Path maps, ReproductionData d, TrainingCache cache,
      long start) {
    SubmitConfig c = SubmitConfig.read(config).withSampleSubmission(d.sampleSubmission().toAbsolutePath().normalize());
    if (profile == Profile.SMOKE) {
      int size = cache.size();
      c = c.withSize(size, scaledArea(c.triplet().minArea(), size), scaledArea(c.minContourArea(), size));
    }
    Path truth = d.testLabels();
    if (truth != null) {
      c = c.withTruth(truth.toAbsolutePath().normalize(), c.truthCodec());
    }
    Submission.Result r = c.submission().write();
    r.lines().forEach(log::println);
    return new Summary(experiment, profile, outcomes, maps, r.file(), r.rows(), r.nonEmpty(), r.meanDice(),
        (System.nanoTime() - start) / 1e9);
  }

  /** Builder of {@link Reproduction}. */
  public static final class Builder {
    private final String experiment;
    private @Nullable Path data;
    private Path output = Path.of("reproduction");
    private List<String> folds = List.of();
    private Profile profile = Profile.FULL;
    private @Nullable Device device;
    private @Nullable Path encoderWeightsDir;
    private @Nullable String selection;
    private boolean oof;
    private PrintStream log = System.err;

    private Builder(String experiment) {
      this.experiment = experiment;
    }

    /** @param v the data folder ({@link ReproductionData}); null generates one in the smoke profile @return this */
    public Builder data(@Nullable Path v) {
      data = v;
      return this;
    }

    /** @param v the output folder (default {@code reproduction}) @return this */
    public Builder output(Path v) {
      output = v;
      return this;
    }

    /** @param v the folds to run (default: the config's, or its first in the smoke profile) @return this */
    public Builder folds(List<String> v) {
      folds = List.copyOf(v);
      return this;
    }

    /** @param v the profile (default full) @return this */
    public Builder profile(Profile v) {
      profile = v;
      return this;
    }

    /**
     * The training and inference device, overriding the configs' (smoke default: cpu; full default: the
     * configs' training device, for the inference too).
     *
     * @param v the device, or null for the default
     * @return this
     */
    public Builder device(@Nullable Device v) {
      device = v;
      return this;
    }

    /**
     * The folder holding the ImageNet encoder weights the part0 configs name ({@code ENCODER_WEIGHTS}; file
     * names and checksums in docs/weights.md). Default: the configs' own path, the {@code weights/} folder
     * beside {@code experiments/} in the output folder.
     *
     * @param v the folder, or null for the default
     * @return this
     */
    public Builder encoderWeights(@Nullable Path v) {
      encoderWeightsDir = v;
      return this;
    }

    /**
     * Overrides the inference config's checkpoint selection ({@code CHECKPOINTS}).
     *
     * @param v {@code top_k} (the last part's kept checkpoints, {@code TOP_K} of them), {@code epochs} (the
     *     original's SELECTED_EPOCHS, e.g. with its .pth checkpoints) or {@code best}; null for the config's
     * @return this
     * @throws ReproductionException for another value
     */
    public Builder checkpoints(@Nullable String v) {
      if (v != null && !EnsembleConfig.SELECTIONS.contains(v)) {
        throw new ReproductionException("checkpoint selection must be top_k, epochs or best, got '" + v + "'");
      }
      selection = v;
      return this;
    }

    /**
     * Also writes the out-of-fold maps: every fold's validation images predicted with that fold's selected
     * checkpoints, into {@code experiments/<exp>/oof/} ({@link #OOF_FOLDER}).
     *
     * @param v whether to write them (default false)
     * @return this
     */
    public Builder oof(boolean v) {
      oof = v;
      return this;
    }

    /** @param v where progress and the summary line are printed (default standard error) @return this */
    public Builder log(PrintStream v) {
      log = v;
      return this;
    }

    /** @return the reproduction */
    public Reproduction build() {
      return new Reproduction(this);
    }
  }
}
