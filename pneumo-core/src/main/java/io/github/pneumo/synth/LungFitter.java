package io.github.pneumo.synth;

import io.github.pneumo.Mask;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lays out the lung fields so that given lesions sit inside a lung, against its edge: real pneumothorax
 * masks lie along the pleura, so the lung's apex, base and lateral wall are moved to the lesion (with a
 * small margin) and the change is tapered into the neighbouring rows and columns.
 */
final class LungFitter {

  private LungFitter() {}

  /**
   * The two lung fields of an anatomy, fitted to a lesion.
   *
   * @param nominal the anatomy as drawn
   * @param size output size in pixels
   * @param lesions the annotations (empty for none)
   * @return the fitted layout
   */
  static Layout fit(Anatomy nominal, int size, List<Mask> lesions) {
    double k = size / 1024.0;
    Anatomy anatomy = lesions.isEmpty() ? nominal : nominal.withMidX(midline(nominal.midX(), lesions, k));
    byte[] lesion = null;
    if (!lesions.isEmpty()) {
      Mask.Builder u = Mask.builder(size, size);
      lesions.forEach(u::or);
      lesion = u.build().toRowMajor((byte) 1);
    }
    double midPx = anatomy.midX() * k;
    Anatomy.Lung[] lungs = {anatomy.right(), anatomy.left()};
    LungField[] fields = new LungField[2];
    for (int i = 0; i < 2; i++) {
      Anatomy.Lung lung = lungs[i];
      int[] rows = lesion == null ? null : rowExtent(lesion, size, lung.side(), midPx);
      if (rows != null) {
        double span = lung.baseY() - lung.apexY();
        double apex = Math.min(lung.apexY(), rows[0] / k - 0.06 * span);
        double base = Math.max(lung.baseY(), (rows[1] + 1) / k + 0.02 * span);
        lung = lung.withVerticalExtent(apex, base);
      }
      LungField field = LungField.of(lung, anatomy.midX(), size);
      if (rows != null) {
        snap(field, lesion, midPx);
      }
      fields[i] = field;
    }
    return new Layout(anatomy, fields, lesion);
  }

  /**
   * The anatomy after fitting, its two lung fields ({right, left}: image-left first) and the painted
   * lesion pixels (row-major, non-zero = lesion; null when there is no lesion).
   */
  record Layout(Anatomy anatomy, LungField[] lungs, byte @Nullable [] lesion) {}

  /**
   * A midline that keeps each annotation on one side: an annotation whose centre lies left of the
   * nominal midline must end left of it (with room for the mediastinum), and vice versa.
   */
  private static double midline(double nominal, List<Mask> lesions, double k) {
    double low = Double.NEGATIVE_INFINITY;
    double high = Double.POSITIVE_INFINITY;
    double room = 45;
    for (Mask m : lesions) {
      int[] box = columns(m);
      double centre = (box[0] + box[1] + 1) / 2.0 / k;
      if (centre < nominal) {
        low = Math.max(low, (box[1] + 1) / k + room);
      } else {
        high = Math.min(high, box[0] / k - room);
      }
    }
    if (low > high) {
      return (low + high) / 2;
    }
    return Math.max(low, Math.min(high, nominal));
  }

  /** {first, last} column with a set pixel. */
  private static int[] columns(Mask m) {
    int[] box = {Integer.MAX_VALUE, -1};
    m.forEachRun((start, length) -> {
      box[0] = (int) Math.min(box[0], start / m.height());
      box[1] = (int) Math.max(box[1], (start + length - 1) / m.height());
    });
    return box;
  }

  private static boolean onSide(int x, int side, double midPx) {
    return side < 0 ? x + 0.5 < midPx : x + 0.5 >= midPx;
  }

  /** {first row, last row} of the lesion pixels on one side, or null when there are none. */
  private static int @Nullable [] rowExtent(byte[] lesion, int size, int side,
      double midPx) {
    int first = -1;
    int last = -1;
    for (int y = 0; y < size; y++) {
      int row = y * size;
      for (int x = 0; x < size; x++) {
        if (lesion[row + x] != 0 && onSide(x, side, midPx)) {
          if (first < 0) {
            first = y;
          }
          last = y;
          break;
        }
      }
    }
    return first < 0 ? null : new int[] {first, last};
  }

  private static void snap(LungField f, byte[] lesion, double midPx) {
    int size = f.size;
    double margin = Math.max(1, 0.008 * size);
    double[] adjust = new double[size];
    boolean[] defined = new boolean[size];
    double[] inner = new double[size];
    int first = -1;
    int last = -1;
    int[] bottom = new int[size];
    java.util.Arrays.fill(bottom, -1);
    for (int y = 0; y < size; y++) {
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      int row = y * size;
      for (int x = 0; x < size; x++) {
        if (lesion[row + x] != 0 && onSide(x, f.side, midPx)) {
          min = Math.min(min, x);
          max = Math.max(max, x);
          bottom[x] = y;
        }
      }
      if (min > max) {
        continue;
      }
      if (first < 0) {
        first = y;
      }
      last = y;
      double outer = f.side < 0 ? min - margin : max + 1 + margin;
      inner[y] = f.side < 0 ? max + 1 + margin : min - margin;
      if (!(f.hi[y] > f.lo[y])) {
        f.lo[y] = Math.min(outer, inner[y]);
        f.hi[y] = Math.max(outer, inner[y]);
        continue;
      }
      double current = f.lateralEdge(y);
      double delta = outer - current;
      boolean outward = f.side * delta > 0;
      if (outward || Math.abs(delta) < 0.12 * size) {
        adjust[y] = delta;
        defined[y] = true;
      }
    }
    if (first < 0) {
      return;
    }
    fillGaps(adjust, defined, first, last);
    int taper = Math.max(2, (int) Math.round(0.06 * size));
    for (int y = Math.max(0, first - taper); y < Math.min(size, last + taper + 1); y++) {
      double d;
      if (y < first) {
        d = adjust[first] * (1 - (first - y) / (double) taper);
      } else if (y > last) {
        d = adjust[last] * (1 - (y - last) / (double) taper);
      } else {
        d = adjust[y];
      }
      if (!(f.hi[y] > f.lo[y])) {
        continue;
      }
      if (f.side < 0) {
        f.lo[y] = Math.min(f.lo[y] + d, f.hi[y] - 1);
      } else {
        f.hi[y] = Math.max(f.hi[y] + d, f.lo[y] + 1);
      }
    }
    double[] widen = new double[size];
    for (int y = first; y <= last; y++) {
      if (inner[y] == 0 || !(f.hi[y] > f.lo[y])) {
        continue;
      }
      double need = f.side < 0 ? inner[y] - f.hi[y] : f.lo[y] - inner[y];
      if (need <= 0) {
        continue;
      }
      for (int q = Math.max(0, y - taper); q < Math.min(size, y + taper + 1); q++) {
        widen[q] = Math.max(widen[q], need * (1 - Math.abs(q - y) / (double) (taper + 1)));
      }
    }
    for (int y = 0; y < size; y++) {
      if (widen[y] > 0 && f.hi[y] > f.lo[y]) {
        if (f.side < 0) {
          f.hi[y] += widen[y];
        } else {
          f.lo[y] -= widen[y];
        }
      }
    }
    raiseDome(f, bottom, margin);
    for (int y = first; y <= last; y++) {
      int row = y * size;
      for (int x = 0; x < size; x++) {
        if (lesion[row + x] != 0 && onSide(x, f.side, midPx) && !f.contains(x, y)) {
          f.lo[y] = Math.min(f.lo[y], x - margin);
          f.hi[y] = Math.max(f.hi[y], x + 1 + margin);
          f.dome[x] = Math.max(f.dome[x], y + 1 + margin);
        }
      }
    }
  }

  /** Linear interpolation of the adjustment over rows where the lesion is absent or was not snapped. */
  private static void fillGaps(double[] adjust, boolean[] defined, int first, int last) {
    int prev = -1;
    for (int y = first; y <= last; y++) {
      if (!defined[y]) {
        continue;
      }
      if (prev >= 0 && y - prev > 1) {
        for (int g = prev + 1; g < y; g++) {
          double t = (g - prev) / (double) (y - prev);
          adjust[g] = adjust[prev] * (1 - t) + adjust[y] * t;
        }
      } else if (prev < 0) {
        for (int g = first; g < y; g++) {
          adjust[g] = adjust[y];
        }
      }
      prev = y;
    }
    if (prev >= 0) {
      for (int g = prev + 1; g <= last; g++) {
        adjust[g] = adjust[prev];
      }
    }
  }

  /** Lowers the dome under the lesion's columns so it stays inside, as a cone of slope 1. */
  private static void raiseDome(LungField f, int[] bottom, double margin) {
    int size = f.size;
    for (int c = 0; c < size; c++) {
      if (bottom[c] < 0) {
        continue;
      }
      double need = bottom[c] + 1 + margin;
      if (need <= f.dome[c]) {
        continue;
      }
      int reach = (int) Math.ceil(need - f.dome[c]);
      for (int x = Math.max(0, c - reach); x < Math.min(size, c + reach + 1); x++) {
        f.dome[x] = Math.max(f.dome[x], need - Math.abs(x - c));
      }
    }
  }
}
