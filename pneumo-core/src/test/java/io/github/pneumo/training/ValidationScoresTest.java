package io.github.pneumo.training;

import io.github.pneumo.TripletThreshold;
import io.github.pneumo.metric.Dice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationScoresTest {

  @Test
  void appliesTheTripletRuleAndAveragesExactlyOverImages() {
    // spec §13 triplet vectors: A [0.9,0.8,0.35,0.2], B [0.9,0.1,0.5,0.5]
    float[] a = {0.9f, 0.8f, 0.35f, 0.2f};
    float[] b = {0.9f, 0.1f, 0.5f, 0.5f};
    ValidationScores s = new ValidationScores(List.of(new TripletThreshold(0.75, 2, 0.3), new TripletThreshold(0.75, 1, 0.4)));
    // targets: A's mask is {1,1,1,0} (perfect for the first triplet), B's is {1,0,1,1}
    s.add(a, new float[] {1, 1, 1, 0});
    s.add(b, new float[] {1, 0, 1, 1});
    s.add(new float[] {0.1f, 0.1f, 0.1f, 0.1f}, new float[] {0, 0, 0, 0});
    double eps = Dice.ORIGINAL_EPSILON; // the original's dice_metric, kept so summary.csv carries its numbers
    // triplet 1: A → {1,1,1,0}: dice 1; B → empty vs 3 pixels: eps/(3+eps); empty/empty: 1
    double t1 = (1 + eps / (3 + eps) + 1) / 3;
    // triplet 2: A → {1,1,0,0} vs {1,1,1,0}: (4+eps)/(5+eps); B → {1,0,1,1}: 1; empty/empty: 1
    double t2 = ((4 + eps) / (5 + eps) + 1 + 1) / 3;
    assertThat(s.means()).containsExactly(new double[] {t1, t2}, within(1e-12));
    // bit for bit the sum of Dice.smoothed over the images, in order
    assertThat(s.means()[0]).isEqualTo((Dice.smoothed(3, 3, 3) + Dice.smoothed(0, 0, 3) + Dice.smoothed(0, 0, 0)) / 3);
    assertThat(s.best()).isEqualTo(Math.max(t1, t2));
    assertThat(s.images()).isEqualTo(3);
  }

  @Test
  void exactMeanDiffersFromTheMeanOfBatchMeans() {
    ValidationScores s = new ValidationScores(List.of(new TripletThreshold(0.5, 0, 0.5)));
    s.add(new float[] {1f}, new float[] {1}); // dice 1
    s.add(new float[] {1f}, new float[] {1}); // dice 1
    s.add(new float[] {1f}, new float[] {0}); // dice ~0
    // batches of 2: mean of batch means = (1 + 0)/2 = 0.5; exact = 2/3
    assertThat(s.best()).isCloseTo(2.0 / 3, within(1e-6));
  }

  @Test
  void labelsFormatLikePythonTuples() {
    assertThat(TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS).extracting(TripletThreshold::toString).containsExactly(
        "(0.75, 1000, 0.3)", "(0.75, 1000, 0.4)", "(0.75, 2000, 0.3)", "(0.75, 2000, 0.4)",
        "(0.6, 2000, 0.3)", "(0.6, 2000, 0.4)", "(0.6, 3000, 0.3)", "(0.6, 3000, 0.4)");
  }
}
