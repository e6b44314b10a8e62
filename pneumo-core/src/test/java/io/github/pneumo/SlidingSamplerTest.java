package io.github.pneumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.data.Folds;
import io.github.pneumo.testdata.TestData;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlidingSamplerTest {

  private static Folds folds5;
  private static Folds folds2nd;

  /** The original 5 folds (shared data: the tests using them skip without -Dpneumo.shared.dir). */
  private static synchronized Folds folds5() {
    if (folds5 == null) {
      folds5 = Folds.read(TestData.shared("data/folds/train_folds_5.csv.gz"));
    }
    return folds5;
  }

  /** The original second-stage folds (shared data). */
  private static synchronized Folds folds2nd() {
    if (folds2nd == null) {
      folds2nd = Folds.read(TestData.shared("data/folds/2nd_stage_folds.csv.gz"));
    }
    return folds2nd;
  }

  @Test
  void epochSizesEqualSpecSection11() {
    int[] positives = {1910, 1915, 1895, 1899, 1897};
    double[] rates = {0.8, 0.6, 0.5, 0.4};
    int[][] sizes = {
        {2387, 3183, 3820, 4775}, {2393, 3191, 3830, 4787}, {2368, 3158, 3790, 4737},
        {2373, 3165, 3798, 4747}, {2371, 3161, 3794, 4742}};
    for (int f = 0; f < 5; f++) {
      for (int r = 0; r < rates.length; r++) {
        SlidingSampler s = folds5().slidingSampler(Integer.toString(f)).rate(rates[r]).build();
        assertThat(s.positiveCount()).isEqualTo(positives[f]);
        assertThat(s.epochSize(0)).as("fold %s p %s", f, rates[r]).isEqualTo(sizes[f][r]);
        assertThat(s.epoch(3)).hasSize(sizes[f][r]);
      }
    }
    int[] positives2 = {2200, 2205, 2185, 2189, 2187};
    int[][] sizes2 = {{5500, 4400}, {5512, 4410}, {5462, 4370}, {5472, 4378}, {5467, 4374}};
    for (int f = 0; f < 5; f++) {
      SlidingSampler s04 = folds2nd().slidingSampler(Integer.toString(f)).rate(0.4).build();
      SlidingSampler s05 = folds2nd().slidingSampler(Integer.toString(f)).rate(0.5).build();
      assertThat(s04.positiveCount()).isEqualTo(positives2[f]);
      assertThat(s04.epochSize(0)).isEqualTo(sizes2[f][0]);
      assertThat(s05.epochSize(0)).isEqualTo(sizes2[f][1]);
    }
  }

  @Test
  void everyPositiveOnceAndNegativesOnlyFromTheNegativeRows() {
    boolean[] labels = folds5().trainingPositives("0");
    SlidingSampler s = SlidingSampler.builder().labels(labels).rate(0.4).seed(7).build();
    for (int e = 0; e < 3; e++) {
      int[] epoch = s.epoch(e);
      Map<Integer, Integer> counts = new HashMap<>();
      int neg = 0;
      for (int i : epoch) {
        assertThat(i).isBetween(0, labels.length - 1);
        counts.merge(i, 1, Integer::sum);
        if (!labels[i]) {
          neg++;
        }
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i]) {
          assertThat(counts.get(i)).as("positive %s", i).isEqualTo(1);
        }
      }
      assertThat(neg).isEqualTo(s.negativesPerEpoch(e)).isEqualTo(4775 - 1910);
      // with replacement: 2,865 draws from 6,632 negatives almost surely repeat one
      assertThat(counts.values()).anyMatch(c -> c > 1);
      // shuffled: the positives are spread over the epoch (about 40 % of each half), not appended
      long positivesInFirstHalf = Arrays.stream(epoch, 0, epoch.length / 2).filter(i -> labels[i]).count();
      assertThat(positivesInFirstHalf).isBetween(800L, 1110L);
    }
  }

  @Test
  void deterministicPerSeedAndEpochAndIndependentOfHistory() {
    boolean[] labels = folds5().trainingPositives("2");
    SlidingSampler a = SlidingSampler.builder().labels(labels).rate(0.6).seed(42).build();
    SlidingSampler b = SlidingSampler.builder().labels(labels).rate(0.6).seed(42).build();
    int[] e5 = a.epoch(5);
    a.epoch(0);
    a.epoch(1);
    assertThat(b.epoch(5)).isEqualTo(e5).isEqualTo(a.epoch(5));
    assertThat(a.epoch(4)).isNotEqualTo(e5);
    assertThat(SlidingSampler.builder().labels(labels).rate(0.6).seed(43).build().epoch(5)).isNotEqualTo(e5);
    // different epochs draw different negatives, not a shifted copy
    int[] e6 = a.epoch(6);
    assertThat(Arrays.copyOfRange(e6, 1, 100)).isNotEqualTo(Arrays.copyOfRange(e5, 0, 99));
  }

  @Test
  void schedules() {
    SlidingSampler.Schedule lin = SlidingSampler.Schedule.linear(0.8, 0.4, 5);
    assertThat(new double[] {lin.rate(0), lin.rate(1), lin.rate(2), lin.rate(3), lin.rate(4), lin.rate(50)})
        .containsExactly(0.8, 0.7, 0.6, 0.5, 0.4, 0.4);
    SlidingSampler.Schedule step = SlidingSampler.Schedule.step(0.8, 0.4, 30, 3);
    assertThat(step.rate(0)).isEqualTo(0.8);
    assertThat(step.rate(9)).isEqualTo(0.8);
    assertThat(step.rate(10)).isEqualTo(0.6);
    assertThat(step.rate(19)).isEqualTo(0.6);
    assertThat(step.rate(20)).isEqualTo(0.4);
    assertThat(step.rate(1000)).isEqualTo(0.4);
    assertThat(step).isEqualTo(SlidingSampler.Schedule.steps(10, 0.8, 0.6, 0.4));
    assertThat(SlidingSampler.Schedule.constant(0.5).rate(17)).isEqualTo(0.5);

    // epoch sizes follow the schedule and equal the fixed-rate runs of the original's parts
    SlidingSampler s = folds5().slidingSampler("0").schedule(step).build();
    assertThat(s.epochSize(0)).isEqualTo(2387);
    assertThat(s.epochSize(10)).isEqualTo(3183);
    assertThat(s.epochSize(25)).isEqualTo(4775);
    assertThat(s.epoch(12)).hasSize(3183);
    SlidingSampler l = folds5().slidingSampler("0").schedule(lin).build();
    assertThat(l.epochSize(2)).isEqualTo(3183);
    assertThat(l.epochSize(3)).isEqualTo(3820);
  }

  @Test
  void invalidConfigurations() {
    assertThatThrownBy(() -> SlidingSampler.Schedule.constant(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> SlidingSampler.Schedule.constant(1.2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlidingSampler.Schedule.linear(0.8, 0.4, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlidingSampler.Schedule.step(0.8, 0.4, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlidingSampler.Schedule.steps(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlidingSampler.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SlidingSampler.builder().labels(false, false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("positive");
    SlidingSampler onlyPositives = SlidingSampler.builder().labels(true, true, true).rate(0.5).build();
    assertThatThrownBy(() -> onlyPositives.epoch(0)).isInstanceOf(PneumoException.class).hasMessageContaining("none");
    SlidingSampler all = SlidingSampler.builder().labels(true, false, true).rate(1).build();
    assertThat(all.epoch(0)).containsExactlyInAnyOrder(0, 2);
    assertThatThrownBy(() -> all.epoch(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
