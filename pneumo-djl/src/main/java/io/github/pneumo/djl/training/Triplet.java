package io.github.pneumo.djl.training;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The original's validation rule (spec §9.1, TripletMaskBinarization): an image is positive when more
 * than {@code minArea - 1} pixels have probability &gt; {@code top}; its mask is then {@code p > bottom}.
 *
 * @param top probability a pixel must exceed to count towards the area gate, in [0, 1]
 * @param minArea pixels above {@code top} needed to call the image positive, &gt;= 0
 * @param bottom probability a pixel must exceed to be in the mask, in [0, 1]
 */
public record Triplet(double top, int minArea, double bottom) {

  /** Checks the ranges. */
  public Triplet {
    Preconditions.checkArgument(top >= 0 && top <= 1, "triplet top must be in [0, 1], got %s", top);
    Preconditions.checkArgument(minArea >= 0, "triplet area must be >= 0, got %s", minArea);
    Preconditions.checkArgument(bottom >= 0 && bottom <= 1, "triplet bottom must be in [0, 1], got %s", bottom);
  }

  /** @return the original's eight validation triplets, in its order */
  public static List<Triplet> originalValidation() {
    return List.of(
        new Triplet(0.75, 1000, 0.3), new Triplet(0.75, 1000, 0.4),
        new Triplet(0.75, 2000, 0.3), new Triplet(0.75, 2000, 0.4),
        new Triplet(0.6, 2000, 0.3), new Triplet(0.6, 2000, 0.4),
        new Triplet(0.6, 3000, 0.3), new Triplet(0.6, 3000, 0.4));
  }

  /** @return the summary.csv column name, as Python prints the tuple: {@code (0.75, 1000, 0.3)} */
  public String label() {
    return "(" + number(top) + ", " + minArea + ", " + number(bottom) + ")";
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%.1f", v) : Double.toString(v);
  }
}
