package io.github.pneumo.synth;

import io.github.pneumo.Mask;
import io.github.pneumo.image.GreyImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Test-scope tool that draws a contact sheet: images side by side with their masks outlined. Used to look
 * at the generator's output and to make the picture in docs/synthetic-data.md.
 */
final class PreviewSheet {

  private final int tile;
  private final int columns;
  private final List<BufferedImage> tiles = new ArrayList<>();

  PreviewSheet(int tile, int columns) {
    this.tile = tile;
    this.columns = columns;
  }

  /** Adds an image (scaled to the tile size) with the outline of a mask (may be empty) and a caption. */
  PreviewSheet add(GreyImage image, Mask mask, String caption) {
    int w = image.width();
    int h = image.height();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    byte[] px = image.pixels();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int g = px[y * w + x] & 0xFF;
        rgb.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    BufferedImage scaled = new BufferedImage(tile, tile, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(rgb, 0, 0, tile, tile, null);
    // outline: mask pixels with a background 4-neighbour, drawn at tile scale
    double s = (double) tile / w;
    int red = 0xFF3030;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (mask.isEmpty() || !mask.get(x, y)) {
          continue;
        }
        boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
            || !mask.get(x - 1, y) || !mask.get(x + 1, y) || !mask.get(x, y - 1) || !mask.get(x, y + 1);
        if (edge) {
          int tx = (int) (x * s);
          int ty = (int) (y * s);
          for (int dy = 0; dy < Math.max(1, (int) Math.ceil(s)); dy++) {
            for (int dx = 0; dx < Math.max(1, (int) Math.ceil(s)); dx++) {
              if (tx + dx < tile && ty + dy < tile) {
                scaled.setRGB(tx + dx, ty + dy, red);
              }
            }
          }
        }
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, tile / 22)));
    g.setColor(Color.BLACK);
    g.drawString(caption, 7, tile - 7);
    g.setColor(Color.YELLOW);
    g.drawString(caption, 6, tile - 8);
    g.dispose();
    tiles.add(scaled);
    return this;
  }

  /** Writes the sheet as PNG. */
  void write(Path file) {
    int rows = (tiles.size() + columns - 1) / columns;
    int gap = 4;
    BufferedImage sheet = new BufferedImage(columns * tile + (columns - 1) * gap,
        rows * tile + (rows - 1) * gap, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    for (int i = 0; i < tiles.size(); i++) {
      g.drawImage(tiles.get(i), (i % columns) * (tile + gap), (i / columns) * (tile + gap), null);
    }
    g.dispose();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(sheet, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quick look: {@code PreviewSheet OUT.png SIZE [SHAPES]}. */
  public static void main(String[] args) {
    int size = Integer.parseInt(args[1]);
    ChestRadiographGenerator gen = ChestRadiographGenerator.builder().size(size)
        .shapes(args.length > 2 ? Path.of(args[2]) : null).build();
    PreviewSheet sheet = new PreviewSheet(384, 4);
    long t0 = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      SyntheticRadiograph r = gen.generate(42, 0, i, i % 2 == 1);
      sheet.add(r.image(), r.union(), "#" + i + (r.positive() ? " n=" + r.lesions().size() : ""));
    }
    System.out.printf("8 images in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    sheet.write(Path.of(args[0]));
  }
}
