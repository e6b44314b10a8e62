package io.github.pneumo;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The original's "sliding sample rate" sampler (spec §2.2), with an optional schedule of the rate.
 *
 * <p>The training rows are indexed 0…N−1 (for a fold: the rows of every other fold, in file order). With
 * n_pos positive rows and a positive rate p for the epoch, an epoch holds every positive row once plus
 * n_neg = ⌊n_pos·(1−p)/p⌋ negative rows drawn uniformly <b>with replacement</b>, computed in double
 * precision in that order like the original, all shuffled. So the share of positives is about p.
 *
 * <p>The original keeps p fixed within a run ({@link Schedule#constant}) and slides it by hand between
 * runs (0.8 → 0.6 → 0.4). pneumo can also slide it within a run: {@link Schedule#linear} or
 * {@link Schedule#step}. Rates are rounded to 12 decimals, so a schedule through 0.6 gives exactly the
 * epoch sizes of a run at 0.6.
 *
 * <p><b>Determinism and resume:</b> the epoch's random generator is derived from (seed, epoch) alone, so
 * {@link #epoch(int)} is a pure function: a resumed run needs only the configuration and the index of
 * the next epoch. The draws are not numpy's; the sizes and the distribution are the original's.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SlidingSampler {

  private final int[] positives;
  private final int[] negatives;
  private final int rows;
  private final Schedule schedule;
  private final long seed;

  private SlidingSampler(boolean[] positive, Schedule schedule, long seed) {
    int p = 0;
    for (boolean b : positive) {
      if (b) {
        p++;
      }
    }
    this.positives = new int[p];
    this.negatives = new int[positive.length - p];
    for (int i = 0, a = 0, b = 0; i < positive.length; i++) {
      if (positive[i]) {
        positives[a++] = i;
      } else {
        negatives[b++] = i;
      }
    }
    this.rows = positive.length;
    this.schedule = schedule;
    this.seed = seed;
  }

  /**
   * A builder; labels are required, the rate defaults to the original's first part (0.8) and the seed
   * to 42.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The number of training rows the indices refer to.
   *
   * @return N
   */
  public int rowCount() {
    return rows;
  }

  /**
   * The number of positive rows (all of them are in every epoch).
   *
   * @return n_pos
   */
  public int positiveCount() {
    return positives.length;
  }

  /**
   * The number of negative rows the negatives are drawn from.
   *
   * @return |Q|
   */
  public int negativePoolSize() {
    return negatives.length;
  }

  /**
   * The rate schedule.
   *
   * @return the schedule
   */
  public Schedule schedule() {
    return schedule;
  }

  /**
   * The seed every epoch's generator is derived from.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The positive rate of an epoch.
   *
   * @param epoch 0-based epoch index
   * @return p in (0, 1]
   */
  public double rate(int epoch) {
    return schedule.rate(epoch);
  }

  /**
   * The number of negatives drawn in an epoch.
   *
   * @param epoch 0-based epoch index
   * @return ⌊n_pos·(1−p)/p⌋
   */
  public int negativesPerEpoch(int epoch) {
    double p = rate(epoch);
    return (int) Math.floor(positives.length * (1 - p) / p);
  }

  /**
   * The length of an epoch.
   *
   * @param epoch 0-based epoch index
   * @return n_pos + n_neg
   */
  public int epochSize(int epoch) {
    return positives.length + negativesPerEpoch(epoch);
  }

  /**
   * The shuffled row indices of an epoch; the same for the same (seed, epoch), whatever was asked before.
   *
   * @param epoch 0-based epoch index
   * @return indices into the training rows: every positive once, the drawn negatives, shuffled
   * @throws PneumoException if negatives are needed but there are none
   */
  public int[] epoch(int epoch) {
    Preconditions.checkArgument(epoch >= 0, "negative epoch %s", epoch);
    int nNeg = negativesPerEpoch(epoch);
    if (nNeg > 0 && negatives.length == 0) {
      throw new PneumoException("epoch " + epoch + " at positive rate " + rate(epoch) + " needs " + nNeg
          + " negative rows, but the training set has none");
    }
    SplittableRandom random = new SplittableRandom(mix(seed, epoch));
    int[] out = new int[nNeg + positives.length];
    for (int i = 0; i < nNeg; i++) {
      out[i] = negatives[random.nextInt(negatives.length)];
    }
    System.arraycopy(positives, 0, out, nNeg, positives.length);
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** A 64-bit hash of (seed, epoch), so that epochs' generators are unrelated. */
  private static long mix(long seed, int epoch) {
    long z = seed * 0x9E3779B97F4A7C15L + (epoch + 1L) * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "SlidingSampler[" + rows + " rows, " + positives.length + " positive, " + schedule + ", seed " + seed
        + "]";
  }

  private static double round12(double v) {
    return Math.round(v * 1e12) / 1e12;
  }

  private static void checkRate(double p, String what) {
    Preconditions.checkArgument(p > 0 && p <= 1, "%s must be in (0, 1], got %s", what, p);
  }

  /** How the positive rate changes over the epochs of a run. */
  public sealed interface Schedule permits Constant, Linear, Steps {

    /**
     * The rate of an epoch.
     *
     * @param epoch 0-based epoch index, &ge; 0
     * @return p in (0, 1]
     */
    double rate(int epoch);

    /**
     * The original's fixed rate.
     *
     * @param rate p in (0, 1]
     * @return the schedule
     */
    static Schedule constant(double rate) {
      return new Constant(rate);
    }

    /**
     * A rate that moves linearly from {@code start} (epoch 0) to {@code end} (epoch {@code epochs}−1) and
     * stays there.
     *
     * @param start the first epoch's rate
     * @param end the rate from epoch {@code epochs}−1 on
     * @param epochs the number of epochs of the slide, &ge; 2
     * @return the schedule
     */
    static Schedule linear(double start, double end, int epochs) {
      return new Linear(start, end, epochs);
    }

    /**
     * A rate that steps from {@code start} to {@code end} in {@code levels} equally spaced values, each
     * held for ⌈epochs/levels⌉ epochs; the last value stays. {@code step(0.8, 0.4, 30, 3)} is 0.8 for
     * epochs 0–9, 0.6 for 10–19 and 0.4 from 20 on — the README's recipe within one run.
     *
     * @param start the first rate
     * @param end the last rate
     * @param epochs the number of epochs over which all levels are visited, &ge; levels
     * @param levels the number of distinct rates, &ge; 2
     * @return the schedule
     */
    static Schedule step(double start, double end, int epochs, int levels) {
      Preconditions.checkArgument(levels >= 2, "need at least 2 levels, got %s", levels);
      Preconditions.checkArgument(epochs >= levels, "%s epochs cannot hold %s levels", epochs, levels);
      Double[] rates = new Double[levels];
      for (int i = 0; i < levels; i++) {
        rates[i] = round12(start + (end - start) * i / (levels - 1));
      }
      return new Steps((epochs + levels - 1) / levels, List.of(rates));
    }

    /**
     * Explicit steps: {@code rates[i]} for epochs i·epochsPerStep … (i+1)·epochsPerStep−1; the last rate
     * stays.
     *
     * @param epochsPerStep epochs per rate, &ge; 1
     * @param rates the rates, at least one
     * @return the schedule
     */
    static Schedule steps(int epochsPerStep, double... rates) {
      return new Steps(epochsPerStep, Arrays.stream(rates).boxed().toList());
    }
  }

  /**
   * A fixed rate.
   *
   * @param rate p in (0, 1]
   */
  public record Constant(double rate) implements Schedule {
    /**
     * Validates the rate.
     *
     * @param rate p in (0, 1]
     */
    public Constant {
      checkRate(rate, "rate");
    }

    @Override
    public double rate(int epoch) {
      return rate;
    }
  }

  /**
   * A linear slide.
   *
   * @param start rate of epoch 0
   * @param end rate from epoch {@code epochs}−1 on
   * @param epochs length of the slide, &ge; 2
   */
  public record Linear(double start, double end, int epochs) implements Schedule {
    /**
     * Validates the parameters.
     *
     * @param start in (0, 1]
     * @param end in (0, 1]
     * @param epochs &ge; 2
     */
    public Linear {
      checkRate(start, "start rate");
      checkRate(end, "end rate");
      Preconditions.checkArgument(epochs >= 2, "a linear slide needs at least 2 epochs, got %s", epochs);
    }

    @Override
    public double rate(int epoch) {
      Preconditions.checkArgument(epoch >= 0, "negative epoch %s", epoch);
      int e = Math.min(epoch, epochs - 1);
      return round12(start + (end - start) * e / (epochs - 1));
    }
  }

  /**
   * A step schedule.
   *
   * @param epochsPerStep epochs per rate, &ge; 1
   * @param rates the rates in order, each in (0, 1]; the last one stays
   */
  public record Steps(int epochsPerStep, List<Double> rates) implements Schedule {
    /**
     * Validates the parameters.
     *
     * @param epochsPerStep &ge; 1
     * @param rates at least one, each in (0, 1]
     */
    public Steps {
      Preconditions.checkArgument(epochsPerStep >= 1, "epochsPerStep must be >= 1, got %s", epochsPerStep);
      rates = List.copyOf(rates);
      Preconditions.checkArgument(!rates.isEmpty(), "no rates");
      for (double r : rates) {
        checkRate(r, "rate");
      }
    }

    @Override
    public double rate(int epoch) {
      Preconditions.checkArgument(epoch >= 0, "negative epoch %s", epoch);
      return rates.get(Math.min(epoch / epochsPerStep, rates.size() - 1));
    }
  }

  /** Builder of a {@link SlidingSampler}. */
  public static final class Builder {
    private boolean[] labels = new boolean[0];
    private boolean labelsSet;
    private Schedule schedule = Schedule.constant(0.8);
    private long seed = 42;

    private Builder() {}

    /**
     * The training rows: whether each is positive (has a non-empty mask), in dataset order.
     *
     * @param positive one flag per training row
     * @return this builder
     */
    public Builder labels(boolean... positive) {
      this.labels = positive.clone();
      this.labelsSet = true;
      return this;
    }

    /**
     * A fixed positive rate (the original's {@code NON_EMPTY_MASK_PROBA}).
     *
     * @param p in (0, 1]
     * @return this builder
     */
    public Builder rate(double p) {
      this.schedule = Schedule.constant(p);
      return this;
    }

    /**
     * A rate schedule.
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder schedule(Schedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * The seed of the epoch generators.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @return the sampler
     * @throws IllegalStateException if no labels were given or there is no positive row
     */
    public SlidingSampler build() {
      if (!labelsSet) {
        throw new IllegalStateException("SlidingSampler needs the training rows' labels");
      }
      SlidingSampler s = new SlidingSampler(labels, schedule, seed);
      if (s.positiveCount() == 0) {
        throw new IllegalStateException("SlidingSampler needs at least one positive training row (got "
            + labels.length + " rows, none positive)");
      }
      return s;
    }
  }
}
