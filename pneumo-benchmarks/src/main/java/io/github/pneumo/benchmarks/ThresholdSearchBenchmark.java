package io.github.pneumo.benchmarks;

import io.github.pneumo.TripletThreshold;
import io.github.pneumo.threshold.NaiveThresholdSearch;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exact threshold grid search (per-image histograms) against the naive per-triplet scan, on 1024² 8-bit
 * maps held in memory. The naive scan is run on the original's 8 triplets only (the full grid would take
 * hours); the histogram search on the same 8 triplets and on the default 3,630-triplet grid.
 *
 * <p>Run: {@code pneumo-benchmarks/run.sh ThresholdSearchBenchmark -f 1 -wi 2 -i 3}. Divide by {@code
 * maps} for the per-map cost and multiply by 2,000 for the target size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ThresholdSearchBenchmark {

  /** Number of 1024² validation maps. */
  @Param({"32"})
  public int maps;

  /** Worker threads of the histogram search. */
  @Param({"2"})
  public int threads;

  private List<ValidationSample> samples;
  private ThresholdGrid original8;
  private ThresholdGrid defaultGrid;

  /** Generates the maps: near-zero background noise, one blob, true masks on 2 of 3 images. */
  @Setup(Level.Trial)
  public void setUp() {
    samples = new ArrayList<>();
    for (int s = 0; s < maps; s++) {
      samples.add(SyntheticMaps.sample(s, 1024));
    }
    List<Double> tops = List.of(0.6, 0.75);
    List<Integer> areas = List.of(1000, 2000, 3000);
    List<Double> bottoms = List.of(0.3, 0.4);
    original8 = new ThresholdGrid(tops, areas, bottoms); // 12 triplets ⊇ the original's 8
    defaultGrid = ThresholdGrid.defaultGrid();
    for (TripletThreshold t : TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS) {
      if (original8.indexOf(t) < 0) {
        throw new IllegalStateException(t.toString());
      }
    }
  }

  /** Histogram search, default grid (3,630 triplets). */
  @Benchmark
  public SearchResult histogramDefaultGrid() {
    return ThresholdSearch.of(defaultGrid, threads).search(samples);
  }

  /** Histogram search, the 12-triplet grid around the original's 8. */
  @Benchmark
  public SearchResult histogramOriginalTriplets() {
    return ThresholdSearch.of(original8, threads).search(samples);
  }

  /** Naive scan (one thread, as it has no parallel version), the same 12 triplets. */
  @Benchmark
  public SearchResult naiveOriginalTriplets() {
    return NaiveThresholdSearch.search(original8, samples);
  }
}
