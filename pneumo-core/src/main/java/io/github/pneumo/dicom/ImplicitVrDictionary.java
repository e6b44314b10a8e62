package io.github.pneumo.dicom;

import org.jspecify.annotations.Nullable;

/**
 * The VRs that implicit-VR datasets need for decoding: only binary attributes pneumo reads are listed;
 * text attributes decode the same whatever their VR.
 */
final class ImplicitVrDictionary {
  private ImplicitVrDictionary() {}

  static @Nullable Vr vrOf(int tag) {
    return switch (tag) {
      case DicomTags.SAMPLES_PER_PIXEL, DicomTags.PLANAR_CONFIGURATION, DicomTags.ROWS, DicomTags.COLUMNS,
          DicomTags.BITS_ALLOCATED, DicomTags.BITS_STORED, DicomTags.HIGH_BIT,
          DicomTags.PIXEL_REPRESENTATION -> Vr.US;
      case 0x0002_0000, 0x0008_0000, 0x0010_0000, 0x0018_0000, 0x0020_0000, 0x0028_0000,
          0x7FE0_0000 -> Vr.UL;
      case DicomTags.PIXEL_DATA -> Vr.OW;
      case DicomTags.SOP_CLASS_UID, DicomTags.SOP_INSTANCE_UID, DicomTags.STUDY_INSTANCE_UID,
          DicomTags.SERIES_INSTANCE_UID, DicomTags.TRANSFER_SYNTAX_UID -> Vr.UI;
      case DicomTags.NUMBER_OF_FRAMES -> Vr.IS;
      case DicomTags.WINDOW_CENTER, DicomTags.WINDOW_WIDTH, DicomTags.RESCALE_INTERCEPT,
          DicomTags.RESCALE_SLOPE -> Vr.DS;
      default -> null;
    };
  }
}
