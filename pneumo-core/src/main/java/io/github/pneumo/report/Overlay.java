package io.github.pneumo.report;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import io.github.pneumo.image.GreyImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A radiograph with the predicted mask (translucent orange fill and outline) and, where known, the true
 * mask (green outline, drawn on top), plus a legend with the image's Dice when the truth is given.
 */
public final class Overlay {
  /** Colour of the predicted mask. */
  public static final Color PREDICTED = new Color(255, 140, 0);
  /** Colour of the true mask. */
  public static final Color TRUTH = new Color(0, 220, 90);

  private Overlay() {}

  /**
   * Renders an overlay at the image's resolution.
   *
   * @param image the radiograph
   * @param predicted the predicted mask, same size
   * @param truth the true mask, same size, or null when unknown
   * @param title a caption (e.g. the image id), or null
   * @return an RGB picture
   */
  public static BufferedImage render(GreyImage image, Mask predicted, @Nullable Mask truth, @Nullable String title) {
    int w = image.width();
    int h = image.height();
    Preconditions.checkArgument(predicted.width() == w && predicted.height() == h, "predicted mask size differs");
    Preconditions.checkArgument(truth == null || truth.width() == w && truth.height() == h, "true mask size differs");
    int thickness = Math.max(1, Math.round(Math.max(w, h) / 400f));
    int[] rgb = new int[w * h];
    byte[] px = image.pixels();
    boolean[] pred = rowMajor(predicted);
    boolean[] predEdge = edges(pred, w, h, thickness);
    boolean[] trueEdge = truth == null ? null : edges(rowMajor(truth), w, h, thickness);
    for (int i = 0; i < rgb.length; i++) {
      int v = px[i] & 0xFF;
      int r = v;
      int g = v;
      int b = v;
      if (pred[i]) { // 30 % orange fill
        r = (int) (0.7 * r + 0.3 * PREDICTED.getRed());
        g = (int) (0.7 * g + 0.3 * PREDICTED.getGreen());
        b = (int) (0.7 * b + 0.3 * PREDICTED.getBlue());
      }
      if (predEdge[i]) {
        r = PREDICTED.getRed();
        g = PREDICTED.getGreen();
        b = PREDICTED.getBlue();
      }
      if (trueEdge != null && trueEdge[i]) { // truth on top: where both outlines coincide, green shows
        r = TRUTH.getRed();
        g = TRUTH.getGreen();
        b = TRUTH.getBlue();
      }
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    drawLegend(out, predicted, truth, title);
    return out;
  }

  private static void drawLegend(BufferedImage out, Mask predicted, @Nullable Mask truth, @Nullable String title) {
    int w = out.getWidth();
    int fontSize = Math.max(10, Math.round(w / 48f));
    Graphics2D g = Charts.graphics(out);
    g.setFont(Charts.font(fontSize, false));
    int pad = fontSize / 2;
    int line = Math.round(fontSize * 1.35f);
    int lines = (title != null ? 1 : 0) + 1 + (truth != null ? 2 : 0);
    String[] texts = new String[lines];
    Color[] swatches = new Color[lines];
    int n = 0;
    if (title != null) {
      texts[n++] = title;
    }
    swatches[n] = PREDICTED;
    texts[n++] = "predicted (" + predicted.area() + " px)";
    if (truth != null) {
      swatches[n] = TRUTH;
      texts[n++] = "truth (" + truth.area() + " px)";
      long d = (long) predicted.area() + truth.area();
      double dice = d == 0 ? 1.0 : 2.0 * predicted.intersectionArea(truth) / d;
      texts[n++] = String.format(Locale.ROOT, "Dice %.4f", dice);
    }
    int textWidth = 0;
    for (String t : texts) {
      textWidth = Math.max(textWidth, g.getFontMetrics().stringWidth(t));
    }
    int sw = fontSize;
    int boxW = pad * 3 + sw + textWidth;
    int boxH = pad * 2 + line * lines - (line - fontSize);
    g.setColor(new Color(0, 0, 0, 170));
    g.fillRoundRect(pad, pad, boxW, boxH, pad, pad);
    for (int i = 0; i < lines; i++) {
      int y = pad * 2 + i * line;
      if (swatches[i] != null) {
        g.setColor(swatches[i]);
        g.fillRect(pad * 2, y + fontSize / 6, sw, sw * 2 / 3);
      }
      g.setColor(Color.WHITE);
      g.drawString(texts[i], pad * 3 + sw, y + fontSize * 4 / 5);
    }
    g.dispose();
  }

  private static boolean[] rowMajor(Mask m) {
    boolean[] out = new boolean[m.width() * m.height()];
    int h = m.height();
    int w = m.width();
    m.forEachRun((start, length) -> {
      for (long i = start; i < start + length; i++) {
        int x = (int) (i / h);
        int y = (int) (i % h);
        out[y * w + x] = true;
      }
    });
    return out;
  }

  /** Mask pixels within {@code thickness} (Chebyshev) of a non-mask pixel or the border. */
  private static boolean[] edges(boolean[] m, int w, int h, int thickness) {
    boolean[] out = new boolean[m.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!m[y * w + x]) {
          continue;
        }
        search:
        for (int dy = -thickness; dy <= thickness; dy++) {
          for (int dx = -thickness; dx <= thickness; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h || !m[ny * w + nx]) {
              out[y * w + x] = true;
              break search;
            }
          }
        }
      }
    }
    return out;
  }
}
