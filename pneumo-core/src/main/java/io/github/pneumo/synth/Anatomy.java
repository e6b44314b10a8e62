package io.github.pneumo.synth;

import java.util.SplittableRandom;

/**
 * The random anatomy, position and exposure of one synthetic radiograph, in 1024-pixel chest coordinates
 * (the coordinate system of the SIIM masks); renderers scale it to the output size.
 *
 * @param midX x of the body's midline
 * @param neckHalfWidth half width of the neck
 * @param bodyHalfWidth half width of the thorax
 * @param shoulderY row where the shoulders reach full width
 * @param right the lung on the image's left (the patient's right)
 * @param left the lung on the image's right (the patient's left, beside the heart)
 * @param firstRibY row of the first posterior rib at the spine
 * @param ribSpacing vertical distance between posterior ribs at the spine
 * @param clavicleY row of the clavicles' medial ends
 * @param spineHalfWidth half width of the vertebral column
 * @param airLevel grey level of air outside the body
 * @param tissueLevel grey level added by the full soft-tissue thickness at the midline
 * @param lungLevel grey levels removed by aerated lung
 * @param boneLevel grey levels added by a rib
 * @param markingLevel grey levels of the largest vessels at the hilum
 * @param gain global exposure gain
 * @param offset global exposure offset in grey levels
 * @param noiseSigma standard deviation of the detector noise in grey levels
 */
record Anatomy(
    double midX,
    double neckHalfWidth,
    double bodyHalfWidth,
    double shoulderY,
    Lung right,
    Lung left,
    double firstRibY,
    double ribSpacing,
    double clavicleY,
    double spineHalfWidth,
    double airLevel,
    double tissueLevel,
    double lungLevel,
    double boneLevel,
    double markingLevel,
    double gain,
    double offset,
    double noiseSigma) {

  /**
   * One lung field.
   *
   * @param side -1 for the lung on the image's left, +1 for the one on the right
   * @param apexY row of the apex
   * @param baseY row of the costophrenic angle (lowest point of the lung)
   * @param domeHeight how far the diaphragm dome rises above {@code baseY}
   * @param lateral distance of the lateral chest wall from the midline
   * @param medial distance of the mediastinal border from the midline
   * @param heart how far the heart pushes the lower mediastinal border outwards
   */
  record Lung(int side, double apexY, double baseY, double domeHeight, double lateral, double medial,
      double heart) {

    Lung withVerticalExtent(double newApexY, double newBaseY) {
      return new Lung(side, newApexY, newBaseY, domeHeight, lateral, medial, heart);
    }
  }

  /** The same anatomy moved sideways so that its midline is at {@code x}. */
  Anatomy withMidX(double x) {
    return new Anatomy(x, neckHalfWidth, bodyHalfWidth, shoulderY, right, left, firstRibY, ribSpacing,
        clavicleY, spineHalfWidth, airLevel, tissueLevel, lungLevel, boneLevel, markingLevel, gain, offset,
        noiseSigma);
  }

  /** Draws a random anatomy: realistic variation of build, position and exposure. */
  static Anatomy random(SplittableRandom rng) {
    double midX = 512 + range(rng, -28, 28);
    double dy = range(rng, -30, 40);
    double scale = range(rng, 0.92, 1.06);
    double apexY = 135 + dy + range(rng, -20, 25);
    double baseY = apexY + scale * range(rng, 610, 690);
    double lateral = scale * range(rng, 370, 420);
    double medial = range(rng, 35, 55);
    Lung right = new Lung(-1, apexY + range(rng, -8, 8), baseY - range(rng, 10, 40),
        range(rng, 90, 150), lateral + range(rng, -12, 12), medial + range(rng, 0, 15), range(rng, 5, 25));
    Lung left = new Lung(1, apexY + range(rng, -5, 15), baseY + range(rng, -10, 15),
        range(rng, 70, 130), lateral + range(rng, -12, 12), medial, range(rng, 70, 140));
    return new Anatomy(
        midX,
        range(rng, 85, 120),
        lateral + range(rng, 90, 200),
        apexY - range(rng, 60, 110),
        right,
        left,
        apexY + range(rng, 15, 35),
        scale * range(rng, 50, 60),
        apexY + range(rng, 60, 100),
        range(rng, 34, 44),
        range(rng, 8, 40),
        range(rng, 135, 170),
        range(rng, 105, 125),
        range(rng, 24, 34),
        range(rng, 34, 48),
        range(rng, 0.9, 1.1),
        range(rng, -8, 8),
        range(rng, 1.5, 3.5));
  }

  private static double range(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
