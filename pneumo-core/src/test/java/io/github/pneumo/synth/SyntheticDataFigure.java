package io.github.pneumo.synth;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.image.GreyImage;
import java.nio.file.Path;

/**
 * Makes the pictures of docs/synthetic-data.md with pneumo's own code (test scope, not a unit test):
 * {@code SyntheticDataFigure SHARED_DIR OUT_DIR}. Writes {@code synthetic-grid.png} (a real SIIM image
 * beside generated ones, masks outlined) and {@code synthetic-difficulty.png} (one case at difficulty 0,
 * 0.5 and 1).
 */
final class SyntheticDataFigure {

  public static void main(String[] args) {
    Path shared = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Path sample = shared.resolve("data/siim-sample");
    String realId = "1.2.276.0.7230010.3.1.4.8323329.1314.1517875167.222290";
    GreyImage real = Dicom.readGreyImage(sample.resolve(realId + ".dcm"));
    Mask realMask = SiimLabels.read(sample.resolve("train-rle-sample.csv"), RleCodec.relative()).mask(realId);
    Path labels = shared.resolve("data/siim-labels/siim-train-rle.csv.gz");

    ChestRadiographGenerator procedural = ChestRadiographGenerator.builder().size(1024).build();
    ChestRadiographGenerator siim = ChestRadiographGenerator.builder().size(1024).shapes(labels).build();
    PreviewSheet grid = new PreviewSheet(340, 4);
    grid.add(real, realMask, "real SIIM image");
    grid.add(procedural.generate(2026, 0, 0, false).image(), Mask.empty(1024, 1024), "synthetic, negative");
    for (int i = 1; i <= 2; i++) {
      SyntheticRadiograph r = procedural.generate(2026, 0, i, true);
      grid.add(r.image(), r.union(), "procedural lesion");
    }
    for (int i = 3; i <= 6; i++) {
      SyntheticRadiograph r = siim.generate(2026, 0, i, true);
      grid.add(r.image(), r.union(), "real SIIM shape" + (r.lesions().size() > 1 ? "s (" + r.lesions().size() + ")" : ""));
    }
    grid.write(out.resolve("synthetic-grid.png"));

    // the case with the largest lesion among the first 20, at three difficulties, then its mask
    int best = 0;
    int bestArea = 0;
    for (int i = 0; i < 20; i++) {
      int area = procedural.generate(7, 0, i, true).union().area();
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    PreviewSheet difficulty = new PreviewSheet(340, 4);
    Mask mask = Mask.empty(1024, 1024);
    for (double d : new double[] {0, 0.5, 1}) {
      SyntheticRadiograph r = ChestRadiographGenerator.builder().size(1024).difficulty(d).build()
          .generate(7, 0, best, true);
      difficulty.add(r.image(), Mask.empty(1024, 1024), "difficulty " + d);
      mask = r.union();
      if (d == 1) {
        difficulty.add(r.image(), mask, "its mask");
      }
    }
    difficulty.write(out.resolve("synthetic-difficulty.png"));
  }
}
