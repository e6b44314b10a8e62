package io.github.pneumo.training;

import com.google.common.base.Preconditions;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.metric.Dice;
import java.util.List;

/**
 * Accumulates the validation metric of the original (spec §10), per triplet: each image's mask is
 * binarised by the triplet rule and scored with the original's smoothed Dice, {@link Dice#smoothed(long,
 * long, long)} ({@code (2·|b∩t| + 1e-6) / (|b| + |t| + 1e-6)}); the comparisons are in single precision
 * like {@link TripletThreshold}; the result is the <em>exact</em> mean over images (the original's mean of
 * batch means over-weights the last partial batch). The score is the best triplet, the first one winning a
 * tie.
 */
public final class ValidationScores {

  private final List<TripletThreshold> triplets;
  private final double[] sums;
  private int images;

  /**
   * Creates an empty accumulator.
   *
   * @param triplets the triplets to score, at least one
   */
  public ValidationScores(List<TripletThreshold> triplets) {
    Preconditions.checkArgument(!triplets.isEmpty(), "at least one triplet is needed");
    this.triplets = List.copyOf(triplets);
    this.sums = new double[triplets.size()];
  }

  /**
   * Adds one image.
   *
   * @param probabilities the model's probabilities, one per pixel
   * @param target the 0/1 target mask, same length (a value &gt; 0.5 is foreground)
   */
  public void add(float[] probabilities, float[] target) {
    Preconditions.checkArgument(probabilities.length == target.length,
        "probabilities have %s pixels, target %s", probabilities.length, target.length);
    int targetArea = 0;
    for (float t : target) {
      if (t > 0.5f) {
        targetArea++;
      }
    }
    for (int k = 0; k < triplets.size(); k++) {
      TripletThreshold tr = triplets.get(k);
      float top = (float) tr.top();
      float bottom = (float) tr.bottom();
      int above = 0;
      for (float p : probabilities) {
        if (p > top) {
          above++;
        }
      }
      int predicted = 0;
      int intersection = 0;
      if (above >= tr.minArea()) {
        for (int i = 0; i < probabilities.length; i++) {
          if (probabilities[i] > bottom) {
            predicted++;
            if (target[i] > 0.5f) {
              intersection++;
            }
          }
        }
      }
      sums[k] += Dice.smoothed(intersection, predicted, targetArea);
    }
    images++;
  }

  /** @return the number of images added */
  public int images() {
    return images;
  }

  /** @return the mean Dice per triplet, in triplet order */
  public double[] means() {
    Preconditions.checkState(images > 0, "no validation image was scored");
    double[] m = new double[sums.length];
    for (int k = 0; k < m.length; k++) {
      m[k] = sums[k] / images;
    }
    return m;
  }

  /** @return the best mean over triplets (the first one wins a tie) */
  public double best() {
    double[] m = means();
    double best = m[0];
    for (int k = 1; k < m.length; k++) {
      if (m[k] > best) {
        best = m[k];
      }
    }
    return best;
  }
}
