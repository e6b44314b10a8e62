package io.github.pneumo.dicom;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.report.Overlay;
import io.github.pneumo.report.Png;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Makes the picture of docs/dicom.md with pneumo's own code (test scope, not a unit test):
 * {@code SegmentationFigure SHARED_DIR OUT_DIR}. Writes the SEG of a real SIIM image's labelled mask, reads
 * the SEG back with pneumo's reader and draws the mask it holds over the radiograph ({@code seg-overlay.png},
 * 512 x 512; the SEG itself is left beside it as {@code seg-example.seg.dcm}).
 */
final class SegmentationFigure {
  private SegmentationFigure() {}

  public static void main(String[] args) {
    Path sample = Path.of(args[0]).resolve("data/siim-sample");
    Path out = Path.of(args[1]);
    String id = "1.2.276.0.7230010.3.1.4.8323329.4904.1517875185.355709";
    Mask labelled = SiimLabels.read(sample.resolve("train-rle-sample.csv"), RleCodec.relative()).mask(id);
    Path seg = out.resolve("seg-example.seg.dcm");
    SegmentationWriter.builder().build().write(sample.resolve(id + ".dcm"), labelled, seg);

    Mask fromSeg = SegmentationReader.readMask(seg);
    if (!fromSeg.equals(labelled)) {
      throw new IllegalStateException("the SEG does not read back to the mask");
    }
    GreyImage xray = Dicom.readGreyImage(sample.resolve(id + ".dcm"));
    BufferedImage full = Overlay.render(xray, fromSeg, null,
        "SEG read back by pneumo: segment 'Pneumothorax', " + fromSeg.area() + " pixels");
    BufferedImage half = new BufferedImage(full.getWidth() / 2, full.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
    var g = half.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(full, 0, 0, half.getWidth(), half.getHeight(), null);
    g.dispose();
    Png.write(half, out.resolve("seg-overlay.png"));
  }
}
