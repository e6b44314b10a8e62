package io.github.pneumo.examples.demo;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.CachePreparer;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.data.cache.PrepareSummary;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.djl.experiment.Experiment;
import io.github.pneumo.djl.experiment.ExperimentRunner;
import io.github.pneumo.djl.experiment.LossWeights;
import io.github.pneumo.djl.experiment.TransformSpec;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.djl.inference.FolderInference;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.examples.console.ConsoleTrainingProgress;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.maps.MapBlend;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.report.HtmlReport;
import io.github.pneumo.report.Overlay;
import io.github.pneumo.report.ThresholdHeatmap;
import io.github.pneumo.report.TrainingCurveChart;
import io.github.pneumo.report.TrainingSummary;
import io.github.pneumo.submission.Submission;
import io.github.pneumo.submission.SubmissionRule;
import io.github.pneumo.synth.SyntheticDataset;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import io.github.pneumo.training.SchedulerSpec;
import io.github.pneumo.util.ProgressBar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The end-to-end demo: generate a SIIM-format dataset with real lesion shapes, prepare it, train AlbuNet on
 * folds 1–4, predict fold 0 and the held-out test images with flip TTA, choose the triplet on fold 0 with the
 * exact grid search, write the submission for the held-out images, score it against their true labels, and
 * write an HTML report.
 *
 * <p>Output layout under the output folder: {@code data/} (the dataset, with {@code test-rle.csv} holding
 * the held-out truth), {@code submission.csv}, {@code report.html}, and {@code work/} (cache, training
 * config, checkpoints, probability maps).
 */
public final class Demo {

  /** The validation fold: thresholds are chosen on it; the held-out test images play no part. */
  public static final String VALIDATION_FOLD = "0";

  private static final String SHAPES_RESOURCE = "siim-lesion-shapes.csv.gz";

  private final DemoSettings settings;
  private final Path out;
  private final PrintStream console;
  private final List<String> stageTimes = new ArrayList<>();
  private @Nullable String stageName;
  private long stageStart;

  /**
   * The outcome.
   *
   * @param meanDice mean Dice of the submission on the held-out images
   * @param heldOut number of held-out images
   * @param allEmptyBaseline mean Dice of an all-empty submission on them
   * @param best the triplet chosen on the validation fold
   * @param validationScore its mean Dice on the validation fold
   * @param bestSingleThreshold the best plain threshold (min area 0) on the validation fold
   * @param bestSingleThresholdScore its validation mean Dice
   * @param submission the submission file
   * @param report the HTML report
   * @param seconds wall-clock duration
   */
  public record Result(double meanDice, int heldOut, double allEmptyBaseline, TripletThreshold best,
      double validationScore, double bestSingleThreshold, double bestSingleThresholdScore, Path submission,
      Path report, double seconds) {

    /** @return the contract line {@code demo: mean Dice D on N held-out images (...)} */
    public String summaryLine() {
      return String.format(Locale.ROOT, "demo: mean Dice %.4f on %d held-out images (all-empty baseline %.4f, "
          + "best triplet %s)", meanDice, heldOut, allEmptyBaseline, best);
    }
  }

  private Demo(DemoSettings settings, Path out, PrintStream console) {
    this.settings = settings;
    this.out = out.toAbsolutePath();
    this.console = console;
  }

  /**
   * Runs the demo.
   *
   * @param settings the knobs
   * @param out the output folder (created; a previous demo there is replaced)
   * @param console where progress goes (standard error in the CLI)
   * @return the scores and files
   */
  public static Result run(DemoSettings settings, Path out, PrintStream console) {
    return new Demo(settings, out, console).run();
  }

  private Result run() {
    long start = System.nanoTime();
    Path data = out.resolve("data");
    Path work = out.resolve("work");
    deleteRecursively(data);
    deleteRecursively(work);
    int s = settings.dicomSize();

    stage("1/6 generating the dataset");
    Path shapes = extractShapes(work);
    SyntheticDataset.Summary synth = SyntheticDataset.builder()
        .train(settings.trainImages()).test(settings.testImages()).size(s).seed(settings.seed())
        .difficulty(settings.difficulty()).shapes(shapes).threads(settings.threads()).progress(console)
        .build().write(data);
    console.printf(Locale.ROOT, "  %d training images (%d positive), %d held-out (%d positive) at %d²%n",
        synth.trainImages(), synth.trainPositives(), synth.testImages(), synth.testPositives(), s);

    stage("2/6 preparing the training cache");
    SiimLabels trainLabels = SiimLabels.read(data.resolve(SyntheticDataset.TRAIN_LABELS), RleCodec.relative(), s, s);
    List<Path> trainFiles = DicomTree.find(data.resolve(SyntheticDataset.TRAIN_DIR));
    Path cache = work.resolve("cache");
    PrepareSummary prepared;
    try (ProgressBar bar = ProgressBar.create("prepare", trainFiles.size(), console)) {
      prepared = CachePreparer.builder().output(cache).size(settings.trainSize()).threads(settings.threads())
          .reader(RadiographReader.builtIn()::read)
          .labels(id -> trainLabels.contains(id) ? trainLabels.annotationMasks(id) : List.of())
          .progress((done, total) -> bar.step())
          .build().prepare(trainFiles, List.of());
    }
    if (!prepared.failures().isEmpty()) {
      throw new PneumoException("the demo cache could not be prepared: " + prepared.describe());
    }

    stage("3/6 training AlbuNet");
    writeTrainingConfig(settings, work);
    FoldResult trained = ExperimentRunner.trainFold(experiment(settings, out), VALIDATION_FOLD, false,
        new ConsoleTrainingProgress(console, false));
    if (trained.bestCheckpoint() == null) {
      throw new PneumoException("training produced no checkpoint (see " + work.resolve("experiment/log") + ")");
    }

    stage("4/6 predicting the validation fold and the held-out images (flip TTA)");
    Map<String, Path> trainDicoms = new HashMap<>();
    trainFiles.forEach(f -> trainDicoms.put(DicomTree.imageId(f), f));
    List<String> validIds = Folds.read(data.resolve(SyntheticDataset.FOLDS)).validationIds(VALIDATION_FOLD);
    MapStore validMaps = MapStore.open(work.resolve("maps/valid"));
    MapStore testMaps = MapStore.open(work.resolve("maps/test"));
    try (DjlSegmentationModel model = DjlSegmentationModel.builder("albunet")
        .ensemble(List.of(trained.bestCheckpoint())).flip(true).inputSize(settings.trainSize())
        .normalization(Normalization.UNIT).build()) {
      FolderInference.Images valid =
          new FolderInference.Images(validIds, id -> RadiographReader.builtIn().read(trainDicoms.get(id)));
      FolderInference.run(model, valid, validMaps, false, n -> ProgressBar.create("infer valid", n, console));
      FolderInference.run(model, FolderInference.Images.dicomFolder(data.resolve(SyntheticDataset.TEST_DIR)),
          testMaps, false, n -> ProgressBar.create("infer test", n, console));
    }

    stage("5/6 searching thresholds on the validation fold");
    ThresholdGrid grid = grid(s);
    SearchResult search = ThresholdSearch.of(grid).search(validIds.size(), i -> ValidationSample.of(
        validIds.get(i), validMaps.read(validIds.get(i)), trainLabels.mask(validIds.get(i))));
    TripletThreshold best = search.best();
    double singleThreshold = 0;
    double singleScore = -1;
    for (double bottom : grid.bottoms()) {
      double score = search.score(new TripletThreshold(grid.tops().get(0), 0, bottom));
      if (score > singleScore) {
        singleScore = score;
        singleThreshold = bottom;
      }
    }
    console.printf(Locale.ROOT, "  best triplet %s: %.4f on %d validation images (best single threshold %.2f: %.4f)%n",
        best, search.bestScore(), validIds.size(), singleThreshold, singleScore);

    stage("6/6 writing and scoring the submission, and the report");
    SubmissionRule rule = new SubmissionRule(best, null, 0, false, s);
    Path submission = out.resolve("submission.csv");
    double meanDice = Submission.of(MapBlend.single(testMaps), data.resolve(SyntheticDataset.SAMPLE_SUBMISSION), rule,
            RleCodec.relative(), submission)
        .scoredAgainst(data.resolve(SyntheticDataset.TEST_LABELS), RleCodec.relative())
        .write().meanDice();
    SiimLabels truth = SiimLabels.read(data.resolve(SyntheticDataset.TEST_LABELS), RleCodec.relative(), s, s);
    int heldOut = truth.imageIds().size();
    double baseline = truth.imageIds().stream().filter(id -> !truth.isPositive(id)).count() / (double) heldOut;

    Result result = new Result(meanDice, heldOut, baseline, best, search.bestScore(), singleThreshold, singleScore,
        submission, out.resolve("report.html"), (System.nanoTime() - start) / 1e9);
    writeReport(result, data, work, trained, search, truth, testMaps, rule);
    stage(null);
    double seconds = (System.nanoTime() - start) / 1e9;
    console.printf(Locale.ROOT, "demo: stage times: %s; total %.0f s%n", String.join(", ", stageTimes), seconds);
    return new Result(meanDice, heldOut, baseline, best, search.bestScore(), singleThreshold, singleScore,
        submission, result.report(), seconds);
  }

  private void stage(@Nullable String what) {
    long now = System.nanoTime();
    if (stageName != null) {
      stageTimes.add(String.format(Locale.ROOT, "%s %.0f s", stageName, (now - stageStart) / 1e9));
    }
    stageStart = now;
    if (what != null) {
      console.println("demo: " + what);
      stageName = what.substring(what.indexOf(' ') + 1).split(" ")[0];
    }
  }

  /** The search grid, with the original's areas (0 … 7,250 px at 1024²) scaled to the image size. */
  static ThresholdGrid grid(int size) {
    double scale = (double) size * size / (1024.0 * 1024.0);
    List<Integer> areas = IntStream.rangeClosed(0, 29).map(i -> (int) Math.round(i * 250 * scale)).distinct()
        .boxed().collect(Collectors.toList());
    return new ThresholdGrid(ThresholdGrid.parseDoubles("0.3:0.95:0.05"), areas,
        ThresholdGrid.parseDoubles("0.1:0.6:0.05"));
  }

  /**
   * The demo's experiment, built in code: AlbuNet from scratch at the training size, validated on fold 0,
   * ComboLoss 3/1/4, Adam with a cosine decay to lr/30, the sliding sampler at a constant rate, a flip and a
   * shift-scale-rotate, and the original's eight validation triplets with their areas scaled from 1024².
   *
   * @param settings the demo's knobs
   * @param out the demo's output folder (absolute)
   * @return the experiment
   */
  static Experiment experiment(DemoSettings settings, Path out) {
    int t = settings.trainSize();
    Path work = out.resolve("work");
    TrainingSettings training = TrainingSettings.builder("albunet_demo", work.resolve("experiment").normalize())
        .epochs(settings.epochs()).earlyStopping(settings.epochs()).topK(3).batchSize(settings.batchSize())
        .validationBatchSize(16).gradientClipping(0.1).learningRate(settings.learningRate()).weightDecay(0.000005)
        .triplets(scaledTriplets(t)).seed(settings.seed()).workers(2).build();
    List<Map<String, Object>> train = List.of(
        Map.of("type", "HorizontalFlip", "p", 0.5),
        Map.of("type", "ShiftScaleRotate", "shift_limit", List.of(-0.0625, 0.0625), "scale_limit", List.of(-0.1, 0.1),
            "rotate_limit", List.of(-15, 15), "p", 0.5),
        Map.of("type", "Resize", "height", t, "width", t));
    return Experiment.builder(training)
        .data(work.resolve("cache").normalize(), out.resolve("data").resolve(SyntheticDataset.FOLDS).normalize(),
            List.of(VALIDATION_FOLD))
        .architecture("albunet")
        .loss(new LossWeights(3, 1, 4))
        .scheduler(new SchedulerSpec.Cosine(settings.epochs(), settings.learningRate() / 30))
        .sampleRate(SlidingSampler.Schedule.constant(settings.sampleRate()))
        .transforms(TransformSpec.of(train, t), TransformSpec.preset("valid_old", t))
        .build();
  }

  /** The original's eight validation triplets, areas scaled from 1024² to the training size (at least 1). */
  private static List<TripletThreshold> scaledTriplets(int size) {
    double scale = (double) size * size / (1024.0 * 1024.0);
    return TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS.stream()
        .map(o -> new TripletThreshold(o.top(), (int) Math.max(1, Math.round(o.minArea() * scale)), o.bottom()))
        .toList();
  }

  /**
   * Writes {@code work/demo-train.yaml}: {@link #experiment} as a config for {@code pneumo train} (the demo
   * itself trains from the experiment built in code; a test checks that this file reads back to it).
   *
   * @param settings the demo's knobs
   * @param work the work folder
   * @return the file
   */
  static Path writeTrainingConfig(DemoSettings settings, Path work) {
    int t = settings.trainSize();
    StringBuilder triplets = new StringBuilder();
    for (TripletThreshold o : scaledTriplets(t)) {
      if (triplets.length() > 0) {
        triplets.append(", ");
      }
      triplets.append(String.format(Locale.ROOT, "[%s, %d, %s]", o.top(), o.minArea(), o.bottom()));
    }
    String yaml = String.format(Locale.ROOT, """
        # Written by `pneumo demo`: AlbuNet from scratch at %1$d², validated on fold 0 of the generated data.
        name: albunet_demo
        output: experiment
        data: {cache: cache, folds_file: ../data/folds.csv, folds: ["0"]}
        model: {architecture: albunet}
        loss: {bce: 3, dice: 1, focal: 4}
        optimizer: {lr: %2$s, weight_decay: 0.000005}
        scheduler: {class: CosineAnnealingLR, args: {T_max: %3$d, eta_min: %4$s}}
        sampler: {rate: %5$s}
        transforms:
          size: %1$d
          train:
            - {type: HorizontalFlip, p: 0.5}
            - {type: ShiftScaleRotate, shift_limit: [-0.0625, 0.0625], scale_limit: [-0.1, 0.1], rotate_limit: [-15, 15], p: 0.5}
            - {type: Resize, height: %1$d, width: %1$d}
          valid: valid_old
        # The original's eight validation triplets, areas scaled from 1024² to %1$d².
        triplets: [%6$s]
        epochs: %3$d
        early_stopping: %3$d
        top_k: 3
        batch_size: %7$d
        validation_batch_size: 16
        gradient_clipping: 0.1
        seed: %8$d
        workers: 2
        """, t, settings.learningRate(), settings.epochs(), settings.learningRate() / 30, settings.sampleRate(),
        triplets, settings.batchSize(), settings.seed());
    Path file = work.resolve("demo-train.yaml");
    AtomicFiles.writeString(file, yaml);
    return file;
  }

  private void writeReport(Result r, Path data, Path work, FoldResult trained, SearchResult search,
      SiimLabels truth, MapStore testMaps, SubmissionRule rule) {
    HtmlReport.Builder report = HtmlReport.builder("pneumo demo")
        .score("held-out mean Dice", String.format(Locale.ROOT, "%.4f on %d images", r.meanDice(), r.heldOut()))
        .score("all-empty baseline", String.format(Locale.ROOT, "%.4f", r.allEmptyBaseline()))
        .score("triplet chosen on fold 0", r.best().toString())
        .score("fold-0 mean Dice (triplet)", String.format(Locale.ROOT, "%.4f", r.validationScore()))
        .score("fold-0 best single threshold", String.format(Locale.ROOT, "%.2f → %.4f", r.bestSingleThreshold(),
            r.bestSingleThresholdScore()))
        .score("training", String.format(Locale.ROOT, "%d epochs, AlbuNet at %d², best epoch %d",
            trained.epochs().size(), settings.trainSize(), trained.bestEpoch()))
        .score("wall-clock", String.format(Locale.ROOT, "%.0f s", r.seconds()));
    Path summary = work.resolve("experiment/checkpoints/fold" + VALIDATION_FOLD + "/summary.csv");
    if (Files.exists(summary)) {
      report.figure("Training", TrainingCurveChart.render(TrainingSummary.read(summary), "AlbuNet, fold 0", 900, 420),
          "Validation mean Dice per epoch: the best triplet and each of the original's eight.");
    }
    report.figure("Threshold search", ThresholdHeatmap.render(search, 900, 480),
        "Mean Dice on fold 0 over the grid (" + search.grid().size() + " triplets); best " + search.best() + ".");
    List<BufferedImage> overlays = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    List<String> ids = new ArrayList<>(truth.positiveIds());
    truth.imageIds().stream().filter(id -> !truth.isPositive(id)).limit(2).forEach(ids::add);
    Map<String, Path> testDicoms = new HashMap<>();
    DicomTree.find(data.resolve(SyntheticDataset.TEST_DIR)).forEach(f -> testDicoms.put(DicomTree.imageId(f), f));
    for (String id : ids.subList(0, Math.min(8, ids.size()))) {
      GreyImage image = Dicom.readGreyImage(testDicoms.get(id));
      ProbabilityMap map = testMaps.read(id).toProbabilityMap();
      Mask predicted = rule.apply(map, 1);
      Mask trueMask = truth.mask(id);
      overlays.add(Overlay.render(image, predicted, trueMask, null));
      captions.add(String.format(Locale.ROOT, "%s… Dice %.3f", id.substring(0, Math.min(16, id.length())),
          io.github.pneumo.metric.Dice.of(predicted, trueMask)));
    }
    report.gallery("Held-out images (orange: predicted, green: truth)", overlays, captions);
    report.build().write(r.report());
  }

  private static Path extractShapes(Path work) {
    Path target = work.resolve(SHAPES_RESOURCE);
    try (InputStream in = Demo.class.getResourceAsStream(SHAPES_RESOURCE)) {
      if (in == null) {
        throw new PneumoException("missing resource " + SHAPES_RESOURCE + " (the SIIM lesion shapes)");
      }
      byte[] bytes = in.readAllBytes();
      AtomicFiles.writeBytes(target, bytes);
      return target;
    } catch (IOException e) {
      throw new PneumoException("cannot extract the lesion shapes: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new PneumoException("cannot clear " + dir + ": " + e.getMessage(), e);
    }
  }
}
