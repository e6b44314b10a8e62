package io.github.pneumo.dicom;

import io.github.pneumo.image.GreyImage;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A decoded DICOM image: the pixel attributes, the decoded stored values of all frames, and access to
 * the file's other top-level attributes. Created by {@link Dicom#read(java.nio.file.Path)}; immutable.
 */
public final class DicomImage {
  private final String source;
  private final String transferSyntaxUid;
  private final Attributes attributes;
  private final PixelFormat format;
  private final String photometric;
  private final byte[] values;

  DicomImage(String source, String transferSyntaxUid, Attributes attributes, PixelFormat format,
      String photometric, byte[] values) {
    this.source = source;
    this.transferSyntaxUid = transferSyntaxUid;
    this.attributes = attributes;
    this.format = format;
    this.photometric = photometric;
    this.values = values;
  }

  /**
   * Rows per frame.
   *
   * @return the image height in pixels
   */
  public int rows() {
    return format.rows();
  }

  /**
   * Columns per frame.
   *
   * @return the image width in pixels
   */
  public int columns() {
    return format.columns();
  }

  /**
   * Number of frames (1 when the file has no Number of Frames attribute).
   *
   * @return the frame count, &ge; 1
   */
  public int frames() {
    return format.frames();
  }

  /**
   * Samples per pixel.
   *
   * @return 1 for greyscale, 3 for colour
   */
  public int samplesPerPixel() {
    return format.samplesPerPixel();
  }

  /**
   * The photometric interpretation of the decoded values: the file's value, except that YBR colour
   * spaces are reported as {@code RGB} because decoding converts them (as dcmtk does).
   *
   * @return e.g. {@code MONOCHROME2}, {@code MONOCHROME1} or {@code RGB}
   */
  public String photometricInterpretation() {
    return photometric;
  }

  /**
   * The transfer syntax of the dataset; inferred (implicit or explicit VR little endian, or explicit VR
   * big endian) for files without a meta group.
   *
   * @return the transfer syntax UID
   */
  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }

  /**
   * Bits allocated per sample.
   *
   * @return 1 (bit-packed, e.g. a binary Segmentation), 8 or 16
   */
  public int bitsAllocated() {
    return format.bitsAllocated();
  }

  /**
   * Bits stored per sample.
   *
   * @return the number of significant bits
   */
  public int bitsStored() {
    return format.bitsStored();
  }

  /**
   * Whether stored values are signed (Pixel Representation 1).
   *
   * @return true for two's complement samples
   */
  public boolean isSigned() {
    return format.signed();
  }

  /**
   * Rescale Slope, 1 when absent.
   *
   * @return the modality LUT slope
   * @throws DicomException when the value is not a finite decimal number (e.g. NaN or Infinity)
   */
  public double rescaleSlope() {
    return attributes.decimal(DicomTags.RESCALE_SLOPE).orElse(1.0);
  }

  /**
   * Rescale Intercept, 0 when absent.
   *
   * @return the modality LUT intercept
   * @throws DicomException when the value is not a finite decimal number (e.g. NaN or Infinity)
   */
  public double rescaleIntercept() {
    return attributes.decimal(DicomTags.RESCALE_INTERCEPT).orElse(0.0);
  }

  /**
   * The first Window Center value.
   *
   * @return the VOI window centre, or empty when absent
   * @throws DicomException when the value is not a finite decimal number (e.g. NaN or Infinity)
   */
  public OptionalDouble windowCenter() {
    return attributes.decimal(DicomTags.WINDOW_CENTER);
  }

  /**
   * The first Window Width value.
   *
   * @return the VOI window width, or empty when absent
   * @throws DicomException when the value is not a finite decimal number (e.g. NaN or Infinity)
   */
  public OptionalDouble windowWidth() {
    return attributes.decimal(DicomTags.WINDOW_WIDTH);
  }

  /**
   * SOP Instance UID (the SIIM image id).
   *
   * @return the UID, or an empty string when the file has none
   */
  public String sopInstanceUid() {
    return attributes.string(DicomTags.SOP_INSTANCE_UID).orElse("");
  }

  /**
   * Study Instance UID.
   *
   * @return the UID, or an empty string when the file has none
   */
  public String studyInstanceUid() {
    return attributes.string(DicomTags.STUDY_INSTANCE_UID).orElse("");
  }

  /**
   * Series Instance UID.
   *
   * @return the UID, or an empty string when the file has none
   */
  public String seriesInstanceUid() {
    return attributes.string(DicomTags.SERIES_INSTANCE_UID).orElse("");
  }

  /**
   * The value of any top-level attribute (meta group or dataset) as text: text values without their
   * padding, binary integers (US, SS, UL, SL) in decimal; multiple values are separated by
   * backslashes. Text is decoded as ISO-8859-1, or UTF-8 when Specific Character Set is ISO_IR 192.
   * Attributes inside sequences are not available.
   *
   * @param tag group &lt;&lt; 16 | element, e.g. {@link DicomTags#PATIENT_ID}
   * @return the value, or empty when the attribute is absent
   */
  public Optional<String> string(int tag) {
    return attributes.string(tag);
  }

  /**
   * All frames' decoded stored values, row-major, frame after frame: one byte per sample when 1 bit
   * (unpacked to 0 or 1) or 8 bits are allocated, two bytes little endian when 16; colour samples interleaved R, G, B. Values are
   * before rescale, windowing or MONOCHROME1 inversion, and are not masked to Bits Stored.
   *
   * @return a new copy of the values
   */
  public byte[] storedValuesLittleEndian() {
    return values.clone();
  }

  /**
   * The first frame as an 8-bit grey image; see {@link #toGreyImage(int)}.
   *
   * @return the model's input image
   */
  public GreyImage toGreyImage() {
    return toGreyImage(0);
  }

  /**
   * One frame as an 8-bit grey image (the model's input). The rule:
   *
   * <ol>
   *   <li>8-bit unsigned MONOCHROME2 (the SIIM case): exactly the stored values, as the original
   *       pipeline uses the raw pixels; rescale and window attributes are ignored.
   *   <li>Otherwise each stored value (masked to Bits Stored, sign-extended when signed) is rescaled,
   *       {@code x = value * slope + intercept}; then mapped to 0..255 by the file's first VOI window
   *       (Window Center/Width, the DICOM linear function of PS3.3 C.11.2.1.2.1) when present with a
   *       width &ge; 1, else linearly from the frame's minimum (0) to its maximum (255), a constant
   *       frame giving 0; results are rounded half up.
   *   <li>MONOCHROME1 is inverted ({@code 255 - y}) so that higher is brighter.
   * </ol>
   *
   * @param frame frame index, 0-based
   * @return the model's input image, {@code columns() x rows()}
   * @throws DicomException for colour images, or (rule 2) a rescale or window value that is not a finite
   *     number, or a rescale whose results are not finite
   * @throws IllegalArgumentException for a frame index out of range
   */
  public GreyImage toGreyImage(int frame) {
    return GreyConversion.convert(this, values, frame);
  }

  String source() {
    return source;
  }

  @Override
  public String toString() {
    return "DicomImage[" + source + ", " + rows() + "x" + columns() + "x" + samplesPerPixel() + ", "
        + frames() + " frame(s), " + bitsAllocated() + " bits, " + photometric + ", " + transferSyntaxUid + "]";
  }
}
