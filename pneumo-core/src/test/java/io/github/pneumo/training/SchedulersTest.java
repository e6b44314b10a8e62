package io.github.pneumo.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SchedulersTest {

  private static List<Double> rates(LearningRateScheduler s, int epochs) {
    List<Double> out = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      out.add(s.learningRate());
      s.step(0.5);
    }
    return out;
  }

  @Test
  void cosineReproducesTheSpecTableAndIsPeriodic() {
    // spec §5: lr0 = 1e-5, eta_min = 1e-7, T_max = 8, epochs 0..8
    String[] table = {"1.0000e-05", "9.6232e-06", "8.5502e-06", "6.9443e-06", "5.0500e-06", "3.1557e-06",
        "1.5498e-06", "4.7680e-07", "1.0000e-07"};
    List<Double> lr = rates(new SchedulerSpec.Cosine(8, 1e-7).create(1e-5), 33);
    for (int e = 0; e <= 8; e++) {
      assertThat(String.format(Locale.ROOT, "%.4e", lr.get(e))).as("epoch %d", e).isEqualTo(table[e]);
    }
    for (int e = 9; e <= 16; e++) {
      assertThat(lr.get(e)).as("epoch %d mirrors %d", e, 16 - e).isCloseTo(lr.get(16 - e), within(1e-18));
    }
    assertThat(lr.get(16)).isCloseTo(1e-5, within(1e-18));
    assertThat(lr.get(32)).isCloseTo(1e-5, within(1e-18));
    assertThat(lr.get(24)).isCloseTo(1e-7, within(1e-18));
  }

  @Test
  void warmRestartsRestartAndDoubleTheCycle() {
    double lr0 = 1e-4;
    double eta = 1e-6;
    List<Double> lr = rates(new SchedulerSpec.WarmRestarts(1, 2, eta).create(lr0), 8);
    double mid = eta + (lr0 - eta) / 2;
    // cycles of length 1, 2, 4: restarts at epochs 0, 1, 3, 7
    assertThat(lr.get(0)).isEqualTo(lr0);
    assertThat(lr.get(1)).isEqualTo(lr0);
    assertThat(lr.get(2)).isCloseTo(mid, within(1e-18));
    assertThat(lr.get(3)).isEqualTo(lr0);
    assertThat(lr.get(4)).isCloseTo(eta + (lr0 - eta) * (1 + Math.cos(Math.PI / 4)) / 2, within(1e-18));
    assertThat(lr.get(5)).isCloseTo(mid, within(1e-18));
    assertThat(lr.get(7)).isEqualTo(lr0);
  }

  @Test
  void plateauDropsAfterThreeConsecutiveNonImprovingValidations() {
    LearningRateScheduler s = SchedulerSpec.Plateau.original().create(1e-4);
    double[] scores = {0.50, 0.60, 0.60, 0.60 * (1 + 5e-8), 0.59, 0.61, 0.61, 0.61, 0.61};
    double[] expectedAfter = {1e-4, 1e-4, 1e-4, 1e-4, 1e-5, 1e-5, 1e-5, 1e-5, 1e-6};
    for (int i = 0; i < scores.length; i++) {
      s.step(scores[i]);
      assertThat(s.learningRate()).as("after validation %d", i).isCloseTo(expectedAfter[i], within(1e-18));
    }
  }

  @Test
  void plateauImprovementIsRelative() {
    ReduceLrOnPlateau s = ReduceLrOnPlateau.original(1e-4);
    s.step(0.8);
    assertThat(s.isImprovement(0.8 * (1 + 2e-7))).isTrue();
    assertThat(s.isImprovement(0.8 * (1 + 0.5e-7))).isFalse();
  }

  @Test
  void plateauClampsAtMinLr() {
    LearningRateScheduler s = SchedulerSpec.Plateau.original().create(1.5e-6);
    List<Double> seen = new ArrayList<>();
    s.step(0.5);
    for (int i = 0; i < 12; i++) {
      s.step(0.1);
      seen.add(s.learningRate());
    }
    // 1.5e-6 -> 1.5e-7 -> max(1.5e-8, 1e-7) = 1e-7, then stays
    assertThat(seen.get(2)).isCloseTo(1.5e-7, within(1e-20));
    assertThat(seen.get(5)).isEqualTo(1e-7);
    assertThat(seen.get(11)).isEqualTo(1e-7);
  }

  @Test
  void plateauCooldownSuspendsCounting() {
    LearningRateScheduler s = new SchedulerSpec.Plateau(0.5, 0, 0, 2, 0, 1e-8).create(1.0);
    s.step(1.0);
    s.step(0.5); // bad -> reduce, cooldown 2
    assertThat(s.learningRate()).isEqualTo(0.5);
    s.step(0.5); // cooldown
    s.step(0.5); // cooldown
    assertThat(s.learningRate()).isEqualTo(0.5);
    s.step(0.5);
    assertThat(s.learningRate()).isEqualTo(0.25);
  }

  @Test
  void stateRoundTripResumesExactly() {
    for (SchedulerSpec spec : List.of(new SchedulerSpec.Constant(), SchedulerSpec.Plateau.original(),
        new SchedulerSpec.Cosine(8, 1e-7), new SchedulerSpec.WarmRestarts(2, 2, 0))) {
      LearningRateScheduler a = spec.create(1e-4);
      double[] scores = {0.1, 0.2, 0.2, 0.2, 0.2, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
      for (int i = 0; i < 5; i++) {
        a.step(scores[i]);
      }
      LearningRateScheduler b = spec.create(1e-4);
      b.restore(a.state());
      for (int i = 5; i < scores.length; i++) {
        a.step(scores[i]);
        b.step(scores[i]);
        assertThat(b.learningRate()).as("%s step %d", spec, i).isEqualTo(a.learningRate());
        assertThat(b.state()).isEqualTo(a.state());
      }
    }
  }

  @Test
  void invalidParametersAreRejected() {
    assertThatThrownBy(() -> new SchedulerSpec.Cosine(0, 0)).hasMessageContaining("T_max");
    assertThatThrownBy(() -> new SchedulerSpec.Plateau(1.5, 2, 0, 0, 0, 0)).hasMessageContaining("factor");
    assertThatThrownBy(() -> SchedulerSpec.Plateau.original().create(1e-4).step(Double.NaN))
        .hasMessageContaining("NaN");
  }
}
