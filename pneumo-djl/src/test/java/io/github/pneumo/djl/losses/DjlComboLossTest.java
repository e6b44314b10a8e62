package io.github.pneumo.djl.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlComboLossTest {

  private static final Path PARITY = TestData.vendored("fixtures/parity");
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static float[] readF32(String file) throws IOException {
    byte[] bytes = Files.readAllBytes(PARITY.resolve(file));
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  @Test
  void matchesTheOriginalOnTheSharedFixture() throws IOException {
    JsonObject manifest = JsonParser.parseString(Files.readString(PARITY.resolve("manifest.json")))
        .getAsJsonObject().getAsJsonObject("comboloss");
    Shape shape = new Shape(2, 1, 32, 32);
    NDArray logits = manager.create(readF32("comboloss_logits.f32"), shape);
    NDArray targets = manager.create(readF32("comboloss_targets.f32"), shape);
    for (JsonElement r : manifest.getAsJsonArray("results")) {
      JsonObject w = r.getAsJsonObject().getAsJsonObject("weights");
      DjlComboLoss loss = new DjlComboLoss(ComboLoss.builder().bce(w.get("bce").getAsDouble())
          .dice(w.get("dice").getAsDouble()).focal(w.get("focal").getAsDouble()).build());
      NDArray total = loss.evaluate(new NDList(targets), new NDList(logits));
      JsonObject c = r.getAsJsonObject().getAsJsonObject("components");
      assertThat((double) total.getFloat()).isCloseTo(r.getAsJsonObject().get("total").getAsDouble(),
          withinPercentage(1e-3));
      ComboLoss.Result last = loss.lastResult();
      assertThat(last.bce()).isCloseTo(c.get("bce").getAsDouble(), withinPercentage(1e-3));
      assertThat(last.dice()).isCloseTo(c.get("dice").getAsDouble(), withinPercentage(1e-3));
      assertThat(last.focal()).isCloseTo(c.get("focal").getAsDouble(), withinPercentage(1e-3));
      assertThat(last.total()).isEqualTo(total.getFloat());
    }
  }

  @Test
  void matchesTheSpecTestVectors() {
    NDArray logits = manager.create(new float[] {2, -1, 0.5f, -3, -2, 1, 0, 4}, new Shape(2, 1, 2, 2));
    NDArray targets = manager.create(new float[] {1, 0, 1, 0, 0, 0, 0, 1}, new Shape(2, 1, 2, 2));
    DjlComboLoss loss = new DjlComboLoss(ComboLoss.builder().bce(1).dice(1).focal(1).build());
    ComboLoss.Result r = loss.components(logits, targets).toResult();
    assertThat(r.bce()).isCloseTo(0.389293, offset(1e-6));
    assertThat(r.dice()).isCloseTo(0.305004, offset(1e-6));
    assertThat(r.focal()).isCloseTo(0.121139, offset(1e-6));
    assertThat(r.total()).isCloseTo(0.815435, offset(1e-6));
    assertThat(new DjlComboLoss(ComboLoss.builder().bce(3).dice(1).focal(4).build())
        .components(logits, targets).total().getFloat()).isCloseTo(1.957436f, offset(1e-6f));
    assertThat(new DjlComboLoss(ComboLoss.builder().bce(2).dice(1).focal(2).build())
        .components(logits, targets).total().getFloat()).isCloseTo(1.325867f, offset(1e-6f));
  }

  @Test
  void agreesWithTheCoreReferenceOnUnseenInputsIncludingSaturatedLogits() {
    Random random = new Random(11);
    for (int trial = 0; trial < 5; trial++) {
      int n = 2 * 24 * 24;
      float[] x = new float[n];
      float[] t = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (random.nextGaussian() * (trial == 4 ? 12 : 3));
        t[i] = random.nextInt(3) == 0 ? 1 : 0;
      }
      ComboLoss spec = ComboLoss.builder().bce(1 + trial).dice(0.5).focal(4 - trial * 0.5)
          .focalGamma(trial == 2 ? 1.5 : 2).build();
      ComboLoss.Result expected = spec.evaluate(x, t);
      ComboLoss.Result actual = new DjlComboLoss(spec)
          .components(manager.create(x, new Shape(2, 1, 24, 24)), manager.create(t, new Shape(2, 1, 24, 24)))
          .toResult();
      // Trial 4 has logits up to ±50: there float32's 1 − sigmoid(x) near 1 carries ~1e-3 relative
      // rounding noise per pixel (in the original too), so only the clamp semantics are compared (1%).
      double percent = trial == 4 ? 1 : 1e-3;
      assertThat(actual.bce()).as("bce, trial %s", trial).isCloseTo(expected.bce(), withinPercentage(1e-3));
      assertThat(actual.dice()).as("dice, trial %s", trial).isCloseTo(expected.dice(), withinPercentage(1e-3));
      assertThat(actual.focal()).as("focal, trial %s", trial).isCloseTo(expected.focal(), withinPercentage(percent));
      assertThat(actual.total()).as("total, trial %s", trial).isCloseTo(expected.total(), withinPercentage(percent));
    }
  }

  @Test
  void totalIsClampedBelowAndGradientsMatchFiniteDifferences() {
    DjlComboLoss loss = new DjlComboLoss(ComboLoss.builder().bce(3).dice(1).focal(4).build());
    NDArray perfect = manager.create(new float[] {40, -40, 40, -40}, new Shape(1, 1, 2, 2));
    NDArray perfectTargets = manager.create(new float[] {1, 0, 1, 0}, new Shape(1, 1, 2, 2));
    assertThat(loss.components(perfect, perfectTargets).total().getFloat()).isEqualTo((float) ComboLoss.MIN_TOTAL);

    float[] x = {0.3f, -1.2f, 2.0f, 0.1f, -0.4f, 1.5f};
    float[] t = {1, 0, 1, 0, 0, 1};
    NDArray logits = manager.create(x, new Shape(1, 1, 2, 3));
    logits.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray total = loss.components(logits, manager.create(t, new Shape(1, 1, 2, 3))).total();
      gc.backward(total);
    }
    float[] grad = logits.getGradient().toFloatArray();
    for (int i = 0; i < x.length; i++) {
      double h = 1e-3;
      float[] plus = x.clone();
      float[] minus = x.clone();
      plus[i] += (float) h;
      minus[i] -= (float) h;
      double numeric = (loss.spec().evaluate(plus, t).total() - loss.spec().evaluate(minus, t).total())
          / (plus[i] - minus[i]);
      assertThat((double) grad[i]).as("d total / d x[%s]", i).isCloseTo(numeric, offset(2e-3));
    }
  }
}
