package com.example.app;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.dicom.RadiographPredictor;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a chest X-ray DICOM, runs AlbuNet with flip TTA, thresholds, and writes the mask as RLE. */
public final class SegmentDicom {
  private SegmentDicom() {}

  /**
   * Segments one file.
   *
   * @param dicom the input DICOM
   * @param rleOut where the standard RLE is written
   * @param triplet the threshold rule
   * @return the mask that was encoded
   */
  public static Mask run(Path dicom, Path rleOut, TripletThreshold triplet) throws Exception {
    try (SegmentationModel model = DjlSegmentationModel.builder("albunet")
        .member(SegmentationNetworks.create("albunet"))
        .inputSize(64)
        .flip(true)
        .build()) {
      ProbabilityMap map = RadiographPredictor.of(model).predict(dicom);
      Mask mask = triplet.apply(map);
      Files.writeString(rleOut, RleCodec.standard().encode(mask), StandardCharsets.UTF_8);
      return mask;
    }
  }

  public static void main(String[] args) throws Exception {
    Mask mask = run(Path.of(args[0]), Path.of(args[1]), TripletThreshold.parse(args[2]));
    System.out.println("pixels in mask: " + mask.area());
  }
}
