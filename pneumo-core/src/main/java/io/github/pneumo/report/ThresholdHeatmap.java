package io.github.pneumo.report;

import io.github.pneumo.TripletThreshold;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A heat-map of a threshold search: mean Dice over minimum area (x) × top (y) at one bottom, viridis
 * colours over the slice's top 0.15 of Dice (lower scores saturate), the best cell outlined.
 */
public final class ThresholdHeatmap {
  /** Scores more than this below the slice's best all get the lowest colour. */
  static final double COLOUR_RANGE = 0.15;

  private ThresholdHeatmap() {}

  /**
   * Renders the slice at the best triplet's bottom.
   *
   * @param result the search result
   * @param width picture width (e.g. 1200)
   * @param height picture height (e.g. 620)
   * @return an RGB picture
   */
  public static BufferedImage render(SearchResult result, int width, int height) {
    ThresholdGrid grid = result.grid();
    int bottomIndex = grid.bottoms().indexOf(result.best().bottom());
    return render(result, bottomIndex, width, height);
  }

  /**
   * Renders the slice at one bottom.
   *
   * @param result the search result
   * @param bottomIndex index into the grid's bottoms
   * @param width picture width
   * @param height picture height
   * @return an RGB picture
   */
  public static BufferedImage render(SearchResult result, int bottomIndex, int width, int height) {
    ThresholdGrid grid = result.grid();
    double[][] s = result.topAreaSlice(bottomIndex);
    List<Double> tops = grid.tops();
    List<Integer> areas = grid.areas();
    double bottom = grid.bottoms().get(bottomIndex);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int bi = 0;
    int bj = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s[i].length; j++) {
        lo = Math.min(lo, s[i][j]);
        hi = Math.max(hi, s[i][j]);
        if (s[i][j] > s[bi][bj]) {
          bi = i;
          bj = j;
        }
      }
    }
    double min = lo;
    lo = Math.max(lo, hi - COLOUR_RANGE); // keep the interesting range readable; lower scores saturate
    if (hi == lo) {
      hi = lo + 1e-9;
    }
    BufferedImage img = Charts.canvas(width, height);
    Graphics2D g = Charts.graphics(img);
    double scale = width / 1200.0;
    int fs = (int) Math.round(15 * scale);
    int left = (int) (90 * scale);
    int right = (int) (150 * scale);
    int top = (int) (80 * scale);
    int bottomMargin = (int) (80 * scale);
    double pw = width - left - right;
    double ph = height - top - bottomMargin;
    double cw = pw / areas.size();
    double ch = ph / tops.size();
    for (int i = 0; i < tops.size(); i++) {
      for (int j = 0; j < areas.size(); j++) {
        g.setColor(Charts.viridis((s[i][j] - lo) / (hi - lo)));
        double y = top + ph - (i + 1) * ch;
        g.fill(new Rectangle2D.Double(left + j * cw, y, cw + 0.5, ch + 0.5));
      }
    }
    // best cell
    g.setColor(new Color(0xd62728));
    g.setStroke(Charts.stroke((float) (3 * scale)));
    g.draw(new Rectangle2D.Double(left + bj * cw, top + ph - (bi + 1) * ch, cw, ch));

    g.setFont(Charts.font(fs, false));
    g.setColor(Charts.INK);
    g.setStroke(Charts.stroke((float) (1.2 * scale)));
    g.draw(new Rectangle2D.Double(left, top, pw, ph));
    int everyTop = Math.max(1, (int) Math.ceil(tops.size() * 22 * scale / ph));
    for (int i = 0; i < tops.size(); i += everyTop) {
      double y = top + ph - (i + 0.5) * ch;
      Charts.text(g, trim(tops.get(i)), left - 8 * scale, y, 1, 0.5);
    }
    int labelWidth = g.getFontMetrics().stringWidth(String.valueOf(areas.get(areas.size() - 1))) + (int) (12 * scale);
    int everyArea = Math.max(1, (int) Math.ceil(areas.size() * labelWidth / pw));
    for (int j = 0; j < areas.size(); j += everyArea) {
      double x = left + (j + 0.5) * cw;
      Charts.text(g, String.valueOf(areas.get(j)), x, top + ph + 20 * scale, 0.5, 0.5);
    }
    Charts.text(g, "minimum area (pixels above top)", left + pw / 2, height - 24 * scale, 0.5, 0.5);
    Charts.verticalText(g, "top", 30 * scale, top + ph / 2);
    g.setFont(Charts.font((int) Math.round(20 * scale), true));
    TripletThreshold best = grid.triplet(grid.indexOf(new TripletThreshold(tops.get(bi), areas.get(bj), bottom)));
    Charts.text(g, String.format(Locale.ROOT, "Mean Dice over %d images at bottom = %s", result.imageCount(),
        trim(bottom)), left, top - 44 * scale, 0, 0.5);
    g.setFont(Charts.font(fs, false));
    g.setColor(Charts.MUTED);
    Charts.text(g, String.format(Locale.ROOT, "best in slice %s = %.4f (outlined)   overall best %s = %.4f",
        best, s[bi][bj], result.best(), result.bestScore()), left, top - 16 * scale, 0, 0.5);

    // colour bar
    double bx = left + pw + 30 * scale;
    double bw = 22 * scale;
    for (int k = 0; k < (int) ph; k++) {
      g.setColor(Charts.viridis(1 - k / ph));
      g.fill(new Rectangle2D.Double(bx, top + k, bw, 1.5));
    }
    g.setColor(Charts.INK);
    g.draw(new Rectangle2D.Double(bx, top, bw, ph));
    List<Double> ticks = Charts.ticks(lo, hi, 5);
    double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 0.01;
    for (double v : ticks) {
      double y = top + ph - (v - lo) / (hi - lo) * ph;
      g.drawLine((int) (bx + bw), (int) y, (int) (bx + bw + 5 * scale), (int) y);
      Charts.text(g, Charts.format(v, step), bx + bw + 8 * scale, y, 0, 0.5);
    }
    if (min < lo) {
      Charts.text(g, "\u2264 " + Charts.format(lo, step / 10), bx + bw + 8 * scale, top + ph + 14 * scale, 0, 0.5);
    }
    g.dispose();
    return img;
  }

  private static String trim(double d) {
    return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
