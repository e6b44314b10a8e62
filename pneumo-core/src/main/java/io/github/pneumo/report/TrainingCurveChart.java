package io.github.pneumo.report;

import com.google.common.base.Preconditions;
import io.github.pneumo.TripletThreshold;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A line chart of a {@link TrainingSummary}: validation Dice per epoch for every triplet (thin lines) and
 * the best-of-triplets metric (thick line with markers, best epoch highlighted).
 */
public final class TrainingCurveChart {
  private TrainingCurveChart() {}

  /**
   * Renders the chart.
   *
   * @param summary the summary, at least one epoch
   * @param title the chart title
   * @param width picture width in pixels (e.g. 1200)
   * @param height picture height in pixels (e.g. 700)
   * @return an RGB picture
   */
  public static BufferedImage render(TrainingSummary summary, String title, int width, int height) {
    Preconditions.checkArgument(!summary.epochs().isEmpty(), "summary has no epochs");
    BufferedImage img = Charts.canvas(width, height);
    Graphics2D g = Charts.graphics(img);
    double scale = width / 1200.0;
    int fs = (int) Math.round(16 * scale);
    int left = (int) (90 * scale);
    int right = (int) (260 * scale);
    int top = (int) (70 * scale);
    int bottom = (int) (80 * scale);
    int pw = width - left - right;
    int ph = height - top - bottom;

    List<Integer> epochs = summary.epochs();
    double minX = epochs.stream().mapToInt(Integer::intValue).min().orElse(0);
    double maxX = epochs.stream().mapToInt(Integer::intValue).max().orElse(1);
    if (maxX == minX) {
      maxX = minX + 1;
    }
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double v : summary.bestMetric()) {
      minY = Math.min(minY, v);
      maxY = Math.max(maxY, v);
    }
    for (List<Double> vs : summary.perTriplet().values()) {
      for (double v : vs) {
        minY = Math.min(minY, v);
        maxY = Math.max(maxY, v);
      }
    }
    double padY = Math.max(0.005, (maxY - minY) * 0.08);
    minY -= padY;
    maxY += padY;
    final double x0 = minX;
    final double x1 = maxX;
    final double y0 = minY;
    final double y1 = maxY;
    java.util.function.DoubleUnaryOperator sx = x -> left + (x - x0) / (x1 - x0) * pw;
    java.util.function.DoubleUnaryOperator sy = y -> top + ph - (y - y0) / (y1 - y0) * ph;

    // grid and ticks
    g.setFont(Charts.font(fs, false));
    List<Double> yt = Charts.ticks(minY, maxY, 6);
    double ystep = yt.size() > 1 ? yt.get(1) - yt.get(0) : 0.01;
    for (double v : yt) {
      int y = (int) Math.round(sy.applyAsDouble(v));
      g.setColor(Charts.GRID);
      g.drawLine(left, y, left + pw, y);
      g.setColor(Charts.MUTED);
      Charts.text(g, Charts.format(v, ystep), left - 10 * scale, y, 1, 0.5);
    }
    List<Double> xt = Charts.ticks(minX, maxX, Math.min(10, (int) (maxX - minX)));
    for (double v : xt) {
      if (v != Math.rint(v)) {
        continue;
      }
      int x = (int) Math.round(sx.applyAsDouble(v));
      g.setColor(Charts.GRID);
      g.drawLine(x, top, x, top + ph);
      g.setColor(Charts.MUTED);
      Charts.text(g, String.valueOf((int) v), x, top + ph + 22 * scale, 0.5, 0.5);
    }
    g.setColor(Charts.INK);
    g.setStroke(Charts.stroke((float) (1.2 * scale)));
    g.drawRect(left, top, pw, ph);
    g.setFont(Charts.font(fs, false));
    Charts.text(g, "epoch", left + pw / 2.0, height - 25 * scale, 0.5, 0.5);
    Charts.verticalText(g, "validation Dice", 28 * scale, top + ph / 2.0);
    g.setFont(Charts.font((int) Math.round(20 * scale), true));
    Charts.text(g, title, left, top - 28 * scale, 0, 0.5);

    // series
    List<String> labels = new ArrayList<>();
    List<Color> colours = new ArrayList<>();
    int c = 0;
    for (Map.Entry<TripletThreshold, List<Double>> e : summary.perTriplet().entrySet()) {
      Color col = Charts.PALETTE[c++ % Charts.PALETTE.length];
      g.setColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 200));
      g.setStroke(Charts.stroke((float) (1.6 * scale)));
      g.draw(line(epochs, e.getValue(), sx, sy));
      labels.add(e.getKey().toString());
      colours.add(col);
    }
    g.setColor(Charts.INK);
    g.setStroke(Charts.stroke((float) (3.2 * scale)));
    g.draw(line(epochs, summary.bestMetric(), sx, sy));
    int bestAt = 0;
    for (int i = 0; i < epochs.size(); i++) {
      double r = 4 * scale;
      double x = sx.applyAsDouble(epochs.get(i));
      double y = sy.applyAsDouble(summary.bestMetric().get(i));
      g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
      if (summary.bestMetric().get(i) > summary.bestMetric().get(bestAt)) {
        bestAt = i;
      }
    }
    double bx = sx.applyAsDouble(epochs.get(bestAt));
    double by = sy.applyAsDouble(summary.bestMetric().get(bestAt));
    g.setColor(new Color(0xd62728));
    g.setStroke(Charts.stroke((float) (2.4 * scale)));
    double r = 9 * scale;
    g.draw(new Ellipse2D.Double(bx - r, by - r, 2 * r, 2 * r));
    g.setFont(Charts.font(fs, true));
    String bestText = String.format(java.util.Locale.ROOT, "best %.4f @ epoch %d",
        summary.bestMetric().get(bestAt), epochs.get(bestAt));
    Charts.text(g, bestText, Math.min(bx + 12 * scale, left + pw - g.getFontMetrics().stringWidth(bestText) - 6),
        by < top + 30 * scale ? by + 24 * scale : by - 16 * scale, 0, 0.5);

    // legend
    int lx = left + pw + (int) (24 * scale);
    int ly = top + (int) (10 * scale);
    int step = (int) Math.round(26 * scale);
    g.setFont(Charts.font(fs, false));
    g.setColor(Charts.INK);
    g.setStroke(Charts.stroke((float) (3.2 * scale)));
    g.drawLine(lx, ly, lx + (int) (28 * scale), ly);
    Charts.text(g, "best_metric", lx + 38 * scale, ly, 0, 0.5);
    for (int i = 0; i < labels.size(); i++) {
      int y = ly + (i + 1) * step;
      g.setColor(colours.get(i));
      g.setStroke(Charts.stroke((float) (2.2 * scale)));
      g.drawLine(lx, y, lx + (int) (28 * scale), y);
      g.setColor(Charts.INK);
      Charts.text(g, labels.get(i), lx + 38 * scale, y, 0, 0.5);
    }
    g.dispose();
    return img;
  }

  private static Path2D line(List<Integer> xs, List<Double> ys, java.util.function.DoubleUnaryOperator sx,
      java.util.function.DoubleUnaryOperator sy) {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < xs.size(); i++) {
      double x = sx.applyAsDouble(xs.get(i));
      double y = sy.applyAsDouble(ys.get(i));
      if (i == 0) {
        p.moveTo(x, y);
      } else {
        p.lineTo(x, y);
      }
    }
    return p;
  }
}
