package io.github.pneumo.threshold;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import io.github.pneumo.PneumoException;
import io.github.pneumo.TripletThreshold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A grid of triplets: every combination of a list of tops, a list of minimum areas and a list of bottoms.
 * The flat index of (top i, area j, bottom k) is {@code (i·areas + j)·bottoms + k}, which is also the
 * iteration order (tops outermost, bottoms innermost).
 *
 * @param tops top thresholds, ascending and distinct, in [0, 1]
 * @param areas minimum areas, ascending and distinct, &ge; 0
 * @param bottoms bottom thresholds, ascending and distinct, in [0, 1]; at most {@link #MAX_TRIPLETS}
 *     triplets in all
 */
public record ThresholdGrid(List<Double> tops, List<Integer> areas, List<Double> bottoms) {

  /** Validates and copies the lists. */
  public ThresholdGrid {
    tops = checkAscending(tops, "tops");
    areas = checkAscending(areas, "areas");
    bottoms = checkAscending(bottoms, "bottoms");
    for (double t : tops) {
      Preconditions.checkArgument(t >= 0 && t <= 1, "top %s outside [0, 1]", t);
    }
    for (double b : bottoms) {
      Preconditions.checkArgument(b >= 0 && b <= 1, "bottom %s outside [0, 1]", b);
    }
    for (int a : areas) {
      Preconditions.checkArgument(a >= 0, "area %s is negative", a);
    }
    long n = (long) tops.size() * areas.size() * bottoms.size();
    Preconditions.checkArgument(n <= MAX_TRIPLETS, "the grid has %s tops × %s areas × %s bottoms = %s triplets, "
        + "more than the %s a search holds; use coarser steps", tops.size(), areas.size(), bottoms.size(), n,
        MAX_TRIPLETS);
  }

  /**
   * The largest grid, in triplets (the default grid has 3,630): a search keeps a few numbers per triplet
   * and thread, so this bounds its memory.
   */
  public static final int MAX_TRIPLETS = 1_000_000;

  /**
   * The default grid, 11 tops × 30 areas × 11 bottoms = 3,630 triplets: tops 0.50, 0.55 … 1.00, areas
   * 0, 250 … 7,250, bottoms 0.10, 0.15 … 0.60. It contains all eight of the original's validation
   * triplets.
   *
   * @return the grid
   */
  public static ThresholdGrid defaultGrid() {
    return new ThresholdGrid(parseDoubles("0.5:1.0:0.05"), parseInts("0:7250:250"), parseDoubles("0.1:0.6:0.05"));
  }

  /** @return the number of triplets, at most {@link #MAX_TRIPLETS} */
  public int size() {
    return tops.size() * areas.size() * bottoms.size();
  }

  /**
   * The triplet at a flat index.
   *
   * @param index 0 ≤ index &lt; size()
   * @return the triplet
   */
  public TripletThreshold triplet(int index) {
    Preconditions.checkElementIndex(index, size());
    int k = index % bottoms.size();
    int rest = index / bottoms.size();
    int j = rest % areas.size();
    int i = rest / areas.size();
    return new TripletThreshold(tops.get(i), areas.get(j), bottoms.get(k));
  }

  /**
   * The flat index of a triplet, or -1 when it is not on the grid.
   *
   * @param t the triplet
   * @return the index or -1
   */
  public int indexOf(TripletThreshold t) {
    int i = tops.indexOf(t.top());
    int j = areas.indexOf(t.minArea());
    int k = bottoms.indexOf(t.bottom());
    return i < 0 || j < 0 || k < 0 ? -1 : (i * areas.size() + j) * bottoms.size() + k;
  }

  /**
   * The distinct thresholds of tops and bottoms, as the single-precision values pixels are compared
   * with, ascending.
   *
   * @return the sorted distinct float thresholds
   */
  float[] floatThresholds() {
    TreeSet<Float> set = new TreeSet<>();
    tops.forEach(t -> set.add((float) t.doubleValue()));
    bottoms.forEach(b -> set.add((float) b.doubleValue()));
    float[] out = new float[set.size()];
    int n = 0;
    for (float f : set) {
      out[n++] = f;
    }
    return out;
  }

  /**
   * Parses a list of numbers: comma-separated values ({@code 0.3,0.4}) or an inclusive range {@code
   * start:stop:step} ({@code 0.5:1.0:0.05}), computed in decimal so that the values are exactly those
   * written.
   *
   * @param text the list
   * @return the values, ascending
   * @throws PneumoException if the text is malformed
   */
  public static List<Double> parseDoubles(String text) {
    List<Double> out = new ArrayList<>();
    for (BigDecimal d : parseDecimals(text)) {
      out.add(d.doubleValue());
    }
    return out;
  }

  /**
   * Parses a list of integers, as {@link #parseDoubles(String)}.
   *
   * @param text the list
   * @return the values
   * @throws PneumoException if the text is malformed or a value is not an integer
   */
  public static List<Integer> parseInts(String text) {
    List<Integer> out = new ArrayList<>();
    for (BigDecimal d : parseDecimals(text)) {
      try {
        out.add(d.intValueExact());
      } catch (ArithmeticException e) {
        throw new PneumoException("not an integer: " + d.toPlainString() + " in '" + text + "'");
      }
    }
    return out;
  }

  private static List<BigDecimal> parseDecimals(String text) {
    List<BigDecimal> out = new ArrayList<>();
    try {
      String s = text.trim();
      if (s.contains(":")) {
        String[] parts = s.split(":", -1);
        if (parts.length != 3) {
          throw new PneumoException("range must be start:stop:step, got '" + text + "'");
        }
        BigDecimal start = new BigDecimal(parts[0].trim());
        BigDecimal stop = new BigDecimal(parts[1].trim());
        BigDecimal step = new BigDecimal(parts[2].trim());
        if (step.signum() <= 0 || stop.compareTo(start) < 0) {
          throw new PneumoException("range needs step > 0 and stop >= start, got '" + text + "'");
        }
        for (BigDecimal v = start; v.compareTo(stop) <= 0; v = v.add(step)) {
          out.add(v);
          if (out.size() > 100_000) {
            throw new PneumoException("range '" + text + "' has more than 100,000 values");
          }
        }
      } else {
        for (String part : s.split(",", -1)) {
          out.add(new BigDecimal(part.trim()));
        }
      }
    } catch (NumberFormatException e) {
      throw new PneumoException("not a number list: '" + text + "'", e);
    }
    return out;
  }

  private static <T extends Comparable<T>> List<T> checkAscending(List<T> values, String name) {
    Preconditions.checkArgument(!values.isEmpty(), "%s must not be empty", name);
    for (int i = 1; i < values.size(); i++) {
      Preconditions.checkArgument(values.get(i - 1).compareTo(values.get(i)) < 0,
          "%s must be ascending and distinct: %s", name, values);
    }
    return ImmutableList.copyOf(values);
  }
}
