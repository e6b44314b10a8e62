package io.github.pneumo.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Shared drawing helpers: canvas set-up, fonts, colour maps, tick values. */
final class Charts {
  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
  static final Color MUTED = new Color(0x66, 0x66, 0x66);
  /** Tableau-like categorical palette. */
  static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};

  private Charts() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  static BufferedImage canvas(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return img;
  }

  static Graphics2D graphics(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    return g;
  }

  static Font font(int size, boolean bold) {
    return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
  }

  static void text(Graphics2D g, String s, double x, double y, double alignX, double alignY) {
    FontMetrics fm = g.getFontMetrics();
    double w = fm.stringWidth(s);
    double h = fm.getAscent() - fm.getDescent();
    g.drawString(s, (float) (x - alignX * w), (float) (y + alignY * h));
  }

  static void verticalText(Graphics2D g, String s, double x, double y) {
    Graphics2D r = (Graphics2D) g.create();
    r.translate(x, y);
    r.rotate(-Math.PI / 2);
    text(r, s, 0, 0, 0.5, 0.5);
    r.dispose();
  }

  static BasicStroke stroke(float width) {
    return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  /** "Nice" tick values covering [lo, hi], about {@code target} of them. */
  static List<Double> ticks(double lo, double hi, int target) {
    List<Double> out = new ArrayList<>();
    if (!(hi > lo)) {
      out.add(lo);
      return out;
    }
    double raw = (hi - lo) / target;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    }
    for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return out;
  }

  static String format(double v, double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** The viridis colour map at t in [0, 1] (piecewise-linear through 9 anchors). */
  static Color viridis(double t) {
    int[][] anchors = {
        {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
        {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};
    double x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
    int i = Math.min((int) x, anchors.length - 2);
    double f = x - i;
    int[] a = anchors[i];
    int[] b = anchors[i + 1];
    return new Color(
        (int) Math.round(a[0] + (b[0] - a[0]) * f),
        (int) Math.round(a[1] + (b[1] - a[1]) * f),
        (int) Math.round(a[2] + (b[2] - a[2]) * f));
  }
}
