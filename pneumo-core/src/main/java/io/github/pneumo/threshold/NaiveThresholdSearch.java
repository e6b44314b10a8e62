package io.github.pneumo.threshold;

import com.google.common.base.Preconditions;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.metric.Dice;
import java.util.List;

/**
 * The reference search: binarises every map with every triplet ({@link TripletThreshold#apply}) and
 * counts the Dice from the masks, O(triplets × pixels). For tests and benchmarks; use {@link
 * ThresholdSearch} otherwise. Its scores are bit-identical to {@link ThresholdSearch}'s.
 */
public final class NaiveThresholdSearch {
  private NaiveThresholdSearch() {}

  /**
   * Scores every triplet of a grid.
   *
   * @param grid the triplets
   * @param samples the validation images, at least one
   * @return the scores
   */
  public static SearchResult search(ThresholdGrid grid, List<ValidationSample> samples) {
    Preconditions.checkArgument(!samples.isEmpty(), "no validation images");
    ProbabilityMap[] maps = samples.stream().map(ValidationSample::probabilities).toArray(ProbabilityMap[]::new);
    double[] sums = new double[grid.size()];
    for (int t = 0; t < sums.length; t++) {
      TripletThreshold triplet = grid.triplet(t);
      Dice.Accumulator acc = Dice.accumulator();
      for (int s = 0; s < maps.length; s++) {
        acc.add(triplet.apply(maps[s]), samples.get(s).truth());
      }
      sums[t] = acc.mean();
    }
    return new SearchResult(grid, sums, maps.length);
  }
}
