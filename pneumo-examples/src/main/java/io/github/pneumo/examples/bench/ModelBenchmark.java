package io.github.pneumo.examples.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.TorchWeights;
import io.github.pneumo.examples.cli.Args;
import io.github.pneumo.examples.demo.ThroughputProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * End-to-end timings of a network on the PyTorch engine: one training step (forward, ComboLoss 3/1/4,
 * backward, Adam) and one inference pass, plus the resident set size across many training steps.
 * Prints one line per measurement; {@code pneumo-examples/bench/model-benchmark.sh} runs it next to the
 * same model in PyTorch eager.
 *
 * <pre>
 * java -cp ... io.github.pneumo.examples.bench.ModelBenchmark --arch albunet --threads 2 \
 *     --train-size 256 --train-batch 2 --infer-size 1024 --warmup 2 --iterations 5 --rss-steps 50
 * </pre>
 *
 * <p>Inference runs with BatchNorm folded into the convolutions, as {@code DjlSegmentationModel} runs it
 * ({@code --no-fold}: without). {@code --parity-dir DIR} writes the weights, the inference input and
 * the logits for the PyTorch side's parity check; {@code --profile FILE} writes libtorch's profile of
 * one inference (Chrome trace format).
 */
public final class ModelBenchmark {

  private ModelBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param argv options, see the class comment
   */
  public static void main(String[] argv) {
    Args a = Args.parse(List.of(argv), Set.of("grad-mode-inference", "no-fold"));
    Architecture arch = Architecture.byName(a.string("arch", "albunet"));
    int threads = a.integer("threads", 2, 1, 256);
    int interop = a.integer("interop-threads", 1, 1, 256);
    int trainSize = a.integer("train-size", 256, 0, 4096);
    int trainBatch = a.integer("train-batch", 2, 1, 64);
    int inferSize = a.integer("infer-size", 1024, 0, 8192);
    int inferBatch = a.integer("infer-batch", 1, 1, 64);
    int warmup = a.integer("warmup", 2, 0, 100);
    int iterations = a.integer("iterations", 5, 1, 1000);
    int rssSteps = a.integer("rss-steps", 50, 0, 100_000);
    int rssSize = a.integer("rss-size", 128, 64, 4096);
    boolean gradModeInference = a.flag("grad-mode-inference");
    Path parityDir = a.path("parity-dir");
    Path profile = a.path("profile");
    Path profileTrain = a.path("profile-train");
    boolean fold = !a.flag("no-fold");
    a.finish();

    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(interop));
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed(42);
    System.out.printf(Locale.ROOT, "engine %s %s, intra-op threads %d, inter-op threads %d%n",
        engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());

    try (Model model = SegmentationNetworks.create(arch, 42)) {
      if (trainSize > 0) {
        ThroughputProbe.TrainingSteps trainer = new ThroughputProbe.TrainingSteps(model);
        double[] ms = new double[iterations];
        double[] cpu = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
          long t0 = System.nanoTime();
          long c0 = cpuNanos();
          trainer.run(trainBatch, trainSize, 0);
          if (i >= 0) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (cpuNanos() - c0) / 1e6;
          }
        }
        if (profileTrain != null) {
          JniUtils.startProfile(false, true, false);
          trainer.run(trainBatch, trainSize, 0);
          JniUtils.stopProfile(profileTrain.toAbsolutePath().toString());
          System.out.printf(Locale.ROOT, "profile of one training step written to %s%n", profileTrain);
        }
        trainer.close();
        report("train", arch, trainBatch, trainSize, ms, cpu);
      }
      if (inferSize > 0) {
        if (fold) {
          // as DjlSegmentationModel does for inference (a later training pass undoes it)
          SegmentationNetworks.network(model).foldBatchNorm();
        }
        if (parityDir != null) {
          writeParityFiles(model, parityDir, inferBatch, inferSize);
        }
        double[] ms = new double[iterations];
        double[] cpu = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
          long t0 = System.nanoTime();
          long c0 = cpuNanos();
          ThroughputProbe.infer(model, inferBatch, inferSize, gradModeInference);
          if (i >= 0) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (cpuNanos() - c0) / 1e6;
          }
        }
        report(gradModeInference ? "infer-gradmode" : "infer", arch, inferBatch, inferSize, ms, cpu);
        if (profile != null) {
          JniUtils.startProfile(false, true, false);
          infer(model, inferBatch, inferSize, gradModeInference);
          JniUtils.stopProfile(profile.toAbsolutePath().toString());
          System.out.printf(Locale.ROOT, "profile of one inference written to %s%n", profile);
        }
      }
      if (rssSteps > 0) {
        ThroughputProbe.TrainingSteps trainer = new ThroughputProbe.TrainingSteps(model);
        long[] rss = new long[rssSteps];
        for (int i = 0; i < rssSteps; i++) {
          trainer.run(2, rssSize, 0);
          rss[i] = residentSetKb();
        }
        trainer.close();
        reportRss(arch, rssSize, rss);
      }
    }
  }

  /**
   * Writes what the PyTorch side needs to check that it times the same model: the weights (the
   * original's state_dict as safetensors), the inference input and pneumo's logits on it, as raw
   * little-endian float32 ({@code input.f32}, {@code logits.f32}).
   */
  private static void writeParityFiles(Model model, Path dir, int batch, int size) {
    try {
      Files.createDirectories(dir);
      TorchWeights.save(model, dir.resolve("weights.safetensors"));
      writeFloats(dir.resolve("input.f32"), ThroughputProbe.input(batch, size, 7));
      writeFloats(dir.resolve("logits.f32"), forward(model, batch, size, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    io.github.pneumo.io.AtomicFiles.writeBytes(file, bytes.array());
  }

  private static void infer(Model model, int batch, int size, boolean gradMode) {
    forward(model, batch, size, gradMode);
  }

  private static float[] forward(Model model, int batch, int size, boolean gradMode) {
    try (NDManager step = model.getNDManager().newSubManager()) {
      NDArray x = step.create(ThroughputProbe.input(batch, size, 7), new Shape(batch, 3, size, size));
      if (gradMode) {
        JniUtils.setGradMode(true);
      }
      try {
        NDArray y = model.getBlock().forward(new ParameterStore(step, false), new NDList(x), false)
            .singletonOrThrow();
        return y.toFloatArray();
      } finally {
        JniUtils.setGradMode(false);
      }
    }
  }

  private static void report(String what, Architecture arch, int batch, int size, double[] ms, double[] cpu) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double[] sortedCpu = cpu.clone();
    Arrays.sort(sortedCpu);
    System.out.printf(Locale.ROOT,
        "%s %s batch %d %dx%d: median %.1f ms, min %.1f ms, max %.1f ms (n=%d); process CPU median %.1f ms%n",
        what, arch.id(), batch, size, size, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1],
        ms.length, sortedCpu[sortedCpu.length / 2]);
  }

  /** CPU time of the whole process (all threads, native ones included). */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
  }

  private static void reportRss(Architecture arch, int size, long[] rssKb) {
    List<String> samples = new ArrayList<>();
    for (int i = 0; i < rssKb.length; i += Math.max(1, rssKb.length / 10)) {
      samples.add(String.valueOf(rssKb[i] / 1024));
    }
    int tenth = Math.max(1, rssKb.length / 10);
    long early = rssKb[Math.min(tenth, rssKb.length - 1)];
    long last = rssKb[rssKb.length - 1];
    long max = Arrays.stream(rssKb).max().orElse(0);
    System.out.printf(Locale.ROOT,
        "rss %s batch 2 %dx%d over %d training steps: after step %d %d MB, last %d MB, max %d MB, "
            + "growth after step %d: %+d MB; samples (MB) %s%n",
        arch.id(), size, size, rssKb.length, tenth + 1, early / 1024, last / 1024, max / 1024, tenth + 1,
        (last - early) / 1024, samples);
  }

  private static long residentSetKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
