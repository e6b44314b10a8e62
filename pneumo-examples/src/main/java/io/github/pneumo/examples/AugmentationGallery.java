package io.github.pneumo.examples;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.augment.Augmentation;
import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.augment.ElasticTransform;
import io.github.pneumo.augment.GridDistortion;
import io.github.pneumo.augment.HorizontalFlip;
import io.github.pneumo.augment.OpticalDistortion;
import io.github.pneumo.augment.RandomBrightness;
import io.github.pneumo.augment.RandomContrast;
import io.github.pneumo.augment.RandomGamma;
import io.github.pneumo.augment.Resize;
import io.github.pneumo.augment.Sample;
import io.github.pneumo.augment.ShiftScaleRotate;
import io.github.pneumo.augment.Transform;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws the picture in docs/augmentations.md: a radiograph with its mask, each training transform forced
 * on, and samples of the whole {@code train_complex_old} pipeline, masks in red.
 *
 * <p>Usage: {@code AugmentationGallery DICOM LABELS_CSV OUT_PNG} (labels in relative RLE).
 */
public final class AugmentationGallery {
  private static final int CELL = 200;
  private static final int COLUMNS = 9;
  private static final int LABEL = 18;

  private AugmentationGallery() {}

  /**
   * Writes the gallery.
   *
   * @param args DICOM file, label CSV, output PNG
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: AugmentationGallery DICOM LABELS_CSV OUT_PNG");
      System.exit(2);
    }
    Path dicom = Path.of(args[0]);
    GreyImage image = RadiographReader.builtIn().read(dicom);
    SiimLabels labels = SiimLabels.read(Path.of(args[1]), RleCodec.relative());
    String id = DicomTree.imageId(dicom);
    Mask mask = labels.contains(id) ? labels.mask(id) : Mask.empty(image.width(), image.height());
    BufferedImage picture = render(Sample.of(image, new GreyImage(image.width(), image.height(),
        mask.toRowMajor((byte) 255))));
    AtomicFiles.write(Path.of(args[2]), out -> {
      if (!ImageIO.write(picture, "png", out)) {
        throw new IOException("no PNG writer");
      }
    });
    System.out.println("wrote " + args[2]);
  }

  /**
   * Renders the gallery of one sample.
   *
   * @param sample a radiograph and its 0/255 mask
   * @return the picture: one row of single transforms, two rows of pipeline samples
   */
  public static BufferedImage render(Sample sample) {
    Map<String, Transform> single = new LinkedHashMap<>();
    single.put("original", new Resize(sample.image().height(), sample.image().width(), 1));
    single.put("HorizontalFlip", new HorizontalFlip(1));
    single.put("RandomContrast", new RandomContrast(-0.2, 0.2, 1));
    single.put("RandomGamma", new RandomGamma(80, 120, 1));
    single.put("RandomBrightness", new RandomBrightness(-0.2, 0.2, 1));
    single.put("ElasticTransform", new ElasticTransform(120, 6, 3.6, 1));
    single.put("GridDistortion", new GridDistortion(5, -0.3, 0.3, 1));
    single.put("OpticalDistortion", new OpticalDistortion(-2, 2, -0.5, 0.5, 1));
    single.put("ShiftScaleRotate", new ShiftScaleRotate(-0.0625, 0.0625, -0.1, 0.1, -45, 45, 1));
    Resize toCell = Resize.square(CELL);
    List<Sample> cells = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    int k = 0;
    for (Map.Entry<String, Transform> e : single.entrySet()) {
      cells.add(toCell.applyAlways(e.getValue().applyAlways(sample, new SplittableRandom(7 + k++)),
          new SplittableRandom(0)));
      titles.add(e.getKey());
    }
    Augmentation pipeline = Augmentations.preset("train_complex_old", CELL);
    for (int i = 0; i < 2 * COLUMNS; i++) {
      cells.add(pipeline.apply(sample, 42, 0, i));
      titles.add("pipeline #" + i);
    }
    int rows = (cells.size() + COLUMNS - 1) / COLUMNS;
    BufferedImage out = new BufferedImage(COLUMNS * CELL, rows * (CELL + LABEL), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int i = 0; i < cells.size(); i++) {
      int x0 = (i % COLUMNS) * CELL;
      int y0 = (i / COLUMNS) * (CELL + LABEL);
      paint(out, cells.get(i), x0, y0 + LABEL);
      g.setColor(Color.BLACK);
      g.drawString(titles.get(i), x0 + 4, y0 + LABEL - 5);
    }
    g.dispose();
    return out;
  }

  private static void paint(BufferedImage out, Sample s, int x0, int y0) {
    GreyImage img = s.image();
    GreyImage mask = s.mask();
    if (mask == null) {
      throw new PneumoException("gallery samples need a mask");
    }
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int v = img.get(x, y);
        int rgb;
        if (mask.get(x, y) > 127) {
          int r = Math.min(255, (int) (v * 0.55 + 255 * 0.45));
          int gb = (int) (v * 0.55);
          rgb = (r << 16) | (gb << 8) | gb;
        } else {
          rgb = (v << 16) | (v << 8) | v;
        }
        out.setRGB(x0 + x, y0 + y, rgb);
      }
    }
  }
}
