package io.github.pneumo.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.pneumo.Mask;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiceTest {

  private static Mask rows2x2(int... rowMajor) {
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) rowMajor[i];
    }
    return Mask.fromRowMajor(2, 2, b);
  }

  @Test
  void specVectors() {
    // spec §13: pred {1,0,1,1} vs gt {1,0,0,1} -> 0.8; empty/empty -> 1; empty vs {1,0,0,0} -> 0
    Mask pred = rows2x2(1, 0, 1, 1);
    Mask gt = rows2x2(1, 0, 0, 1);
    Mask empty = rows2x2(0, 0, 0, 0);
    assertThat(Dice.of(pred, gt)).isEqualTo(0.8);
    assertThat(Dice.of(empty, empty)).isEqualTo(1.0);
    assertThat(Dice.of(empty, rows2x2(1, 0, 0, 0))).isEqualTo(0.0);
    assertThat(Dice.of(rows2x2(1, 0, 0, 0), empty)).isEqualTo(0.0);
    // The original's ε = 1e-6 gives 0.6000004; the exact Kaggle mean is 0.6.
    double mean = Dice.mean(List.of(pred, empty, empty), List.of(gt, empty, rows2x2(1, 0, 0, 0)));
    assertThat(mean).isCloseTo(0.6, within(1e-15));
    assertThat(mean).isNotCloseTo(0.6000004, within(1e-8));
  }

  @Test
  void fromCountsAndValidation() {
    assertThat(Dice.fromCounts(0, 0, 0)).isEqualTo(1.0);
    assertThat(Dice.fromCounts(3, 4, 5)).isEqualTo(6.0 / 9);
    assertThat(Dice.fromCounts(0, 4, 0)).isEqualTo(0.0);
    assertThatThrownBy(() -> Dice.fromCounts(5, 4, 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dice.of(Mask.empty(2, 3), Mask.empty(3, 2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dice.mean(List.of(Mask.empty(2, 2)), List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dice.mean(List.of(), List.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void accumulatorIsTheExactMeanWhateverTheBatching() {
    Dice.Accumulator all = Dice.accumulator();
    Dice.Accumulator a = Dice.accumulator();
    Dice.Accumulator b = Dice.accumulator();
    double plainSum = 0;
    for (int i = 0; i < 2137; i++) {
      Mask p = Mask.builder(8, 8).setRun(i % 17, 1 + i % 5).build();
      Mask t = Mask.builder(8, 8).setRun(i % 13, i % 7 == 0 ? 0 : 1 + i % 9).build();
      double d = all.add(p, t);
      assertThat(d).isEqualTo(Dice.of(p, t));
      (i < 1001 ? a : b).add(p, t);
      plainSum += d;
    }
    assertThat(all.count()).isEqualTo(2137);
    assertThat(all.mean()).isCloseTo(plainSum / 2137, within(1e-12));
    assertThat(a.addAll(b).mean()).isCloseTo(all.mean(), within(1e-15));
    // a mean of batch means (the original's, batch 2, last batch partial) differs
    assertThat(Dice.accumulator().addScore(1).addScore(0).addScore(0).mean()).isEqualTo(1.0 / 3);
    assertThatThrownBy(() -> Dice.accumulator().addScore(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dice.accumulator().mean()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void largeMasks() {
    Mask t = Mask.builder(1024, 1024).setRun(500_000, 20_000).build();
    Mask p = Mask.builder(1024, 1024).setRun(510_000, 20_000).build();
    assertThat(Dice.of(p, t)).isEqualTo(2.0 * 10_000 / 40_000);
    assertThat(Dice.of(t, t)).isEqualTo(1.0);
  }

  @Test
  void smoothedIsTheOriginalsDiceMetric() {
    // spec §13: pred {1,0,1,1} vs gt {1,0,0,1} -> 0.8; empty vs empty -> 1
    assertThat(Dice.smoothed(2, 3, 2)).isEqualTo((4 + 1e-6) / (5 + 1e-6));
    assertThat(Dice.smoothed(2, 3, 2)).isCloseTo(0.8, within(1e-7));
    assertThat(Dice.smoothed(0, 0, 0)).isEqualTo(1.0);
    // the one place the two forms differ visibly: an empty prediction of a non-empty truth is eps/(|Y|+eps), not 0
    assertThat(Dice.smoothed(0, 0, 3)).isEqualTo(1e-6 / (3 + 1e-6));
    assertThat(Dice.fromCounts(0, 0, 3)).isEqualTo(0.0);
    assertThat(Math.abs(Dice.smoothed(7, 10, 12) - Dice.fromCounts(7, 10, 12))).isLessThan(1e-6 / 22);
    assertThatThrownBy(() -> Dice.smoothed(3, 2, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
