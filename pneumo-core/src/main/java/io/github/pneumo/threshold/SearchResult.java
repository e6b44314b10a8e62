package io.github.pneumo.threshold;

import com.google.common.base.Preconditions;
import io.github.pneumo.TripletThreshold;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a threshold search: the mean Dice of every triplet of a grid over the same images.
 */
public final class SearchResult {
  private final ThresholdGrid grid;
  private final double[] scores;
  private final int imageCount;
  private final int bestIndex;

  SearchResult(ThresholdGrid grid, double[] scores, int imageCount) {
    Preconditions.checkArgument(scores.length == grid.size(), "one score per triplet");
    this.grid = grid;
    this.scores = scores;
    this.imageCount = imageCount;
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    this.bestIndex = best;
  }

  /** @return the grid searched */
  public ThresholdGrid grid() {
    return grid;
  }

  /** @return the number of images scored */
  public int imageCount() {
    return imageCount;
  }

  /**
   * The best triplet: the highest mean Dice, the first in grid order on a tie.
   *
   * @return the triplet
   */
  public TripletThreshold best() {
    return grid.triplet(bestIndex);
  }

  /** @return the mean Dice of {@link #best()} */
  public double bestScore() {
    return scores[bestIndex];
  }

  /**
   * The mean Dice of a triplet of the grid.
   *
   * @param triplet a triplet on the grid
   * @return its mean Dice over the images
   * @throws IllegalArgumentException if the triplet is not on the grid
   */
  public double score(TripletThreshold triplet) {
    int i = grid.indexOf(triplet);
    Preconditions.checkArgument(i >= 0, "triplet %s is not on the grid", triplet);
    return scores[i];
  }

  /**
   * All scores in grid order (see {@link ThresholdGrid}).
   *
   * @return a copy of the flat score array
   */
  public double[] scores() {
    return scores.clone();
  }

  /**
   * The scores over tops × areas at one bottom, for a heat-map.
   *
   * @param bottomIndex index into {@code grid().bottoms()}
   * @return {@code [top][area]} mean Dice
   */
  public double[][] topAreaSlice(int bottomIndex) {
    int nb = grid.bottoms().size();
    int na = grid.areas().size();
    Preconditions.checkElementIndex(bottomIndex, nb);
    double[][] out = new double[grid.tops().size()][na];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < na; j++) {
        out[i][j] = scores[(i * na + j) * nb + bottomIndex];
      }
    }
    return out;
  }

  /**
   * The n best triplets, best first (grid order on ties).
   *
   * @param n how many
   * @return up to n (triplet, score) pairs
   */
  public List<Scored> top(int n) {
    List<Scored> all = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) {
      all.add(new Scored(grid.triplet(i), scores[i]));
    }
    all.sort(Comparator.comparingDouble(Scored::meanDice).reversed());
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  @Override
  public String toString() {
    return "SearchResult[best=" + best() + ", meanDice=" + bestScore() + ", images=" + imageCount
        + ", triplets=" + scores.length + "]";
  }

  /**
   * A triplet with its score.
   *
   * @param triplet the triplet
   * @param meanDice its mean Dice
   */
  public record Scored(TripletThreshold triplet, double meanDice) {}
}
