package io.github.pneumo.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  /** Feeds scores until the rule says stop; returns the number of epochs run. */
  private static int run(EarlyStopping s, double... scores) {
    for (int e = 0; e < scores.length; e++) {
      s.offer(e, scores[e]);
      if (s.shouldStop(e)) {
        return e + 1;
      }
    }
    return scores.length;
  }

  @Test
  void stopsWhenEpochMinusBestEpochExceedsPatience() {
    EarlyStopping s = new EarlyStopping(2, 0);
    // best at epoch 1; epochs 2, 3 do not improve; after epoch 4 (4 − 1 = 3 > 2) it stops
    assertThat(run(s, 0.4, 0.6, 0.55, 0.6, 0.59, 0.9)).isEqualTo(5);
    assertThat(s.bestEpoch()).isEqualTo(1);
    assertThat(s.bestScore()).isEqualTo(0.6);
  }

  @Test
  void anImprovementResetsTheCount() {
    EarlyStopping s = new EarlyStopping(2, 0);
    assertThat(run(s, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.9)).isEqualTo(7);
    assertThat(s.bestEpoch()).isEqualTo(3);
  }

  @Test
  void anInheritedBestThatIsNeverBeatenStopsAfterPatiencePlusOneEpochs() {
    EarlyStopping s = new EarlyStopping(10, 0.85);
    double[] scores = new double[50];
    java.util.Arrays.fill(scores, 0.84);
    assertThat(run(s, scores)).isEqualTo(11);
    assertThat(s.bestEpoch()).isEqualTo(-1);
  }

  @Test
  void equalScoresDoNotImprove() {
    EarlyStopping s = new EarlyStopping(0, 0.5);
    assertThat(s.offer(0, 0.5)).isFalse();
    assertThat(s.shouldStop(0)).isTrue();
  }
}
