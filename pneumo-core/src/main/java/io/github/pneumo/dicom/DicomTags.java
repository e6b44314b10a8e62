package io.github.pneumo.dicom;

/**
 * Tags (group &lt;&lt; 16 | element) of the attributes pneumo reads or writes, for {@link
 * DicomImage#string(int)} and {@link DicomWriter.Builder#attribute(int, Vr, String)}.
 */
public final class DicomTags {
  private DicomTags() {}

  /** (0002,0010) Transfer Syntax UID. */
  public static final int TRANSFER_SYNTAX_UID = 0x0002_0010;
  /** (0008,0005) Specific Character Set. */
  public static final int SPECIFIC_CHARACTER_SET = 0x0008_0005;
  /** (0008,0016) SOP Class UID. */
  public static final int SOP_CLASS_UID = 0x0008_0016;
  /** (0008,0018) SOP Instance UID. */
  public static final int SOP_INSTANCE_UID = 0x0008_0018;
  /** (0008,0020) Study Date. */
  public static final int STUDY_DATE = 0x0008_0020;
  /** (0008,0030) Study Time. */
  public static final int STUDY_TIME = 0x0008_0030;
  /** (0008,0050) Accession Number. */
  public static final int ACCESSION_NUMBER = 0x0008_0050;
  /** (0008,0060) Modality. */
  public static final int MODALITY = 0x0008_0060;
  /** (0008,0064) Conversion Type. */
  public static final int CONVERSION_TYPE = 0x0008_0064;
  /** (0008,0090) Referring Physician's Name. */
  public static final int REFERRING_PHYSICIAN_NAME = 0x0008_0090;
  /** (0008,103E) Series Description. */
  public static final int SERIES_DESCRIPTION = 0x0008_103E;
  /** (0010,0010) Patient's Name. */
  public static final int PATIENT_NAME = 0x0010_0010;
  /** (0010,0020) Patient ID. */
  public static final int PATIENT_ID = 0x0010_0020;
  /** (0010,0030) Patient's Birth Date. */
  public static final int PATIENT_BIRTH_DATE = 0x0010_0030;
  /** (0010,0040) Patient's Sex. */
  public static final int PATIENT_SEX = 0x0010_0040;
  /** (0010,1010) Patient's Age. */
  public static final int PATIENT_AGE = 0x0010_1010;
  /** (0018,0015) Body Part Examined. */
  public static final int BODY_PART_EXAMINED = 0x0018_0015;
  /** (0018,5101) View Position. */
  public static final int VIEW_POSITION = 0x0018_5101;
  /** (0020,000D) Study Instance UID. */
  public static final int STUDY_INSTANCE_UID = 0x0020_000D;
  /** (0020,000E) Series Instance UID. */
  public static final int SERIES_INSTANCE_UID = 0x0020_000E;
  /** (0020,0010) Study ID. */
  public static final int STUDY_ID = 0x0020_0010;
  /** (0020,0011) Series Number. */
  public static final int SERIES_NUMBER = 0x0020_0011;
  /** (0020,0013) Instance Number. */
  public static final int INSTANCE_NUMBER = 0x0020_0013;
  /** (0020,0020) Patient Orientation. */
  public static final int PATIENT_ORIENTATION = 0x0020_0020;
  /** (0028,0002) Samples per Pixel. */
  public static final int SAMPLES_PER_PIXEL = 0x0028_0002;
  /** (0028,0004) Photometric Interpretation. */
  public static final int PHOTOMETRIC_INTERPRETATION = 0x0028_0004;
  /** (0028,0006) Planar Configuration. */
  public static final int PLANAR_CONFIGURATION = 0x0028_0006;
  /** (0028,0008) Number of Frames. */
  public static final int NUMBER_OF_FRAMES = 0x0028_0008;
  /** (0028,0010) Rows. */
  public static final int ROWS = 0x0028_0010;
  /** (0028,0011) Columns. */
  public static final int COLUMNS = 0x0028_0011;
  /** (0028,0030) Pixel Spacing. */
  public static final int PIXEL_SPACING = 0x0028_0030;
  /** (0028,0100) Bits Allocated. */
  public static final int BITS_ALLOCATED = 0x0028_0100;
  /** (0028,0101) Bits Stored. */
  public static final int BITS_STORED = 0x0028_0101;
  /** (0028,0102) High Bit. */
  public static final int HIGH_BIT = 0x0028_0102;
  /** (0028,0103) Pixel Representation. */
  public static final int PIXEL_REPRESENTATION = 0x0028_0103;
  /** (0028,1050) Window Center. */
  public static final int WINDOW_CENTER = 0x0028_1050;
  /** (0028,1051) Window Width. */
  public static final int WINDOW_WIDTH = 0x0028_1051;
  /** (0028,1052) Rescale Intercept. */
  public static final int RESCALE_INTERCEPT = 0x0028_1052;
  /** (0028,1053) Rescale Slope. */
  public static final int RESCALE_SLOPE = 0x0028_1053;
  /** (0028,2110) Lossy Image Compression. */
  public static final int LOSSY_IMAGE_COMPRESSION = 0x0028_2110;
  /** (0028,2114) Lossy Image Compression Method. */
  public static final int LOSSY_IMAGE_COMPRESSION_METHOD = 0x0028_2114;
  /** (7FE0,0010) Pixel Data. */
  public static final int PIXEL_DATA = 0x7FE0_0010;

  /**
   * Formats a tag as {@code (gggg,eeee)}.
   *
   * @param tag group &lt;&lt; 16 | element
   * @return the conventional notation, upper-case hex
   */
  public static String format(int tag) {
    return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }
}
