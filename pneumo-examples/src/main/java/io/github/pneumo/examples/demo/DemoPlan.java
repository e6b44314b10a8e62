package io.github.pneumo.examples.demo;

import com.google.common.base.Preconditions;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.synth.SyntheticDataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The size of a demo run — training images (which set the steps per epoch through the sliding sampler), held-out
 * images and epochs — chosen so that the whole run fits a time budget on this machine, from a
 * {@link ThroughputProbe} measurement; or given explicitly, which makes a run reproducible anywhere (the same
 * seed and the same plan give the same result). The cosine learning-rate decay runs over the chosen epochs.
 *
 * <p>The time model: generating and preparing the dataset costs a multiple of the probe's generation time per
 * image; each epoch costs its training steps at the probe's step time and one forward pass per validation image
 * (fold 0, a fifth of the training images); inference costs two forward passes (flip TTA) per validation and
 * held-out image; a fixed remainder (engine start, checkpoints, search, report) is counted in training steps.
 * The factors were calibrated against full runs on the developers' 2-core machine (README).
 *
 * @param settings the demo's knobs with the planned sizes
 * @param stepsPerEpoch training steps per epoch
 * @param predictedSeconds predicted duration of the demo itself (after the probe), or -1 for a given plan
 * @param budgetSeconds the budget for the whole command, or -1 for a given plan
 * @param probe the measurement the plan was sized from, or {@code null} for a given plan
 * @param fits whether the prediction fits the budget (a given plan always "fits")
 */
public record DemoPlan(DemoSettings settings, int stepsPerEpoch, double predictedSeconds, double budgetSeconds,
    ThroughputProbe.@Nullable Throughput probe, boolean fits) {

  /** The default budget of {@code pneumo demo}, in minutes. */
  public static final double DEFAULT_BUDGET_MINUTES = 12;

  /**
   * Share of the remaining budget the plan may fill (the rest, and the 3 minutes between the default 12-min
   * budget and the 15-min promise, absorb timing noise). The factors below were calibrated on a completed run
   * of the slow setting (one core, one thread): stage times against the probe's prediction.
   */
  static final double SAFETY = 0.95;
  /** Generation, DICOM writing and cache preparation, per image, in probe generation times. */
  static final double GENERATE_FACTOR = 1.0;
  /** A training step of the real loop (loader, augmentations, clipping) in probe step times. */
  static final double STEP_FACTOR = 1.15;
  /** Validation per image (forward pass, scores of the eight triplets) in probe forward times. */
  static final double VALIDATION_FACTOR = 1.5;
  /** Inference per image and pass (DICOM read, resize, map writing) in probe forward times. */
  static final double INFERENCE_FACTOR = 1.1;
  /** The fixed remainder in probe step times. */
  static final double FIXED_STEPS = 4;

  private static final int[] TRAIN_CANDIDATES = {1500, 1250, 1000, 800, 600, 400, 250};
  private static final int[] TEST_CANDIDATES = {300, 200, 100};

  /** Validates the values. */
  public DemoPlan {
    Preconditions.checkArgument(stepsPerEpoch >= 1, "steps per epoch must be >= 1");
  }

  /**
   * A plan given explicitly (no probe).
   *
   * @param settings the knobs
   * @return the plan
   */
  public static DemoPlan given(DemoSettings settings) {
    return new DemoPlan(settings, stepsPerEpoch(settings), -1, -1, null, true);
  }

  /**
   * The largest plan that fits the budget, no larger than {@code base} (most training steps, ten held-out
   * images counting as one step; then most training images, then most held-out images); values the user fixed
   * are kept. When nothing fits, the quickest candidate, marked as not fitting.
   *
   * @param base the upper bound (the demo's defaults, with the user's choices)
   * @param train the training images the user fixed, if any
   * @param test the held-out images the user fixed, if any
   * @param epochs the epochs the user fixed, if any
   * @param budgetSeconds the budget for the whole command
   * @param elapsedSeconds time already spent (JVM start, engine load, the probe)
   * @param probe the measurement
   * @return the plan
   */
  public static DemoPlan fit(DemoSettings base, OptionalInt train, OptionalInt test, OptionalInt epochs,
      double budgetSeconds, double elapsedSeconds, ThroughputProbe.Throughput probe) {
    double available = (budgetSeconds - elapsedSeconds) * SAFETY;
    List<DemoPlan> candidates = new ArrayList<>();
    for (int n : candidates(train, TRAIN_CANDIDATES, base.trainImages())) {
      for (int h : candidates(test, TEST_CANDIDATES, base.testImages())) {
        for (int e : epochs.isPresent() ? new int[] {epochs.getAsInt()} : range(base.epochs())) {
          DemoSettings s = base.withImages(n, h).withEpochs(e);
          double predicted = predictSeconds(s, probe);
          candidates.add(new DemoPlan(s, stepsPerEpoch(s), predicted, budgetSeconds, probe, predicted <= available));
        }
      }
    }
    Comparator<DemoPlan> larger = Comparator.comparingDouble(DemoPlan::value)
        .thenComparingInt(p -> p.settings().trainImages()).thenComparingInt(p -> p.settings().testImages());
    Optional<DemoPlan> best = candidates.stream().filter(DemoPlan::fits).max(larger);
    return best.orElseGet(() -> candidates.stream().min(Comparator.comparingDouble(DemoPlan::predictedSeconds))
        .orElseThrow());
  }

  /**
   * Measures this machine with a {@link ThroughputProbe} and fits a plan to what is left of the budget.
   *
   * @param base the upper bound (the demo's defaults, with the user's choices)
   * @param train the training images the user fixed, if any
   * @param test the held-out images the user fixed, if any
   * @param epochs the epochs the user fixed, if any
   * @param budgetSeconds the budget for the whole command
   * @param startNanos {@link System#nanoTime()} when the command started (the JVM's start, ideally)
   * @return the plan
   */
  public static DemoPlan probeAndFit(DemoSettings base, OptionalInt train, OptionalInt test, OptionalInt epochs,
      double budgetSeconds, long startNanos) {
    ThroughputProbe.Throughput probe = ThroughputProbe.measure(base, 2);
    return fit(base, train, test, epochs, budgetSeconds, (System.nanoTime() - startNanos) / 1e9, probe);
  }

  private static int[] candidates(OptionalInt fixed, int[] list, int max) {
    if (fixed.isPresent()) {
      return new int[] {fixed.getAsInt()};
    }
    int[] below = java.util.Arrays.stream(list).filter(v -> v < max).toArray();
    int[] out = new int[below.length + 1];
    out[0] = max;
    System.arraycopy(below, 0, out, 1, below.length);
    return out;
  }

  private static int[] range(int max) {
    int[] out = new int[max];
    for (int i = 0; i < max; i++) {
      out[i] = max - i;
    }
    return out;
  }

  /**
   * The predicted duration of the demo with these settings (after the probe).
   *
   * @param s the knobs
   * @param probe the measurement
   * @return seconds
   */
  static double predictSeconds(DemoSettings s, ThroughputProbe.Throughput probe) {
    double validation = validationImages(s);
    double generate = (s.trainImages() + s.testImages()) * probe.generateSecondsPerImage() * GENERATE_FACTOR;
    double epoch = stepsPerEpoch(s) * probe.trainStepSeconds() * STEP_FACTOR
        + validation * probe.inferSecondsPerImage() * VALIDATION_FACTOR;
    double inference = (validation + s.testImages()) * 2 * probe.inferSecondsPerImage() * INFERENCE_FACTOR;
    return generate + s.epochs() * epoch + inference + FIXED_STEPS * probe.trainStepSeconds();
  }

  /** Fold 0's share of the training images (5 stratified folds). */
  static double validationImages(DemoSettings s) {
    return s.trainImages() / 5.0;
  }

  /**
   * Training steps per epoch: the sliding sampler's epoch over folds 1–4 (every positive once, negatives at the
   * sample rate) in batches, with the generator's share of positive images.
   *
   * @param s the knobs
   * @return steps
   */
  static int stepsPerEpoch(DemoSettings s) {
    int positives = (int) Math.round(SyntheticDataset.SIIM_POSITIVE_RATE * s.trainImages());
    int trainPositives = positives - (int) Math.round(positives / 5.0);
    int trainImages = s.trainImages() - (int) Math.round(validationImages(s));
    boolean[] labels = new boolean[Math.max(trainImages, trainPositives + 1)];
    for (int i = 0; i < Math.max(1, trainPositives); i++) {
      labels[i] = true;
    }
    int epoch = SlidingSampler.builder().labels(labels).rate(s.sampleRate()).seed(0).build().epochSize(0);
    return Math.max(1, (epoch + s.batchSize() - 1) / s.batchSize());
  }

  /**
   * What the planner maximises: the training steps (what the score depends on most), plus one step's worth for
   * every ten held-out images (a larger held-out set makes the final score, and its margin over the all-empty
   * baseline, more reliable).
   */
  double value() {
    return totalSteps() + settings.testImages() / 10.0;
  }

  /** @return epochs × steps per epoch */
  public long totalSteps() {
    return (long) settings.epochs() * stepsPerEpoch;
  }

  /** @return the options that rerun this plan without a probe, e.g. {@code --train 1500 --test 300 --epochs 4} */
  public String options() {
    return String.format(Locale.ROOT, "--train %d --test %d --epochs %d", settings.trainImages(),
        settings.testImages(), settings.epochs());
  }

  /** @return a one-line description of the plan, its prediction and how to rerun it */
  public String describe() {
    String sizes = String.format(Locale.ROOT, "%d training images (%d steps per epoch), %d epoch%s (cosine decay "
        + "over them), %d held-out images", settings.trainImages(), stepsPerEpoch, settings.epochs(),
        settings.epochs() == 1 ? "" : "s", settings.testImages());
    if (probe == null) {
      return "plan (given): " + sizes;
    }
    return String.format(Locale.ROOT, "plan: %s; predicted %.1f min for the demo%s within the %.1f-min budget "
        + "(%s); the same plan again: %s", sizes, predictedSeconds / 60, fits ? "" : " — does NOT fit",
        budgetSeconds / 60, probe.describe(), options());
  }
}
