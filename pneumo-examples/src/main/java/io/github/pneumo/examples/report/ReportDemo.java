package io.github.pneumo.examples.report;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.report.HtmlReport;
import io.github.pneumo.report.Overlay;
import io.github.pneumo.report.Png;
import io.github.pneumo.report.ThresholdHeatmap;
import io.github.pneumo.report.TrainingCurveChart;
import io.github.pneumo.report.TrainingSummary;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Renders the documentation figures and a sample report from <b>simulated</b> model outputs (no trained
 * model is involved): a validation set of synthetic 1024² truths whose predicted maps sharpen over
 * "epochs", scored exactly with the threshold search, written as an original-style summary.csv and read
 * back; and an overlay of a simulated prediction on a real SIIM sample radiograph with its true mask.
 *
 * <p>Usage: {@code ReportDemo SHARED_DIR OUT_DIR}. Deterministic (seed 42).
 */
public final class ReportDemo {
  private static final int SIDE = 1024;
  private static final String OVERLAY_ID = "1.2.276.0.7230010.3.1.4.8323329.4904.1517875185.355709";

  private ReportDemo() {}

  /**
   * Runs the demo.
   *
   * @param args shared data folder and output folder
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    if (args.length != 2) {
      System.err.println("usage: ReportDemo SHARED_DIR OUT_DIR");
      System.exit(2);
    }
    Path shared = Path.of(args[0]);
    Path out = Path.of(args[1]);

    // 1. a synthetic validation set, predictions sharpening over 12 epochs
    int images = 48;
    int epochs = 12;
    SplittableRandom rng = new SplittableRandom(42);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      cases.add(Case.random(rng.split()));
    }
    StringBuilder summary = new StringBuilder("epoch,best_metric");
    for (TripletThreshold t : TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS) {
      summary.append(",\"").append(t).append('"');
    }
    summary.append('\n');
    ThresholdGrid eight = new ThresholdGrid(List.of(0.6, 0.75), List.of(1000, 2000, 3000), List.of(0.3, 0.4));
    List<ProbabilityMap> last = null;
    for (int e = 0; e < epochs; e++) {
      double quality = 0.75 * (1 - Math.exp(-0.3 * (e + 1)));
      List<ProbabilityMap> maps = new ArrayList<>();
      for (Case c : cases) {
        maps.add(c.prediction(quality, 1000L * e));
      }
      List<ValidationSample> samples = samples(cases, maps);
      SearchResult r = ThresholdSearch.of(eight).search(samples);
      double best = 0;
      StringBuilder row = new StringBuilder();
      for (TripletThreshold t : TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS) {
        best = Math.max(best, r.score(t));
        row.append(',').append(String.format(Locale.ROOT, "%.6f", r.score(t)));
      }
      summary.append(e).append(',').append(String.format(Locale.ROOT, "%.6f", best)).append(row).append('\n');
      last = maps;
    }
    Path summaryCsv = out.resolve("summary.csv");
    AtomicFiles.writeString(summaryCsv, summary.toString());
    BufferedImage curve = TrainingCurveChart.render(TrainingSummary.read(summaryCsv),
        "Validation Dice per epoch (simulated outputs, " + images + " images)", 1200, 640);
    Png.write(curve, out.resolve("training-curve.png"));

    // 2. the full grid on the last epoch
    SearchResult full = ThresholdSearch.of(ThresholdGrid.defaultGrid()).search(samples(cases, last));
    BufferedImage heat = ThresholdHeatmap.render(full, 1200, 620);
    Png.write(heat, out.resolve("threshold-heatmap.png"));

    // 3. overlay on a real radiograph with its real mask and a simulated prediction
    GreyImage xray = Dicom.readGreyImage(shared.resolve("data/siim-sample/" + OVERLAY_ID + ".dcm"));
    Mask truth = SiimLabels.read(shared.resolve("data/siim-sample/train-rle-sample.csv"), RleCodec.relative())
        .mask(OVERLAY_ID);
    ProbabilityMap simulated = Case.of(truth, new SplittableRandom(7)).prediction(0.75, 1);
    Mask predicted = full.best().apply(simulated);
    BufferedImage overlay = Overlay.render(xray, predicted, truth, "SIIM sample, simulated prediction, " + full.best());
    Png.write(overlay, out.resolve("overlay.png"));

    HtmlReport.builder("pneumo report (simulated model outputs)")
        .score("validation images", String.valueOf(images))
        .score("triplets searched", String.valueOf(full.grid().size()))
        .score("best triplet (top, area, bottom)", full.best().toString())
        .score("mean Dice of the best triplet", String.format(Locale.ROOT, "%.4f", full.bestScore()))
        .score("mean Dice of (0.75, 1000, 0.3)",
            String.format(Locale.ROOT, "%.4f", full.score(new TripletThreshold(0.75, 1000, 0.3))))
        .figure("Training curve", curve, "best_metric = the best of the original's 8 triplets per epoch")
        .figure("Threshold search", heat, "mean Dice over top × minimum area at the best bottom")
        .gallery("Overlay", List.of(overlay), List.of("orange: prediction (simulated), green: truth"))
        .build().write(out.resolve("report.html"));
    System.out.printf(Locale.ROOT, "best %s mean Dice %.4f; wrote %s%n", full.best(), full.bestScore(), out);
  }

  private static List<ValidationSample> samples(List<Case> cases, List<ProbabilityMap> maps) {
    List<ValidationSample> s = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      s.add(ValidationSample.of("c" + i, maps.get(i), cases.get(i).truth));
    }
    return s;
  }

  /** One synthetic validation image: a true mask and a way to simulate a model's map of it. */
  private static final class Case {
    final Mask truth;
    final float[] signedDistance;
    final long seed;

    private Case(Mask truth, float[] signedDistance, long seed) {
      this.truth = truth;
      this.signedDistance = signedDistance;
      this.seed = seed;
    }

    static Case random(SplittableRandom r) {
      Mask.Builder b = Mask.builder(SIDE, SIDE);
      if (r.nextInt(100) < 45) { // a positive: one ellipse along the lung edge
        double cx = 180 + r.nextInt(660);
        double cy = 150 + r.nextInt(500);
        double ax = 25 + r.nextInt(110);
        double ay = 40 + r.nextInt(200);
        for (int x = 0; x < SIDE; x++) {
          for (int y = 0; y < SIDE; y++) {
            double u = (x - cx) / ax;
            double v = (y - cy) / ay;
            if (u * u + v * v < 1) {
              b.set(x, y);
            }
          }
        }
      }
      return of(b.build(), r);
    }

    static Case of(Mask truth, SplittableRandom r) {
      return new Case(truth, distance(truth), r.nextLong());
    }

    /** Approximate signed distance to the mask boundary (positive inside), 2-pass chamfer on a grid. */
    private static float[] distance(Mask m) {
      float[] in = chamfer(m, true);
      float[] outside = chamfer(m, false);
      float[] d = new float[SIDE * SIDE];
      for (int i = 0; i < d.length; i++) {
        d[i] = in[i] > 0 ? in[i] : -outside[i];
      }
      return d;
    }

    /** Distance to the nearest pixel whose membership differs from {@code inside}. */
    private static float[] chamfer(Mask m, boolean inside) {
      float big = 1e6f;
      float[] d = new float[SIDE * SIDE];
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          d[y * SIDE + x] = m.get(x, y) == inside ? big : 0;
        }
      }
      float diag = (float) Math.sqrt(2);
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int i = y * SIDE + x;
          if (x > 0) d[i] = Math.min(d[i], d[i - 1] + 1);
          if (y > 0) d[i] = Math.min(d[i], d[i - SIDE] + 1);
          if (x > 0 && y > 0) d[i] = Math.min(d[i], d[i - SIDE - 1] + diag);
          if (x < SIDE - 1 && y > 0) d[i] = Math.min(d[i], d[i - SIDE + 1] + diag);
        }
      }
      for (int y = SIDE - 1; y >= 0; y--) {
        for (int x = SIDE - 1; x >= 0; x--) {
          int i = y * SIDE + x;
          if (x < SIDE - 1) d[i] = Math.min(d[i], d[i + 1] + 1);
          if (y < SIDE - 1) d[i] = Math.min(d[i], d[i + SIDE] + 1);
          if (x < SIDE - 1 && y < SIDE - 1) d[i] = Math.min(d[i], d[i + SIDE + 1] + diag);
          if (x > 0 && y < SIDE - 1) d[i] = Math.min(d[i], d[i + SIDE - 1] + diag);
        }
      }
      return d;
    }

    /**
     * A simulated map: a sigmoid of the signed distance (shifted and blurred by low quality), a spurious
     * blob whose strength falls with quality, and pixel noise.
     */
    ProbabilityMap prediction(double quality, long salt) {
      SplittableRandom r = new SplittableRandom(seed ^ salt);
      double shift = (1 - quality) * (r.nextDouble() * 40 - 20);
      double softness = 3 + 25 * (1 - quality);
      double peak = 0.45 + 0.55 * r.nextDouble() * (0.5 + 0.5 * quality);
      double spuriousPeak = r.nextDouble() * (1.1 - 0.5 * quality);
      double sx = 150 + r.nextInt(700);
      double sy = 150 + r.nextInt(700);
      double sr = 20 + r.nextInt(100);
      double missed = truth.isEmpty() ? 0 : (r.nextDouble() < 0.35 * (1 - quality) + 0.05 ? 1 : 0);
      float[] v = new float[SIDE * SIDE];
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int i = y * SIDE + x;
          double p = truth.isEmpty() ? 0 : peak * (1 - 0.7 * missed) / (1 + Math.exp(-(signedDistance[i] + shift) / softness));
          double dd = Math.hypot(x - sx, y - sy) / sr;
          p = Math.max(p, spuriousPeak * Math.exp(-dd * dd));
          p += 0.03 * (r.nextDouble() - 0.5);
          v[i] = (float) Math.max(0, Math.min(1, p));
        }
      }
      return new ProbabilityMap(SIDE, SIDE, v);
    }
  }
}
