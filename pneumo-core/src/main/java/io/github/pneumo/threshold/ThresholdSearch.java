package io.github.pneumo.threshold;

import com.google.common.base.Preconditions;
import io.github.pneumo.PneumoException;
import io.github.pneumo.metric.Dice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Exact grid search of triplet thresholds by mean per-image Dice (Kaggle's metric: empty/empty = 1).
 *
 * <p>Each image is read once. Its pixels are binned by how many of the grid's distinct thresholds
 * (tops and bottoms, as floats) they exceed, and the bins are accumulated into "pixels above T[k]" and
 * "true pixels above T[k]" counts. Any triplet (top, area, bottom) is then scored per image in O(1):
 * the image is positive when above[top] ≥ area, and then predicted area = above[bottom], intersection =
 * truthAbove[bottom]. Because the bins are bounded by the very thresholds that are compared, the scores
 * are exact — identical to binarising each map with {@link io.github.pneumo.TripletThreshold#apply} and
 * counting, which {@link NaiveThresholdSearch} does.
 *
 * <p>Images are processed in parallel (one task per image, at most {@code parallelism} in flight, so only
 * that many maps are in memory when they are loaded lazily); the per-triplet sums run in image order,
 * with the compensated summation of {@link Dice.Accumulator}, so the result does not depend on the
 * parallelism and equals a Kaggle score computed with {@link Dice} on the binarised masks. Instances are immutable and thread-safe.
 */
public final class ThresholdSearch {
  private final ThresholdGrid grid;
  private final int parallelism;

  private ThresholdSearch(ThresholdGrid grid, int parallelism) {
    this.grid = grid;
    this.parallelism = parallelism;
  }

  /**
   * A search over a grid using all available processors.
   *
   * @param grid the triplets to score
   * @return the search
   */
  public static ThresholdSearch of(ThresholdGrid grid) {
    return of(grid, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A search over a grid.
   *
   * @param grid the triplets to score
   * @param parallelism number of worker threads, &ge; 1
   * @return the search
   */
  public static ThresholdSearch of(ThresholdGrid grid, int parallelism) {
    Preconditions.checkArgument(parallelism >= 1, "parallelism must be >= 1, got %s", parallelism);
    return new ThresholdSearch(grid, parallelism);
  }

  /**
   * Scores every triplet over samples held in memory.
   *
   * @param samples the validation images, at least one
   * @return the scores
   */
  public SearchResult search(List<ValidationSample> samples) {
    return search(samples.size(), samples::get);
  }

  /**
   * Scores every triplet over lazily loaded samples; {@code loader} is called once per index, from
   * worker threads, and its sample is dropped as soon as it is counted.
   *
   * @param count number of images, at least one
   * @param loader loads sample i, 0 ≤ i &lt; count; must be thread-safe
   * @return the scores
   */
  public SearchResult search(int count, IntFunction<ValidationSample> loader) {
    Preconditions.checkArgument(count > 0, "no validation images");
    float[] thresholds = grid.floatThresholds();
    ImageHistogram[] histograms = new ImageHistogram[count];
    AtomicInteger next = new AtomicInteger();
    int threads = Math.min(parallelism, count);
    if (threads == 1) {
      for (int i = 0; i < count; i++) {
        histograms[i] = ImageHistogram.of(loader.apply(i), thresholds);
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "pneumo-threshold-search");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          futures.add(pool.submit(() -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              histograms[i] = ImageHistogram.of(loader.apply(i), thresholds);
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PneumoException("threshold search interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new PneumoException("threshold search failed: " + c, c);
      } finally {
        pool.shutdownNow();
      }
    }
    return score(histograms, thresholds);
  }

  private SearchResult score(ImageHistogram[] histograms, float[] thresholds) {
    int nt = grid.tops().size();
    int na = grid.areas().size();
    int nb = grid.bottoms().size();
    int[] topIndex = new int[nt];
    for (int i = 0; i < nt; i++) {
      topIndex[i] = indexOf(thresholds, (float) grid.tops().get(i).doubleValue());
    }
    int[] bottomIndex = new int[nb];
    for (int k = 0; k < nb; k++) {
      bottomIndex[k] = indexOf(thresholds, (float) grid.bottoms().get(k).doubleValue());
    }
    int[] areas = grid.areas().stream().mapToInt(Integer::intValue).toArray();
    Dice.Accumulator[] sums = new Dice.Accumulator[grid.size()];
    for (int t = 0; t < sums.length; t++) {
      sums[t] = Dice.accumulator();
    }
    double[] positiveDice = new double[nb];
    for (ImageHistogram h : histograms) {
      double emptyDice = h.truthArea == 0 ? 1.0 : 0.0;
      for (int k = 0; k < nb; k++) {
        int b = bottomIndex[k];
        positiveDice[k] = Dice.fromCounts(h.truthAbove[b], h.above[b], h.truthArea);
      }
      for (int i = 0; i < nt; i++) {
        int countTop = h.above[topIndex[i]];
        for (int j = 0; j < na; j++) {
          int base = (i * na + j) * nb;
          double[] dice = positiveDice;
          boolean empty = countTop < areas[j];
          for (int k = 0; k < nb; k++) {
            sums[base + k].addScore(empty ? emptyDice : dice[k]);
          }
        }
      }
    }
    double[] means = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      means[i] = sums[i].mean();
    }
    return new SearchResult(grid, means, histograms.length);
  }

  private static int indexOf(float[] sorted, float value) {
    int i = java.util.Arrays.binarySearch(sorted, value);
    if (i < 0) {
      throw new IllegalStateException("threshold " + value + " missing from the bins");
    }
    return i;
  }
}
