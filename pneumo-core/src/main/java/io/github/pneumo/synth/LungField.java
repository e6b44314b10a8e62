package io.github.pneumo.synth;

import java.util.Arrays;

/**
 * One lung field rasterised at the output size: for every row an interval {@code [lo, hi]} of x, and for
 * every column the row of the diaphragm dome below which the lung ends. A pixel (x, y) is inside when
 * {@code lo[y] <= x + 0.5 <= hi[y]} and {@code y + 0.5 < dome[x]}. Mutable while it is fitted to lesions.
 */
final class LungField {

  private static final double CAP = 0.12;

  final int side;
  final int size;
  final double[] lo;
  final double[] hi;
  final double[] dome;
  final double midX;
  /** Parameters in pixels, kept for painters (hilum, dome). */
  final double apexY;
  final double baseY;

  private LungField(int side, int size, double midX, double apexY, double baseY) {
    this.side = side;
    this.size = size;
    this.midX = midX;
    this.apexY = apexY;
    this.baseY = baseY;
    this.lo = new double[size];
    this.hi = new double[size];
    this.dome = new double[size];
    Arrays.fill(lo, 1);
    Arrays.fill(hi, 0);
  }

  /** Rasterises a lung of the anatomy at the given size. */
  static LungField of(Anatomy.Lung lung, double midX1024, int size) {
    double k = size / 1024.0;
    LungField f = new LungField(lung.side(), size, midX1024 * k, lung.apexY() * k, lung.baseY() * k);
    double span = lung.baseY() - lung.apexY();
    double apexDistance = lung.medial() + 0.5 * (0.66 * lung.lateral() - lung.medial());
    for (int y = 0; y < size; y++) {
      double t = ((y + 0.5) / k - lung.apexY()) / span;
      if (t < 0 || t > 1) {
        continue;
      }
      double fullLateral = lung.lateral() * (0.66 + 0.34 * Math.sin(Math.min(1, t / 0.85) * Math.PI / 2));
      double fullMedial = lung.medial() + lung.heart() * Math.exp(-sq((t - 0.8) / 0.22));
      double e = t < CAP ? Math.sqrt(1 - sq(1 - t / CAP)) : 1;
      double lateral = apexDistance + (fullLateral - apexDistance) * e;
      double medial = apexDistance - (apexDistance - fullMedial) * e;
      double a = midX1024 + lung.side() * medial;
      double b = midX1024 + lung.side() * lateral;
      f.lo[y] = Math.min(a, b) * k;
      f.hi[y] = Math.max(a, b) * k;
    }
    double baseLateral = lung.lateral();
    double baseMedial = lung.medial() + lung.heart() * Math.exp(-sq(0.2 / 0.22));
    for (int x = 0; x < size; x++) {
      double d = lung.side() * ((x + 0.5) / k - midX1024);
      double u = Math.max(0, Math.min(1, (d - baseMedial) / (baseLateral - baseMedial)));
      double rise = lung.domeHeight() * Math.max(0, 1 - sq((u - 0.4) / 0.6));
      f.dome[x] = (lung.baseY() - rise) * k;
    }
    return f;
  }

  /** Whether pixel (x, y) lies in the lung field. */
  boolean contains(int x, int y) {
    double cx = x + 0.5;
    return cx >= lo[y] && cx <= hi[y] && y + 0.5 < dome[x];
  }

  /** Distance in pixels from (x, y) to the nearest border of the field (0 outside), approximated. */
  double edgeDistance(int x, int y) {
    double cx = x + 0.5;
    double d = Math.min(cx - lo[y], hi[y] - cx);
    d = Math.min(d, dome[x] - y - 0.5);
    return Math.max(0, d);
  }

  /** The lateral border at row y (the chest wall side). */
  double lateralEdge(int y) {
    return side < 0 ? lo[y] : hi[y];
  }

  /** The medial border at row y (the mediastinum side). */
  double medialEdge(int y) {
    return side < 0 ? hi[y] : lo[y];
  }

  /** The first row with a non-empty interval, or {@code size} if none. */
  int topRow() {
    for (int y = 0; y < size; y++) {
      if (hi[y] > lo[y]) {
        return y;
      }
    }
    return size;
  }

  /** The row at relative height t (0 apex, 1 base). */
  double rowAt(double t) {
    return apexY + t * (baseY - apexY);
  }

  private static double sq(double v) {
    return v * v;
  }
}
