package io.github.pneumo.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.maps.QuantizedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdSearchTest {

  /** Random maps with blobs, some with truth, some on threshold values exactly. */
  static List<ValidationSample> randomSamples(int n, int w, int h, long seed, boolean quantized) {
    Random r = new Random(seed);
    float[] specials = {0.3f, 0.4f, 0.5f, 0.75f, (float) 0.6, 0.35f, 1f, 0f};
    List<ValidationSample> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      float[] v = new float[w * h];
      int cx = r.nextInt(w);
      int cy = r.nextInt(h);
      int rad = 1 + r.nextInt(w / 2);
      float peak = r.nextFloat();
      Mask.Builder truth = Mask.builder(w, h);
      boolean positive = r.nextInt(3) > 0;
      int tx = r.nextInt(w);
      int ty = r.nextInt(h);
      int trad = 1 + r.nextInt(w / 3);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double d = Math.hypot(x - cx, y - cy) / rad;
          float p = (float) Math.max(0, peak * (1 - d)) + 0.05f * r.nextFloat();
          if (r.nextInt(20) == 0) {
            p = specials[r.nextInt(specials.length)];
          }
          v[y * w + x] = Math.min(1f, p);
          if (positive && Math.hypot(x - tx, y - ty) < trad) {
            truth.set(x, y);
          }
        }
      }
      ProbabilityMap map = new ProbabilityMap(w, h, v);
      out.add(quantized ? ValidationSample.of("s" + s, QuantizedMap.quantize(map), truth.build())
          : ValidationSample.of("s" + s, map, truth.build()));
    }
    return out;
  }

  private static ThresholdGrid smallGrid() {
    return new ThresholdGrid(ThresholdGrid.parseDoubles("0.3,0.4,0.5,0.6,0.75"),
        ThresholdGrid.parseInts("0:60:5"), ThresholdGrid.parseDoubles("0.1:0.5:0.05"));
  }

  @Test
  void histogramSearchEqualsNaiveScanOnFloatMaps() {
    List<ValidationSample> samples = randomSamples(25, 23, 17, 1, false);
    SearchResult fast = ThresholdSearch.of(smallGrid(), 3).search(samples);
    SearchResult naive = NaiveThresholdSearch.search(smallGrid(), samples);
    assertThat(fast.scores()).containsExactly(naive.scores());
    assertThat(fast.best()).isEqualTo(naive.best());
    assertThat(fast.bestScore()).isEqualTo(naive.bestScore());
    // the scores vary across the grid, so the comparison means something
    assertThat(java.util.Arrays.stream(naive.scores()).distinct().count()).isGreaterThan(20);
  }

  @Test
  void histogramSearchEqualsNaiveScanOnQuantizedMaps() {
    List<ValidationSample> samples = randomSamples(20, 16, 16, 2, true);
    SearchResult fast = ThresholdSearch.of(smallGrid(), 2).search(samples);
    SearchResult naive = NaiveThresholdSearch.search(smallGrid(), samples);
    assertThat(fast.scores()).containsExactly(naive.scores());
  }

  @Test
  void resultDoesNotDependOnParallelism() {
    List<ValidationSample> samples = randomSamples(30, 12, 12, 3, false);
    assertThat(ThresholdSearch.of(smallGrid(), 1).search(samples).scores())
        .containsExactly(ThresholdSearch.of(smallGrid(), 4).search(samples).scores());
  }

  @Test
  void handComputedScores() {
    // image A: truth = pixels 0,1; map 0.9, 0.8, 0.35, 0.2 (row major 2x2)
    // image B: truth empty; map 0.9, 0.1, 0.5, 0.5
    Mask truthA = Mask.builder(2, 2).set(0, 0).set(1, 0).build();
    List<ValidationSample> s = List.of(
        ValidationSample.of("A", new ProbabilityMap(2, 2, new float[] {0.9f, 0.8f, 0.35f, 0.2f}), truthA),
        ValidationSample.of("B", new ProbabilityMap(2, 2, new float[] {0.9f, 0.1f, 0.5f, 0.5f}), Mask.empty(2, 2)));
    ThresholdGrid grid = new ThresholdGrid(List.of(0.75), List.of(1, 2), List.of(0.3, 0.4));
    SearchResult r = ThresholdSearch.of(grid, 1).search(s);
    // (0.75,1,0.3): A pred {0,1,2} dice 2*2/5=0.8; B pred {0,2,3} dice 0 -> 0.4
    assertThat(r.score(new TripletThreshold(0.75, 1, 0.3))).isEqualTo(0.4);
    // (0.75,1,0.4): A pred {0,1} dice 1; B pred 3 px -> 0 -> 0.5
    assertThat(r.score(new TripletThreshold(0.75, 1, 0.4))).isEqualTo(0.5);
    // (0.75,2,0.3): A 0.8; B gated empty -> 1 -> 0.9
    assertThat(r.score(new TripletThreshold(0.75, 2, 0.3))).isEqualTo(0.9);
    assertThat(r.score(new TripletThreshold(0.75, 2, 0.4))).isEqualTo(1.0);
    assertThat(r.best()).isEqualTo(new TripletThreshold(0.75, 2, 0.4));
    assertThat(r.topAreaSlice(1)).isDeepEqualTo(new double[][] {{0.5, 1.0}});
    assertThat(r.top(2)).extracting(SearchResult.Scored::meanDice).containsExactly(1.0, 0.9);
  }

  @Test
  void defaultGridHasTheOriginalTriplets() {
    ThresholdGrid g = ThresholdGrid.defaultGrid();
    assertThat(g.size()).isEqualTo(11 * 30 * 11);
    for (TripletThreshold t : TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS) {
      assertThat(g.indexOf(t)).as(t.toString()).isGreaterThanOrEqualTo(0);
      assertThat(g.triplet(g.indexOf(t))).isEqualTo(t);
    }
  }

  @Test
  void lazyLoaderIsCalledOncePerImage() {
    List<ValidationSample> samples = randomSamples(10, 8, 8, 4, true);
    java.util.concurrent.atomic.AtomicIntegerArray calls = new java.util.concurrent.atomic.AtomicIntegerArray(10);
    SearchResult r = ThresholdSearch.of(smallGrid(), 3).search(10, i -> {
      calls.incrementAndGet(i);
      return samples.get(i);
    });
    for (int i = 0; i < 10; i++) {
      assertThat(calls.get(i)).isEqualTo(1);
    }
    assertThat(r.imageCount()).isEqualTo(10);
  }
}
