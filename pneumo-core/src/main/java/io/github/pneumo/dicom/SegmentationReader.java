package io.github.pneumo.dicom;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import java.nio.file.Path;

/**
 * Reads back the one-segment, single-frame Segmentations that {@link SegmentationWriter} writes (or any
 * such SEG): the binary frame as a {@link Mask}, the fractional frame as a {@link ProbabilityMap}. The
 * pixels are decoded by {@link Dicom#read(Path)}, which unpacks 1-bit pixel data.
 */
public final class SegmentationReader {
  private static final int SEGMENTATION_TYPE = 0x0062_0001;
  private static final int MAXIMUM_FRACTIONAL_VALUE = 0x0062_000E;

  private SegmentationReader() {}

  /**
   * Reads the mask of a binary SEG file.
   *
   * @param file the SEG
   * @return the mask of its frame, at its Columns × Rows
   * @throws DicomException when the file is not a single-frame binary Segmentation, or is malformed
   */
  public static Mask readMask(Path file) {
    return mask(Dicom.read(file));
  }

  /**
   * The mask of a decoded binary SEG.
   *
   * @param seg the decoded SEG
   * @return the mask of its frame
   * @throws DicomException when it is not a single-frame binary Segmentation
   */
  public static Mask mask(DicomImage seg) {
    check(seg, "BINARY", 1);
    return Mask.fromRowMajor(seg.columns(), seg.rows(), seg.storedValuesLittleEndian());
  }

  /**
   * The probabilities of a decoded fractional SEG: stored value / Maximum Fractional Value.
   *
   * @param seg the decoded SEG
   * @return the map of its frame
   * @throws DicomException when it is not a single-frame fractional Segmentation
   */
  public static ProbabilityMap probabilities(DicomImage seg) {
    check(seg, "FRACTIONAL", 8);
    int max = seg.string(MAXIMUM_FRACTIONAL_VALUE).map(String::trim).filter(s -> s.matches("\\d+"))
        .map(Integer::parseInt).filter(m -> m > 0 && m <= 255)
        .orElseThrow(() -> new DicomException(seg.source() + ": Maximum Fractional Value "
            + DicomTags.format(MAXIMUM_FRACTIONAL_VALUE) + " is missing or not in 1..255"));
    byte[] values = seg.storedValuesLittleEndian();
    float[] p = new float[values.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.min(1f, (values[i] & 0xFF) / (float) max);
    }
    return new ProbabilityMap(seg.columns(), seg.rows(), p);
  }

  private static void check(DicomImage seg, String type, int bits) {
    String sopClass = seg.string(DicomTags.SOP_CLASS_UID).orElse("");
    if (!sopClass.equals(SegmentationWriter.SEGMENTATION_SOP_CLASS)) {
      throw new DicomException(seg.source() + ": not a Segmentation (SOP Class UID '" + sopClass + "')");
    }
    String actual = seg.string(SEGMENTATION_TYPE).orElse("");
    if (!actual.equals(type) || seg.bitsAllocated() != bits) {
      throw new DicomException(seg.source() + ": Segmentation Type " + actual + " with " + seg.bitsAllocated()
          + " bits allocated, expected " + type + " with " + bits);
    }
    if (seg.frames() != 1) {
      throw new DicomException(seg.source() + ": " + seg.frames() + " frames; pneumo reads single-frame,"
          + " one-segment Segmentations");
    }
  }
}
