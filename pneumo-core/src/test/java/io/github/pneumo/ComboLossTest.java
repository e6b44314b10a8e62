package io.github.pneumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pneumo.testdata.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComboLossTest {

  private static final Path PARITY =
      TestData.vendored("fixtures/parity");

  static float[] readF32(String file) throws IOException {
    byte[] bytes = Files.readAllBytes(PARITY.resolve(file));
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  @Test
  void matchesTheOriginalOnTheSharedFixtureForEveryWeightSet() throws IOException {
    JsonObject manifest = JsonParser.parseString(Files.readString(PARITY.resolve("manifest.json")))
        .getAsJsonObject().getAsJsonObject("comboloss");
    float[] logits = readF32(manifest.get("logits_file").getAsString());
    float[] targets = readF32(manifest.get("targets_file").getAsString());
    assertThat(logits).hasSize(2 * 32 * 32);
    int checked = 0;
    for (JsonElement r : manifest.getAsJsonArray("results")) {
      JsonObject result = r.getAsJsonObject();
      JsonObject w = result.getAsJsonObject("weights");
      ComboLoss loss = ComboLoss.builder().bce(w.get("bce").getAsDouble()).dice(w.get("dice").getAsDouble())
          .focal(w.get("focal").getAsDouble()).build();
      ComboLoss.Result actual = loss.evaluate(logits, targets);
      JsonObject c = result.getAsJsonObject("components");
      assertThat(actual.total()).isCloseTo(result.get("total").getAsDouble(), withinPercentage(1e-3));
      assertThat(actual.bce()).isCloseTo(c.get("bce").getAsDouble(), withinPercentage(1e-3));
      assertThat(actual.dice()).isCloseTo(c.get("dice").getAsDouble(), withinPercentage(1e-3));
      assertThat(actual.focal()).isCloseTo(c.get("focal").getAsDouble(), withinPercentage(1e-3));
      checked++;
    }
    assertThat(checked).isEqualTo(3);
  }

  /** Spec §13: 2 images, 1 channel, 2×2. */
  @Test
  void matchesTheSpecTestVectors() {
    float[] logits = {2, -1, 0.5f, -3, -2, 1, 0, 4};
    float[] targets = {1, 0, 1, 0, 0, 0, 0, 1};
    ComboLoss.Result r = ComboLoss.builder().bce(1).dice(1).focal(1).build().evaluate(logits, targets);
    assertThat(r.bce()).isCloseTo(0.389293, offset(1e-6));
    assertThat(r.dice()).isCloseTo(0.305004, offset(1e-6));
    assertThat(r.focal()).isCloseTo(0.121139, offset(1e-6));
    assertThat(r.total()).isCloseTo(0.815435, offset(1e-6));
    assertThat(ComboLoss.builder().bce(3).dice(1).focal(4).build().evaluate(logits, targets).total())
        .isCloseTo(1.957436, offset(1e-6));
    assertThat(ComboLoss.builder().bce(2).dice(1).focal(2).build().evaluate(logits, targets).total())
        .isCloseTo(1.325867, offset(1e-6));
  }

  @Test
  void componentsFollowTheirDefinitionsOnRandomInput() {
    Random random = new Random(3);
    float[] x = new float[500];
    float[] t = new float[500];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextGaussian() * 4);
      t[i] = random.nextInt(4) == 0 ? 1 : 0;
    }
    double bce = 0;
    double st = 0;
    double s = 0;
    double ts = 0;
    double focal = 0;
    for (int i = 0; i < x.length; i++) {
      double p = 1 / (1 + Math.exp(-x[i]));
      bce += -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p));
      st += p * t[i];
      s += p;
      ts += t[i];
      // The original clamps float32 tensors: s to [1e-8, 1], targets 1 stay 1, targets 0 become 1e-8.
      double sc = Math.max((float) p, (double) 1e-8f);
      double low = 1e-8f;
      double pt = t[i] == 1 ? sc : (1 - low) * (1 - sc) + low * sc;
      focal += -(1 - pt) * (1 - pt) * Math.log(pt);
    }
    ComboLoss.Result r = ComboLoss.builder().bce(0.5).dice(2).focal(3).build().evaluate(x, t);
    assertThat(r.bce()).isCloseTo(bce / x.length, offset(1e-9));
    assertThat(r.dice()).isCloseTo(1 - (2 * st + 1e-6) / (s + ts + 1e-6), offset(1e-12));
    assertThat(r.focal()).isCloseTo(focal / x.length, offset(1e-12));
    assertThat(r.total()).isCloseTo(0.5 * r.bce() + 2 * r.dice() + 3 * r.focal(), offset(1e-12));
  }

  @Test
  void gammaAndEpsilonAreConfigurableAndTheTotalIsClampedBelow() {
    float[] perfect = {30, -30, 30, -30};
    float[] targets = {1, 0, 1, 0};
    ComboLoss.Result r = ComboLoss.builder().bce(1).focal(1).build().evaluate(perfect, targets);
    assertThat(r.total()).isEqualTo(ComboLoss.MIN_TOTAL);
    ComboLoss gamma0 = ComboLoss.builder().focal(1).focalGamma(0).build();
    assertThat(gamma0.evaluate(new float[] {0.7f}, new float[] {1}).focal())
        .isCloseTo(-Math.log(1 / (1 + Math.exp(-(double) 0.7f))), offset(1e-7));
    ComboLoss bigEps = ComboLoss.builder().dice(1).diceEpsilon(1).build();
    ComboLoss.Result d = bigEps.evaluate(new float[] {0f}, new float[] {0});
    assertThat(d.dice()).isCloseTo(1 - 1 / (0.5 + 1), offset(1e-12));
    assertThat(ComboLoss.builder().dice(1).build().diceEpsilon()).isEqualTo(1e-6);
    assertThat(ComboLoss.builder().dice(1).build().focalGamma()).isEqualTo(2);
  }

  /** A saturated wrong pixel: float32 sigmoid(30) is 1, so p_t is the clamped target 1e-8. */
  @Test
  void focalOfSaturatedWrongPixelsFollowsTheOriginalsFloat32Clamp() {
    ComboLoss focal = ComboLoss.builder().focal(1).build();
    double pt = 1e-8f;
    assertThat(focal.evaluate(new float[] {30}, new float[] {0}).focal())
        .isCloseTo(-(1 - pt) * (1 - pt) * Math.log(pt), offset(1e-9));
    assertThat(focal.evaluate(new float[] {-30}, new float[] {1}).focal())
        .isCloseTo(-(1 - pt) * (1 - pt) * Math.log(pt), offset(1e-9));
  }

  @Test
  void rejectsBadConfigurationAndInput() {
    assertThatThrownBy(() -> ComboLoss.builder().build()).hasMessageContaining("at least one");
    assertThatThrownBy(() -> ComboLoss.builder().bce(-1).build()).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> ComboLoss.builder().dice(1).diceEpsilon(0).build()).hasMessageContaining("epsilon");
    ComboLoss loss = ComboLoss.builder().bce(1).build();
    assertThatThrownBy(() -> loss.evaluate(new float[2], new float[3])).hasMessageContaining("2 logits but 3 targets");
    assertThatThrownBy(() -> loss.evaluate(new float[] {0, Float.NaN}, new float[2]))
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> loss.evaluate(new float[2], new float[] {0, 255}))
        .hasMessageContaining("target 255.0 at index 1");
    assertThatThrownBy(() -> loss.evaluate(new float[0], new float[0])).hasMessageContaining("empty");
  }
}
