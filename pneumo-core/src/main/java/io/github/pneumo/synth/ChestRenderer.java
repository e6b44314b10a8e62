package io.github.pneumo.synth;

import io.github.pneumo.image.GreyImage;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Renders a chest radiograph (MONOCHROME2: bright = dense) at the output size directly: soft tissue of
 * the body, two aerated lung fields with vessel markings, heart and mediastinum, bones, diaphragm, an
 * optional pneumothorax, exposure variation and detector noise.
 */
final class ChestRenderer {

  private ChestRenderer() {}

  /**
   * Renders one image.
   *
   * @param a the anatomy
   * @param lungs the lung fields (already fitted to the lesion)
   * @param lesion row-major lesion pixels (non-zero = pneumothorax), or null
   * @param look how the pneumothorax appears
   * @param rng the image's random stream
   * @return the 8-bit image
   */
  static GreyImage render(Anatomy a, LungField[] lungs, byte @Nullable [] lesion, LesionLook look,
      SplittableRandom rng) {
    int size = lungs[0].size;
    double k = size / 1024.0;
    Canvas bones = new Canvas(size);
    BonePainter.paint(bones, a);
    Canvas marks = new Canvas(size);
    for (LungField lung : lungs) {
      VesselPainter.paint(marks, lung, a.markingLevel(), rng);
    }
    ValueNoise coarse = new ValueNoise(6, rng);
    ValueNoise fine = new ValueNoise(40, rng);
    float[] coarseRow = new float[size];
    float[] fineRow = new float[size];
    float[] depth = new float[size * size];
    float[] base = new float[size * size];
    double ramp = 0.05 * size;
    double mediastinumWidth = 0.5 * (a.left().medial() + a.right().medial()) * k * 1.3;
    double midX = a.midX() * k;
    double heartCx = (a.midX() + 0.5 * (a.left().medial() + a.left().heart() - a.right().medial())) * k;
    double heartRx = 0.5 * (a.left().medial() + a.left().heart() + a.right().medial()) * k * 1.05;
    double heartCy = (a.left().apexY() + 0.8 * (a.left().baseY() - a.left().apexY())) * k;
    double heartRy = 0.2 * (a.left().baseY() - a.left().apexY()) * k;
    double domeTop = Math.min(a.right().baseY() - a.right().domeHeight(), a.left().baseY() - a.left().domeHeight()) * k;
    for (int y = 0; y < size; y++) {
      coarse.row(y, size, coarseRow);
      fine.row(y, size, fineRow);
      double yy = (y + 0.5) / k;
      double hw = (a.neckHalfWidth() + (a.bodyHalfWidth() - a.neckHalfWidth())
          * smooth((yy - a.shoulderY() + 130) / 130)) * k;
      double heartDy = (y + 0.5 - heartCy) / heartRy;
      int row = y * size;
      for (int x = 0; x < size; x++) {
        double dx = (x + 0.5 - midX) / hw;
        double q = 1 - dx * dx;
        double tissue = q > 0 ? Math.sqrt(q) : 0;
        tissue = Math.min(1, tissue * 1.3) * (0.45 + 0.55 * tissue);
        double mediastinum = (x + 0.5 - midX) / mediastinumWidth;
        double v = a.airLevel() + a.tissueLevel() * tissue * (1 + 0.05 * coarseRow[x])
            + 28 * Math.exp(-mediastinum * mediastinum) * smooth((y + 0.5 - 0.1 * size) / (0.2 * size));
        double d = 0;
        for (LungField lung : lungs) {
          if (lung.contains(x, y)) {
            d = smooth(lung.edgeDistance(x, y) / ramp);
            double t = (y + 0.5 - lung.apexY) / (lung.baseY - lung.apexY);
            double lower = 1 - 0.18 * smooth((t - 0.55) / 0.45);
            v -= a.lungLevel() * d * lower * (1 + 0.08 * coarseRow[x] + 0.1 * fineRow[x]);
            break;
          }
        }
        double hx = (x + 0.5 - heartCx) / heartRx;
        double he = hx * hx + heartDy * heartDy;
        if (he < 1) {
          v += 6 * Math.sqrt(1 - he);
        }
        if (y + 0.5 > domeTop) {
          v += 8 * smooth((y + 0.5 - domeTop) / (0.1 * size)) * tissue;
        }
        depth[row + x] = (float) d;
        base[row + x] = (float) v;
      }
    }
    return compose(a, base, bones.values, marks.values, depth, lesion, look, rng, size);
  }

  private static GreyImage compose(Anatomy a, float[] base, float[] bones, float[] marks, float[] depth,
      byte @Nullable [] lesion, LesionLook look, SplittableRandom rng, int size) {
    float[] pleura = lesion == null ? null : PleuralLine.profile(lesion, depth, size, look);
    DetectorNoise noise = new DetectorNoise(rng.nextLong());
    byte[] out = new byte[size * size];
    double gain = a.gain();
    double offset = a.offset();
    double sigma = a.noiseSigma();
    for (int i = 0; i < out.length; i++) {
      boolean inLesion = lesion != null && lesion[i] != 0;
      double v = base[i] + bones[i] * (0.3 + 0.7 * depth[i]) + (inLesion ? 0 : marks[i] * depth[i]);
      v = gain * v + offset;
      if (inLesion) {
        v -= look.lucency();
      } else if (pleura != null) {
        v += pleura[i];
      }
      v += sigma * noise.next();
      int g = (int) Math.round(v);
      out[i] = (byte) (g < 0 ? 0 : Math.min(g, 255));
    }
    return new GreyImage(size, size, out);
  }

  static double smooth(double t) {
    double c = Math.max(0, Math.min(1, t));
    return c * c * (3 - 2 * c);
  }
}
