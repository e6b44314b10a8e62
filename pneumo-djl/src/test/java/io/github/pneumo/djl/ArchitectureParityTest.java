package io.github.pneumo.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.pneumo.djl.ParityFixtures.Entry;
import io.github.pneumo.djl.models.SegmentationNetwork;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.common.primitives.Longs;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.models.InputSizeException;
import io.github.pneumo.djl.weights.SafeTensorsShapes;
import io.github.pneumo.djl.weights.TorchWeights;
import java.util.Arrays;
import java.util.Random;
import java.nio.FloatBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity of one architecture with the original PyTorch model: parameter count, state_dict names and
 * shapes, closed-form weights (checked against the manifest's sums) and logits on fixture input A.
 * One model instance per class; tests that modify weights run last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ArchitectureParityTest {

  private final String architecture;
  private final long expectedParameterCount;
  protected Model model;
  protected SegmentationNetwork network;

  ArchitectureParityTest(String architecture, long expectedParameterCount) {
    this.architecture = architecture;
    this.expectedParameterCount = expectedParameterCount;
  }

  @BeforeAll
  void createModel() {
    model = SegmentationNetworks.create(architecture);
    network = SegmentationNetworks.network(model);
  }

  @AfterAll
  void closeModel() {
    model.close();
  }

  @Test
  @Order(1)
  void parameterCountIsTheOriginals() {
    long trainable = network.namedParameters().values().stream()
        .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
        .mapToLong(p -> p.getArray().size())
        .sum();
    assertThat(trainable).isEqualTo(expectedParameterCount);
    assertThat(ParityFixtures.model(architecture).get("param_count_excluding_unused_fc").getAsLong())
        .isEqualTo(expectedParameterCount);
  }

  @Test
  @Order(2)
  void everyStateDictEntryIsAddressableByItsTorchName() {
    Map<String, Shape> expected = new LinkedHashMap<>();
    Set<String> canonical = new HashSet<>();
    for (Entry e : ParityFixtures.stateDict(architecture)) {
      if (e.isCanonicalTensor() && !network.unusedStateDictEntries().containsKey(e.name())) {
        expected.put(e.name(), new Shape(e.shape()));
        canonical.add(e.name());
      }
    }
    Map<String, Shape> actual = new LinkedHashMap<>();
    network.namedParameters().forEach((name, p) -> actual.put(name, p.getArray().getShape()));
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);

    // Aliases map to the manifest's alias_of, unused entries are the manifest's.
    Map<String, String> expectedAliases = new LinkedHashMap<>();
    for (Entry e : ParityFixtures.stateDict(architecture)) {
      if (e.aliasOf() != null && !e.kind().equals("num_batches_tracked")) {
        expectedAliases.put(e.name(), e.aliasOf());
      }
    }
    assertThat(network.stateDictAliases()).containsExactlyInAnyOrderEntriesOf(expectedAliases);
    List<String> unused = ParityFixtures.model(architecture).getAsJsonArray("unused_fc_entries")
        .asList().stream().map(j -> j.getAsString()).toList();
    assertThat(network.unusedStateDictEntries().keySet()).containsExactlyInAnyOrderElementsOf(unused);
  }

  @Test
  @Order(3)
  void closedFormWeightsGiveTheOriginalsLogits() {
    fillClosedFormWeights(model);
    float[] logits = logitsOnInputA(model);
    float[] reference = ParityFixtures.readF32(architecture + "_A_logits.f32");
    assertThat(logits).hasSameSizeAs(reference);
    double maxAbsRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < reference.length; i++) {
      maxAbsRef = Math.max(maxAbsRef, Math.abs(reference[i]));
      maxDiff = Math.max(maxDiff, Math.abs(logits[i] - reference[i]));
    }
    System.out.printf("%s parity: max |diff| = %.3g = %.3g x max|reference| (%.4g)%n",
        architecture, maxDiff, maxDiff / maxAbsRef, maxAbsRef);
    assertThat(maxDiff).isLessThanOrEqualTo(1e-4 * maxAbsRef);
  }

  @Test
  @Order(4)
  void batchNormFoldedIntoTheConvolutionsKeepsTheOriginalsLogits() {
    float[] unfolded = logitsOnInputA(model);
    int batchNorms = (int) network.namedParameters().keySet().stream().filter(n -> n.endsWith(".running_var")).count();
    assertThat(network.foldBatchNorm()).isEqualTo(batchNorms);
    float[] folded = logitsOnInputA(model);
    float[] reference = ParityFixtures.readF32(architecture + "_A_logits.f32");
    double maxAbsRef = 0;
    double maxDiff = 0;
    double maxChange = 0;
    for (int i = 0; i < reference.length; i++) {
      maxAbsRef = Math.max(maxAbsRef, Math.abs(reference[i]));
      maxDiff = Math.max(maxDiff, Math.abs(folded[i] - reference[i]));
      maxChange = Math.max(maxChange, Math.abs(folded[i] - unfolded[i]));
    }
    System.out.printf("%s folded BatchNorm parity: max |diff| = %.3g = %.3g x max|reference|; "
        + "max |folded - unfolded| = %.3g%n", architecture, maxDiff, maxDiff / maxAbsRef, maxChange);
    assertThat(maxDiff).isLessThanOrEqualTo(1e-4 * maxAbsRef);
    assertThat(folded).isNotEqualTo(unfolded); // the folded path really ran
    assertThat(network.unfoldBatchNorm()).isEqualTo(batchNorms);
    assertThat(logitsOnInputA(model)).isEqualTo(unfolded);

    // a training pass undoes the folding (its BatchNorm needs batch statistics, and changes the weights)
    network.foldBatchNorm();
    trainingStep(model, 5);
    assertThat(network.unfoldBatchNorm()).isZero();
  }

  @Test
  @Order(5)
  void torchWeightsRoundTripWritesTheOriginalsStateDictAndRestoresTheLogits(@TempDir Path dir) {
    float[] before = logitsOnInputA(model);
    Path file = dir.resolve(architecture + ".safetensors");
    TorchWeights.save(model, file);
    exportForExternalCheck(file);

    Map<String, List<Long>> written = SafeTensorsShapes.of(file);
    Map<String, List<Long>> original = new TreeMap<>();
    ParityFixtures.stateDict(architecture).forEach(e -> original.put(e.name(), Longs.asList(e.shape())));
    assertThat(written).isEqualTo(original);

    try (Model other = SegmentationNetworks.create(Architecture.byName(architecture), 7)) {
      assertThat(logitsOnInputA(other)).isNotEqualTo(before);
      TorchWeights.load(other, file);
      assertThat(logitsOnInputA(other)).isEqualTo(before);
      Map<String, Parameter> loaded = SegmentationNetworks.parameters(other);
      network.namedParameters().forEach((name, p) ->
          assertThat(loaded.get(name).getArray().toFloatArray()).as(name).isEqualTo(p.getArray().toFloatArray()));
    }
  }

  /**
   * With {@code -Dpneumo.parity.export=DIR}, keeps a copy of the saved closed-form weights, e.g. for
   * {@code pneumo-examples/bench/albunet_torch.py --check-weights} (strict loading in PyTorch).
   */
  private static void exportForExternalCheck(Path file) {
    String target = System.getProperty("pneumo.parity.export");
    if (target != null) {
      try {
        Files.createDirectories(Path.of(target));
        Files.copy(file, Path.of(target).resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  @Order(6)
  void rejectsInputsOfTheWrongSizeWithAClearError() {
    int d = network.inputDivisor();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray notMultiple = manager.zeros(new Shape(1, 3, d, d + d / 2));
      assertThatThrownBy(() -> network.forward(ps, new NDList(notMultiple), false))
          .isInstanceOf(InputSizeException.class)
          .isInstanceOf(PneumoException.class)
          .hasMessageContaining(architecture)
          .hasMessageContaining("multiples of " + d)
          .hasMessageContaining(d + "×" + (d + d / 2));
      NDArray grey = manager.zeros(new Shape(1, 1, d, d));
      assertThatThrownBy(() -> network.forward(ps, new NDList(grey), false))
          .isInstanceOf(InputSizeException.class)
          .hasMessageContaining("N×3×H×W");
      assertThat(network.getOutputShapes(new Shape[] {new Shape(2, 3, 2 * d, d)}))
          .containsExactly(new Shape(2, 1, 2 * d, d));
    }
  }

  @Test
  @Order(7)
  void oneTrainingStepChangesEveryTrainableParameterAndKeepsOutputsFinite() {
    Map<String, float[]> before = snapshot(network);
    float[] logits = trainingStep(model, 1);
    for (float v : logits) {
      assertThat(Float.isFinite(v)).as("finite logits").isTrue();
    }
    Map<String, Parameter> params = network.namedParameters();
    List<String> unchanged = before.keySet().stream()
        .filter(name -> Arrays.equals(before.get(name), params.get(name).getArray().toFloatArray()))
        .toList();
    assertThat(unchanged).as("parameters and running statistics left unchanged by a training step").isEmpty();
  }

  /** Copies every parameter and running statistic. */
  static Map<String, float[]> snapshot(SegmentationNetwork network) {
    Map<String, float[]> out = new LinkedHashMap<>();
    network.namedParameters().forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
    return out;
  }

  /**
   * One Adam step (lr 1e-3) with the ComboLoss (3, 1, 4) on a seeded random 2×3×64×64 batch, all
   * arrays in a sub-manager. Returns the training-mode logits.
   */
  static float[] trainingStep(Model model, long seed) {
    Random random = new Random(seed);
    int n = 2 * 3 * 64 * 64;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] y = new float[2 * 64 * 64];
    for (int i = 0; i < y.length; i++) {
      y[i] = (i / 64) % 64 > 20 && (i % 64) > 30 ? 1 : 0;
    }
    DjlComboLoss loss = new DjlComboLoss(ComboLoss.builder().bce(3).dice(1).focal(4).build());
    DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
    try (Trainer trainer = model.newTrainer(config);
        NDManager step = model.getNDManager().newSubManager()) {
      NDArray input = step.create(x, new Shape(2, 3, 64, 64));
      NDArray target = step.create(y, new Shape(2, 1, 64, 64));
      float[] out;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
        out = logits.toFloatArray();
        gc.backward(loss.evaluate(new NDList(target), new NDList(logits)));
      }
      trainer.step();
      assertThat(loss.lastResult()).isNotNull();
      assertThat(Double.isFinite(loss.lastResult().total())).isTrue();
      return out;
    }
  }

  /** Fills every parameter with the closed-form formula, checking the manifest's sum and first value. */
  static void fillClosedFormWeights(Model model) {
    String architecture = SegmentationNetworks.network(model).architecture();
    Map<String, Parameter> params = SegmentationNetworks.parameters(model);
    int filled = 0;
    for (Entry e : ParityFixtures.stateDict(architecture)) {
      if (!e.isCanonicalTensor()) {
        continue;
      }
      float[] values = ParityFixtures.closedForm(e);
      assertThat(values[0]).as("v0 of %s", e.name()).isEqualTo(e.v0());
      assertThat(ParityFixtures.sum(values)).as("sum of %s", e.name())
          .isCloseTo(e.sum(), within(1e-9 * Math.max(1, Math.abs(e.sum()))));
      Parameter p = params.get(e.name());
      if (p == null) {
        assertThat(SegmentationNetworks.network(model).unusedStateDictEntries()).containsKey(e.name());
        continue;
      }
      p.getArray().set(FloatBuffer.wrap(values));
      filled++;
    }
    assertThat(filled).isEqualTo(params.size());
  }

  static float[] logitsOnInputA(Model model) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x = manager.create(ParityFixtures.readF32("A_input.f32"), new Shape(1, 3, 64, 64));
      NDArray y = model.getBlock()
          .forward(new ParameterStore(manager, false), new NDList(x), false)
          .singletonOrThrow();
      assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 64, 64));
      return y.toFloatArray();
    }
  }
}
