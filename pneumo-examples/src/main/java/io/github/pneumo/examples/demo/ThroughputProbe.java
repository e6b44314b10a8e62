package io.github.pneumo.examples.demo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.training.Batch;
import io.github.pneumo.djl.training.CoupledAdam;
import io.github.pneumo.djl.training.TrainingStep;
import io.github.pneumo.djl.onednn.OneDnnGuard;
import io.github.pneumo.synth.ChestRadiographGenerator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A short measurement of this machine's speed on the demo's work, taken before the demo sizes its run: AlbuNet
 * training steps (forward, ComboLoss 3/1/4, backward, Adam) at the demo's batch and training size, inference
 * passes at the validation batch, and synthetic radiographs generated at the DICOM size. Its timings decide the
 * plan only; it never touches the demo's seeds, data or weights (the probe's network is a separate, discarded
 * one), so the same plan gives the same result whatever the probe measured.
 *
 * <p>The training-step and inference helpers are shared with {@code ModelBenchmark}.
 */
public final class ThroughputProbe {

  /** Images per inference batch in the probe (the demo's validation batch). */
  static final int INFER_BATCH = 16;

  /** Timed training steps stop once they have taken this long (at least one is timed). */
  private static final long MAX_STEP_NANOS = 15_000_000_000L;

  private static final Map<String, float[]> INPUTS = new HashMap<>();

  private ThroughputProbe() {}

  /**
   * The measured speeds.
   *
   * @param trainStepSeconds seconds per training step (median of the timed steps)
   * @param inferSecondsPerImage seconds per image for one forward pass (batches of {@value #INFER_BATCH})
   * @param generateSecondsPerImage seconds to generate one synthetic radiograph at the DICOM size
   * @param probeSeconds wall-clock time the probe took
   */
  public record Throughput(double trainStepSeconds, double inferSecondsPerImage, double generateSecondsPerImage,
      double probeSeconds) {

    /** @return a one-line description, e.g. {@code train step 1.62 s, inference 41.3 images/s, ...} */
    public String describe() {
      return String.format(Locale.ROOT, "training step %.2f s, inference %.1f images/s, generation %.1f images/s "
          + "(probe took %.0f s)", trainStepSeconds, 1 / inferSecondsPerImage, 1 / generateSecondsPerImage,
          probeSeconds);
    }
  }

  /**
   * Measures the demo's work at the given settings' training size and batch.
   *
   * @param settings the demo's knobs (training size, batch, DICOM size, seed)
   * @param timedSteps training steps timed after one warm-up step (at least 1; fewer once they take 15 s)
   * @return the speeds
   */
  public static Throughput measure(DemoSettings settings, int timedSteps) {
    long start = System.nanoTime();
    // the probe trains before the demo's trainer does: the same oneDNN check first (a SIGFPE cannot be caught)
    OneDnnGuard.current().checkTraining(Device.cpu());
    double generate = generationSeconds(settings);
    double[] steps = new double[Math.max(1, timedSteps)];
    int timed = 0;
    double infer;
    try (Model model = SegmentationNetworks.create(Architecture.byName("albunet"), settings.seed())) {
      try (TrainingSteps training = new TrainingSteps(model)) {
        training.run(settings.batchSize(), settings.trainSize(), 0);
        long stepsStart = System.nanoTime();
        // on a very slow machine one timed step is enough: the probe's own time comes out of the budget
        while (timed < steps.length && (timed == 0 || System.nanoTime() - stepsStart < MAX_STEP_NANOS)) {
          long t0 = System.nanoTime();
          training.run(settings.batchSize(), settings.trainSize(), 0);
          steps[timed++] = (System.nanoTime() - t0) / 1e9;
        }
      }
      infer(model, INFER_BATCH, settings.trainSize(), false);
      long t0 = System.nanoTime();
      infer(model, INFER_BATCH, settings.trainSize(), false);
      infer = (System.nanoTime() - t0) / 1e9 / INFER_BATCH;
    }
    double[] measured = Arrays.copyOf(steps, timed);
    Arrays.sort(measured);
    return new Throughput(measured[timed / 2], infer, generate, (System.nanoTime() - start) / 1e9);
  }

  /** Seconds per procedural radiograph at the DICOM size (after one warm-up image). */
  private static double generationSeconds(DemoSettings settings) {
    ChestRadiographGenerator generator = ChestRadiographGenerator.builder().size(settings.dicomSize())
        .difficulty(settings.difficulty()).build();
    generator.generate(settings.seed(), 99, 0, true);
    int n = 4;
    long t0 = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      generator.generate(settings.seed(), 99, i, i % 2 == 0);
    }
    return (System.nanoTime() - t0) / 1e9 / n;
  }

  /**
   * The trainer's own training step ({@link TrainingStep}: forward, ComboLoss 3/1/4, backward, coupled-L2
   * Adam at lr 1e-4 without weight decay or clipping, gradients zeroed) on seeded Gaussian input and a fixed
   * band target, as the benchmarks time it.
   */
  public static final class TrainingSteps implements AutoCloseable {

    private final CoupledAdam adam;
    private final TrainingStep step;
    private final Map<String, Double> components = new HashMap<>();

    /**
     * Prepares steps on a model.
     *
     * @param model the network (its parameters get gradients)
     */
    public TrainingSteps(Model model) {
      adam = CoupledAdam.builder().learningRate(1e-4).build(model.getNDManager());
      step = new TrainingStep(model, new DjlComboLoss(ComboLoss.builder().bce(3).dice(1).focal(4).build()), adam, 0);
      step.startEpoch();
    }

    /**
     * One training step.
     *
     * @param batch batch size
     * @param size image side
     * @param seed input seed
     */
    public void run(int batch, int size, long seed) {
      float[] y = new float[batch * size * size];
      for (int i = 0; i < y.length; i++) {
        int row = (i / size) % size;
        int col = i % size;
        y[i] = row > size / 3 && row < size / 2 && col > size / 4 ? 1 : 0;
      }
      step.forwardBackward(new Batch(batch, 3, size, size, input(batch, size, seed), y), components);
      step.update();
    }

    @Override
    public void close() {
      adam.close();
    }
  }

  /**
   * One inference pass on seeded Gaussian input, its output copied to the JVM.
   *
   * @param model the network
   * @param batch batch size
   * @param size image side
   * @param gradMode whether to run with autograd recording on (for comparison)
   */
  public static void infer(Model model, int batch, int size, boolean gradMode) {
    try (NDManager step = model.getNDManager().newSubManager()) {
      NDArray x = step.create(input(batch, size, 7), new Shape(batch, 3, size, size));
      if (gradMode) {
        JniUtils.setGradMode(true);
      }
      try {
        NDArray y = model.getBlock().forward(new ParameterStore(step, false), new NDList(x), false)
            .singletonOrThrow();
        y.toFloatArray();
      } finally {
        JniUtils.setGradMode(false);
      }
    }
  }

  /**
   * Seeded Gaussian input, generated once per shape and seed (outside the timed work after warm-up); the model
   * benchmark times the same inputs.
   *
   * @param batch the batch size
   * @param size the side
   * @param seed the seed
   * @return {@code batch × 3 × size × size} values, shared: do not modify
   */
  public static synchronized float[] input(int batch, int size, long seed) {
    return INPUTS.computeIfAbsent(batch + "x" + size + "s" + seed, k -> gaussian(batch, size, seed));
  }

  private static float[] gaussian(int batch, int size, long seed) {
    Random random = new Random(seed);
    float[] x = new float[batch * 3 * size * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }
}
