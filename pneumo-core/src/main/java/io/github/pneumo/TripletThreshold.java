package io.github.pneumo;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original's triplet binarisation rule (top, minArea, bottom): an image is called empty when fewer
 * than {@code minArea} pixels have a probability strictly greater than {@code top}; otherwise its mask is
 * every pixel with a probability strictly greater than {@code bottom}.
 *
 * <p>Comparisons are made in single precision against the thresholds rounded to {@code float}, as the
 * original compares float32 tensors with Python scalars (which PyTorch and NumPy cast to float32).
 *
 * <p>The textual form is the original's summary.csv column name, a Python tuple such as {@code (0.75,
 * 1000, 0.3)}: see {@link #toString()} and {@link #parse(String)}.
 *
 * @param top the probability a pixel must exceed to count towards the area gate, in [0, 1]
 * @param minArea the number of pixels above {@code top} needed to call the image positive, &ge; 0
 * @param bottom the probability a pixel must exceed to be in the mask of a positive image, in [0, 1]
 */
public record TripletThreshold(double top, int minArea, double bottom) {

  /**
   * The eight triplets the original evaluates on every validation epoch, in its order.
   */
  public static final List<TripletThreshold> ORIGINAL_VALIDATION_TRIPLETS = List.of(
      new TripletThreshold(0.75, 1000, 0.3),
      new TripletThreshold(0.75, 1000, 0.4),
      new TripletThreshold(0.75, 2000, 0.3),
      new TripletThreshold(0.75, 2000, 0.4),
      new TripletThreshold(0.6, 2000, 0.3),
      new TripletThreshold(0.6, 2000, 0.4),
      new TripletThreshold(0.6, 3000, 0.3),
      new TripletThreshold(0.6, 3000, 0.4));

  private static final String NUMBER = "\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*";
  private static final Pattern TUPLE = Pattern.compile("\\(" + NUMBER + "," + NUMBER + "," + NUMBER + "\\)");

  /** Validates the components. */
  public TripletThreshold {
    Preconditions.checkArgument(top >= 0 && top <= 1, "top must be in [0, 1], got %s", top);
    Preconditions.checkArgument(bottom >= 0 && bottom <= 1, "bottom must be in [0, 1], got %s", bottom);
    Preconditions.checkArgument(minArea >= 0, "minArea must be >= 0, got %s", minArea);
  }

  /**
   * Parses the tuple notation {@code (top, minArea, bottom)}, e.g. {@code (0.75, 1000, 0.3)}.
   *
   * @param text the tuple, white space allowed around the numbers
   * @return the triplet
   * @throws PneumoException if the text is not such a tuple or a value is out of range
   */
  public static TripletThreshold parse(String text) {
    Matcher m = TUPLE.matcher(text.trim());
    if (!m.matches()) {
      throw new PneumoException("not a triplet '(top, minArea, bottom)': '" + text + "'");
    }
    double area = Double.parseDouble(m.group(2));
    if (area != Math.rint(area) || area < 0 || area > Integer.MAX_VALUE) {
      throw new PneumoException("triplet area must be a non-negative integer: '" + text + "'");
    }
    try {
      return new TripletThreshold(Double.parseDouble(m.group(1)), (int) area, Double.parseDouble(m.group(3)));
    } catch (IllegalArgumentException e) {
      throw new PneumoException("bad triplet '" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * Whether the image passes the area gate: at least {@code minArea} pixels above {@code top}.
   *
   * @param map the probabilities
   * @return true if the image is called positive
   */
  public boolean isPositive(ProbabilityMap map) {
    if (minArea == 0) {
      return true;
    }
    float t = (float) top;
    int count = 0;
    for (float p : map.values()) {
      if (p > t && ++count >= minArea) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies the rule.
   *
   * @param map the probabilities
   * @return the empty mask when the gate fails, else the mask {@code p > bottom}
   */
  public Mask apply(ProbabilityMap map) {
    if (!isPositive(map)) {
      return Mask.empty(map.width(), map.height());
    }
    return above(map, (float) bottom);
  }

  /**
   * The mask of pixels whose probability is strictly greater than a threshold.
   *
   * @param map the probabilities
   * @param threshold the threshold, compared in single precision
   * @return the mask
   */
  public static Mask above(ProbabilityMap map, float threshold) {
    int w = map.width();
    int h = map.height();
    float[] v = map.values();
    Mask.Builder b = Mask.builder(w, h);
    for (int x = 0; x < w; x++) {
      long base = (long) x * h;
      int runStart = -1;
      for (int y = 0; y < h; y++) {
        boolean on = v[y * w + x] > threshold;
        if (on && runStart < 0) {
          runStart = y;
        } else if (!on && runStart >= 0) {
          b.setRun(base + runStart, y - runStart);
          runStart = -1;
        }
      }
      if (runStart >= 0) {
        b.setRun(base + runStart, h - runStart);
      }
    }
    return b.build();
  }

  /**
   * The original's column name, a Python tuple: {@code (0.75, 1000, 0.3)}; thresholds are written like
   * Python floats (shortest round-trip form, {@code 1.0} for one), the area as an integer.
   *
   * @return the tuple text
   */
  @Override
  public String toString() {
    return "(" + pythonFloat(top) + ", " + minArea + ", " + pythonFloat(bottom) + ")";
  }

  private static String pythonFloat(double d) {
    if (d == Math.rint(d)) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
