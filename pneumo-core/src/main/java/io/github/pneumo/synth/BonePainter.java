package io.github.pneumo.synth;

/**
 * Paints the skeleton additively: posterior ribs arching from the spine to the chest wall, fainter
 * anterior ribs descending towards the sternum, the clavicles and the vertebral column. Bone edges
 * (the cortex) are brighter than the middle, as on a radiograph.
 */
final class BonePainter {

  private static final int POSTERIOR_RIBS = 10;
  private static final int ANTERIOR_RIBS = 7;

  private BonePainter() {}

  static void paint(Canvas canvas, Anatomy a) {
    double k = canvas.size / 1024.0;
    for (Anatomy.Lung lung : new Anatomy.Lung[] {a.right(), a.left()}) {
      int side = lung.side();
      double width = lung.lateral() * 1.03;
      for (int i = 0; i < POSTERIOR_RIBS; i++) {
        double y0 = a.firstRibY() + i * a.ribSpacing() * (1 + 0.025 * i);
        double bulge = 0.9 + 0.04 * i;
        Curve rib = u -> y0 - 55 * u + 150 * bulge * u * u * u;
        band(canvas, k, a.midX(), side, width, rib, 0.06, 1.12, 10.5 + 0.25 * i, a.boneLevel());
      }
      for (int i = 0; i < ANTERIOR_RIBS; i++) {
        double lateralY = a.firstRibY() + 95 + i * a.ribSpacing() * 1.15;
        Curve rib = u -> lateralY + 120 * Math.pow(1 - u, 1.3);
        band(canvas, k, a.midX(), side, width, rib, 0.3, 1.0, 9, a.boneLevel() * 0.45);
      }
      double clavicle = a.clavicleY();
      Curve clav = u -> clavicle + 30 - 85 * u + 18 * Math.sin(Math.PI * u);
      band(canvas, k, a.midX(), side, width, clav, 0.1, 0.95, 15, a.boneLevel() * 1.6);
    }
    spine(canvas, a, k);
  }

  /** A curve y(u) in 1024 coordinates, u = distance from the midline / lung width. */
  @FunctionalInterface
  interface Curve {
    double y(double u);
  }

  private static void band(Canvas canvas, double k, double midX, int side, double width, Curve curve,
      double u0, double u1, double halfWidth, double level) {
    int size = canvas.size;
    float[] v = canvas.values;
    double x0 = (midX + side * u0 * width) * k;
    double x1 = (midX + side * u1 * width) * k;
    int from = Math.max(0, (int) Math.floor(Math.min(x0, x1)));
    int to = Math.min(size - 1, (int) Math.ceil(Math.max(x0, x1)));
    double du = 1e-3;
    for (int x = from; x <= to; x++) {
      double u = side * ((x + 0.5) / k - midX) / width;
      if (u < u0 || u > u1) {
        continue;
      }
      double yc = curve.y(u) * k;
      double slope = (curve.y(u + du) - curve.y(u - du)) / (2 * du * width);
      double hw = halfWidth * k * Math.sqrt(1 + slope * slope);
      double fade = smooth((u - u0) / 0.08) * smooth((u1 - u) / 0.1);
      int yFrom = Math.max(0, (int) Math.floor(yc - hw - 1));
      int yTo = Math.min(size - 1, (int) Math.ceil(yc + hw + 1));
      for (int y = yFrom; y <= yTo; y++) {
        double d = Math.abs(y + 0.5 - yc);
        double coverage = Math.max(0, Math.min(1, hw - d + 0.5));
        if (coverage <= 0) {
          continue;
        }
        double r = Math.min(1, d / hw);
        double r2 = r * r;
        v[y * size + x] += (float) (level * fade * coverage * (0.55 + 0.45 * r2 * r2));
      }
    }
  }

  private static void spine(Canvas canvas, Anatomy a, double k) {
    int size = canvas.size;
    float[] v = canvas.values;
    double hw = a.spineHalfWidth() * k;
    double mid = a.midX() * k;
    int from = Math.max(0, (int) Math.floor(mid - hw));
    int to = Math.min(size - 1, (int) Math.ceil(mid + hw));
    double period = a.ribSpacing() * 0.95 * k;
    for (int y = 0; y < size; y++) {
      double phase = ((y + 0.5) - a.firstRibY() * k) / period;
      double c = Math.cos(2 * Math.PI * phase);
      double vertebra = 0.7 + 0.3 * Math.max(0, c) - 0.25 * Math.pow(Math.max(0, -c), 8);
      double fadeIn = smooth((y + 0.5) / (size * 0.05));
      for (int x = from; x <= to; x++) {
        double r = Math.abs(x + 0.5 - mid) / hw;
        if (r >= 1) {
          continue;
        }
        double edge = 0.6 + 0.4 * Math.pow(r, 6);
        v[y * size + x] += (float) (a.boneLevel() * 0.8 * vertebra * edge * fadeIn * Math.min(1, (1 - r) * hw));
      }
    }
  }

  private static double smooth(double t) {
    double c = Math.max(0, Math.min(1, t));
    return c * c * (3 - 2 * c);
  }
}
