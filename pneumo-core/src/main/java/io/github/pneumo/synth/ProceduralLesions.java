package io.github.pneumo.synth;

import io.github.pneumo.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Procedural pneumothorax shapes: apical caps hugging the apex and upper chest wall, and lateral crescents
 * along the chest wall, thickest in their middle. Every shape lies inside a lung field against its edge.
 * About one case in seven has a second annotation (the other lung or another part of the same lung).
 */
final class ProceduralLesions {

  private ProceduralLesions() {}

  static List<Mask> draw(LungField[] lungs, SplittableRandom rng) {
    List<Mask> out = new ArrayList<>();
    int count = rng.nextDouble() < 0.15 ? 2 : 1;
    LungField first = lungs[rng.nextInt(2)];
    for (int i = 0; i < count; i++) {
      LungField lung = i == 0 || rng.nextBoolean() ? first : (first == lungs[0] ? lungs[1] : lungs[0]);
      for (int attempt = 0; attempt < (i == 0 ? 1000 : 20); attempt++) {
        Mask m = rng.nextDouble() < 0.4 ? apical(lung, rng) : lateral(lung, rng);
        if (!m.isEmpty() && (out.isEmpty() || out.get(0).intersectionArea(m) == 0)) {
          out.add(m);
          break;
        }
      }
    }
    return out;
  }

  private static double lateralDistance(LungField f, int x, int y) {
    return f.side < 0 ? x + 0.5 - f.lo[y] : f.hi[y] - x - 0.5;
  }

  private static Mask lateral(LungField f, SplittableRandom rng) {
    int size = f.size;
    int top = f.topRow();
    double span = f.baseY - top;
    double y0 = top + span * range(rng, 0.08, 0.6);
    double y1 = Math.min(f.baseY, y0 + span * range(rng, 0.15, 0.5));
    double thick = Math.max(2, size * range(rng, 0.012, 0.07));
    Mask.Builder b = Mask.builder(size, size);
    for (int y = Math.max(0, (int) y0); y < Math.min(size, (int) Math.ceil(y1)); y++) {
      double s = Math.sin(Math.PI * (y + 0.5 - y0) / (y1 - y0));
      if (s <= 0) {
        continue;
      }
      double t = thick * Math.pow(s, 0.6);
      paintRow(f, b, y, t);
    }
    return b.build();
  }

  private static Mask apical(LungField f, SplittableRandom rng) {
    int size = f.size;
    int top = f.topRow();
    double span = f.baseY - top;
    double depth = span * range(rng, 0.15, 0.45);
    double thick = Math.max(2, size * range(rng, 0.02, 0.08));
    int[] colTop = new int[size];
    java.util.Arrays.fill(colTop, -1);
    for (int y = top; y < Math.min(size, top + (int) Math.ceil(depth) + 1); y++) {
      for (int x = Math.max(0, (int) f.lo[y]); x < Math.min(size, (int) Math.ceil(f.hi[y])); x++) {
        if (colTop[x] < 0 && f.contains(x, y)) {
          colTop[x] = y;
        }
      }
    }
    Mask.Builder b = Mask.builder(size, size);
    for (int y = top; y < Math.min(size, top + (int) Math.ceil(depth)); y++) {
      double t = thick * Math.pow(1 - (y + 0.5 - top) / depth, 0.7);
      for (int x = Math.max(0, (int) f.lo[y]); x < Math.min(size, (int) Math.ceil(f.hi[y])); x++) {
        if (!f.contains(x, y)) {
          continue;
        }
        double fromTop = colTop[x] < 0 ? Double.MAX_VALUE : y - colTop[x] + 0.5;
        double d = Math.min(fromTop, lateralDistance(f, x, y));
        if (d < t) {
          b.set(x, y);
        }
      }
    }
    return b.build();
  }

  private static void paintRow(LungField f, Mask.Builder b, int y, double thickness) {
    if (!(f.hi[y] > f.lo[y])) {
      return;
    }
    for (int x = Math.max(0, (int) f.lo[y]); x < Math.min(f.size, (int) Math.ceil(f.hi[y])); x++) {
      if (f.contains(x, y) && lateralDistance(f, x, y) < thickness) {
        b.set(x, y);
      }
    }
  }

  private static double range(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
