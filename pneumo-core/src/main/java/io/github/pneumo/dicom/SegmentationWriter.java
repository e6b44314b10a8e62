package io.github.pneumo.dicom;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.io.AtomicFiles;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a pneumothorax mask as a DICOM Segmentation (SEG, SOP Class {@value #SEGMENTATION_SOP_CLASS}) that
 * a PACS or viewer (OHIF, 3D Slicer, Weasis, dcmqi) shows over the source radiograph.
 *
 * <p>The object holds one segment, <i>Pneumothorax</i> (SNOMED CT 36118008) of category <i>Morphologically
 * abnormal structure</i> (SNOMED CT 49755003), found by an {@code AUTOMATIC} algorithm whose name and
 * version are recorded; one frame at the source's size, derived from the source image (Derivation Image
 * and Source Image sequences, Referenced Series Sequence); the patient and study attributes of the source;
 * a new series and instance UID ({@link DicomUids}, derived from the source and the content, so the same
 * input always gives the same UIDs); the shared and per-frame functional groups (pixel measures from the
 * source's Pixel Spacing, plane position and orientation and the frame of reference where the source has
 * them, derivation image, frame content, segment identification) and a dimension organisation indexed by
 * segment number. The file is Explicit VR Little Endian, written atomically.
 *
 * <ul>
 *   <li>{@link #write(DicomImage, Mask, Path)}: a <b>binary</b> SEG, 1 bit per pixel packed eight to a
 *       byte, least significant bit first.
 *   <li>{@link #writeFractional(DicomImage, ProbabilityMap, Path)}: a <b>fractional</b> SEG of type
 *       {@code PROBABILITY}, 8 bits per pixel, probability × 255 rounded.
 * </ul>
 *
 * <p>An empty mask writes, by default, a valid SEG whose one frame is empty ({@link EmptyMask#EMPTY_FRAME}):
 * a radiology system then holds an explicit "nothing found" result for every image read, which cannot be
 * told apart from "not analysed" when nothing is written. {@link EmptyMask#SKIP} writes nothing instead.
 *
 * <pre>{@code
 * SegmentationWriter seg = SegmentationWriter.builder().algorithm("pneumo AlbuNet", "0.1").build();
 * seg.write(Dicom.read(dcm), mask, out.resolve(id + ".seg.dcm"));
 * }</pre>
 */
public final class SegmentationWriter {
  /** Segmentation Storage. */
  public static final String SEGMENTATION_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

  /** The usual file suffix of a SEG written next to a probability map. */
  public static final String SUFFIX = ".seg.dcm";

  /** The default algorithm version: pneumo's version. */
  public static final String PNEUMO_VERSION = "0.1.0";

  /** What to do with an empty mask. */
  public enum EmptyMask {
    /** Write a valid SEG whose frame has no pixel set (the default). */
    EMPTY_FRAME,
    /** Write nothing. */
    SKIP
  }

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

  private final String algorithmName;
  private final String algorithmVersion;
  private final String manufacturer;
  private final String seriesDescription;
  private final int seriesNumber;
  private final long uidSeed;
  private final EmptyMask emptyMask;
  private final Clock clock;

  private SegmentationWriter(Builder b) {
    this.algorithmName = b.algorithmName;
    this.algorithmVersion = b.algorithmVersion;
    this.manufacturer = b.manufacturer;
    this.seriesDescription = b.seriesDescription;
    this.seriesNumber = b.seriesNumber;
    this.uidSeed = b.uidSeed;
    this.emptyMask = b.emptyMask;
    this.clock = b.clock;
  }

  /**
   * A builder with the defaults: algorithm {@code pneumo} version {@value #PNEUMO_VERSION}, empty masks written as an empty
   * frame, content date and time from the system clock.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes a binary SEG of a mask, atomically, creating parent folders.
   *
   * @param source the decoded source image (single frame)
   * @param mask the mask, at the source's size
   * @param file the destination
   * @return whether a file was written ({@code false} only for an empty mask with {@link EmptyMask#SKIP})
   * @throws DicomException naming the source when it is not a single-frame image with the UIDs a
   *     reference needs, or when the mask's size differs from the image's
   */
  public boolean write(DicomImage source, Mask mask, Path file) {
    if (mask.isEmpty() && emptyMask == EmptyMask.SKIP) {
      checkSource(source, mask.width(), mask.height());
      return false;
    }
    AtomicFiles.writeBytes(file, encode(source, mask));
    return true;
  }

  /**
   * Reads a source file and writes a binary SEG of a mask; see {@link #write(DicomImage, Mask, Path)}.
   *
   * @param sourceFile the source DICOM
   * @param mask the mask, at the source's size
   * @param file the destination
   * @return whether a file was written
   */
  public boolean write(Path sourceFile, Mask mask, Path file) {
    return write(Dicom.read(sourceFile), mask, file);
  }

  /**
   * Encodes a binary SEG of a mask (also for an empty mask, whatever the {@link EmptyMask} option).
   *
   * @param source the decoded source image (single frame)
   * @param mask the mask, at the source's size
   * @return the bytes of the Part 10 file
   * @throws DicomException as {@link #write(DicomImage, Mask, Path)}
   */
  public byte[] encode(DicomImage source, Mask mask) {
    checkSource(source, mask.width(), mask.height());
    byte[] rowMajor = mask.toRowMajor((byte) 1);
    byte[] packed = new byte[(rowMajor.length + 7) / 8];
    for (int i = 0; i < rowMajor.length; i++) {
      packed[i >>> 3] |= (byte) (rowMajor[i] << (i & 7));
    }
    return encode(source, packed, 1, "binary");
  }

  /**
   * Writes a fractional (probability) SEG of a map, atomically, creating parent folders.
   *
   * @param source the decoded source image (single frame)
   * @param map the probabilities, at the source's size; stored as {@code round(p × 255)}
   * @param file the destination
   * @throws DicomException as {@link #write(DicomImage, Mask, Path)}
   */
  public void writeFractional(DicomImage source, ProbabilityMap map, Path file) {
    AtomicFiles.writeBytes(file, encodeFractional(source, map));
  }

  /**
   * Encodes a fractional (probability) SEG of a map.
   *
   * @param source the decoded source image (single frame)
   * @param map the probabilities, at the source's size
   * @return the bytes of the Part 10 file
   * @throws DicomException as {@link #write(DicomImage, Mask, Path)}
   */
  public byte[] encodeFractional(DicomImage source, ProbabilityMap map) {
    checkSource(source, map.width(), map.height());
    float[] p = map.values();
    byte[] levels = new byte[p.length];
    for (int i = 0; i < p.length; i++) {
      float v = Float.isNaN(p[i]) ? 0 : Math.min(1f, Math.max(0f, p[i]));
      levels[i] = (byte) Math.round(v * 255f);
    }
    return encode(source, levels, 8, "fractional");
  }

  private static void checkSource(DicomImage source, int width, int height) {
    String name = source.source();
    if (source.string(DicomTags.SOP_CLASS_UID).orElse("").equals(SEGMENTATION_SOP_CLASS)) {
      throw new DicomException(name + ": is itself a Segmentation, not an image to segment");
    }
    if (source.frames() != 1) {
      throw new DicomException(name + ": a Segmentation is written for a single-frame image, but the source has "
          + source.frames() + " frames");
    }
    if (source.columns() != width || source.rows() != height) {
      throw new DicomException(name + ": the mask is " + width + "x" + height + " but the image is "
          + source.columns() + "x" + source.rows() + " (columns x rows)");
    }
    for (int tag : new int[] {DicomTags.SOP_CLASS_UID, DicomTags.SOP_INSTANCE_UID,
        DicomTags.STUDY_INSTANCE_UID, DicomTags.SERIES_INSTANCE_UID}) {
      String uid = source.string(tag).orElse("");
      if (!DicomUids.isValid(uid)) {
        throw new DicomException(name + ": " + DicomTags.format(tag) + " is " + (uid.isEmpty() ? "missing"
            : "not a valid UID: '" + uid + "'") + "; a Segmentation must reference it");
      }
    }
  }

  private byte[] encode(DicomImage source, byte[] pixels, int bits, String kind) {
    String sourceSop = source.sopInstanceUid();
    String sourceClass = source.string(DicomTags.SOP_CLASS_UID).orElseThrow();
    Hasher content = Hashing.sha256().newHasher()
        .putString(sourceSop, StandardCharsets.UTF_8).putString(kind, StandardCharsets.UTF_8)
        .putString(algorithmName + "\0" + algorithmVersion, StandardCharsets.UTF_8).putBytes(pixels);
    String seriesUid = DicomUids.derive(uidSeed, "seg-series/" + source.seriesInstanceUid() + "/" + kind
        + "/" + algorithmName + "/" + algorithmVersion);
    String instanceUid = DicomUids.derive(uidSeed, "seg-instance/" + content.hash());
    LocalDateTime now = LocalDateTime.now(clock);

    Dataset d = new Dataset(StandardCharsets.UTF_8);
    d.text(DicomTags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
    d.text(Tag.IMAGE_TYPE, Vr.CS, "DERIVED\\PRIMARY");
    d.text(DicomTags.SOP_CLASS_UID, Vr.UI, SEGMENTATION_SOP_CLASS);
    d.text(DicomTags.SOP_INSTANCE_UID, Vr.UI, instanceUid);
    d.text(Tag.SERIES_DATE, Vr.DA, DATE.format(now));
    d.text(Tag.CONTENT_DATE, Vr.DA, DATE.format(now));
    d.text(Tag.SERIES_TIME, Vr.TM, TIME.format(now));
    d.text(Tag.CONTENT_TIME, Vr.TM, TIME.format(now));
    d.text(DicomTags.MODALITY, Vr.CS, "SEG");
    d.text(Tag.MANUFACTURER, Vr.LO, manufacturer);
    d.text(Tag.MANUFACTURER_MODEL_NAME, Vr.LO, algorithmName);
    d.text(DicomTags.SERIES_DESCRIPTION, Vr.LO, seriesDescription);
    d.text(Tag.DEVICE_SERIAL_NUMBER, Vr.LO, "1");
    d.text(Tag.SOFTWARE_VERSIONS, Vr.LO, algorithmVersion);
    d.text(DicomTags.SERIES_INSTANCE_UID, Vr.UI, seriesUid);
    d.text(DicomTags.SERIES_NUMBER, Vr.IS, Integer.toString(seriesNumber));
    d.text(DicomTags.INSTANCE_NUMBER, Vr.IS, "1");
    copyPatientAndStudy(source, d);
    d.sequence(Tag.REFERENCED_SERIES_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
        .text(DicomTags.SERIES_INSTANCE_UID, Vr.UI, source.seriesInstanceUid())
        .sequence(Tag.REFERENCED_INSTANCE_SEQUENCE, reference(sourceClass, sourceSop)));

    Optional<String> frameOfReference = source.string(Tag.FRAME_OF_REFERENCE_UID).filter(DicomUids::isValid);
    frameOfReference.ifPresentOrElse(uid -> {
      d.text(Tag.FRAME_OF_REFERENCE_UID, Vr.UI, uid);
      d.text(Tag.POSITION_REFERENCE_INDICATOR, Vr.LO, source.string(Tag.POSITION_REFERENCE_INDICATOR).orElse(""));
    }, () -> copy(source, d, DicomTags.PATIENT_ORIENTATION, Vr.CS, true)); // type 2C without plane position

    // Segmentation Image module.
    d.us(DicomTags.SAMPLES_PER_PIXEL, 1);
    d.text(DicomTags.PHOTOMETRIC_INTERPRETATION, Vr.CS, "MONOCHROME2");
    d.text(DicomTags.NUMBER_OF_FRAMES, Vr.IS, "1");
    d.us(DicomTags.ROWS, source.rows());
    d.us(DicomTags.COLUMNS, source.columns());
    d.us(DicomTags.BITS_ALLOCATED, bits);
    d.us(DicomTags.BITS_STORED, bits);
    d.us(DicomTags.HIGH_BIT, bits - 1);
    d.us(DicomTags.PIXEL_REPRESENTATION, 0);
    d.text(DicomTags.LOSSY_IMAGE_COMPRESSION, Vr.CS, "00");
    d.text(Tag.CONTENT_LABEL, Vr.CS, "PNEUMOTHORAX");
    d.text(Tag.CONTENT_DESCRIPTION, Vr.LO, "Pneumothorax segmentation by " + algorithmName);
    d.text(Tag.CONTENT_CREATOR_NAME, Vr.PN, "");
    if (bits == 1) {
      d.text(Tag.SEGMENTATION_TYPE, Vr.CS, "BINARY");
    } else {
      d.text(Tag.SEGMENTATION_TYPE, Vr.CS, "FRACTIONAL");
      d.text(Tag.SEGMENTATION_FRACTIONAL_TYPE, Vr.CS, "PROBABILITY");
      d.us(Tag.MAXIMUM_FRACTIONAL_VALUE, 255);
    }
    d.sequence(Tag.SEGMENT_SEQUENCE, segment());

    // Multi-frame Functional Groups and Multi-frame Dimension modules.
    String dimensions = DicomUids.derive(uidSeed, "seg-dimensions/" + instanceUid);
    d.sequence(Tag.DIMENSION_ORGANIZATION_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
        .text(Tag.DIMENSION_ORGANIZATION_UID, Vr.UI, dimensions));
    d.sequence(Tag.DIMENSION_INDEX_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
        .text(Tag.DIMENSION_ORGANIZATION_UID, Vr.UI, dimensions)
        .at(Tag.DIMENSION_INDEX_POINTER, Tag.REFERENCED_SEGMENT_NUMBER)
        .at(Tag.FUNCTIONAL_GROUP_POINTER, Tag.SEGMENT_IDENTIFICATION_SEQUENCE)
        .text(Tag.DIMENSION_DESCRIPTION_LABEL, Vr.LO, "Segment Number"));
    d.sequence(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, sharedGroups(source, frameOfReference.isPresent()));
    d.sequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, frameGroups(source, sourceClass, sourceSop,
        frameOfReference.isPresent()));

    d.binary(DicomTags.PIXEL_DATA, Vr.OB, pixels);
    return d.toPart10(SEGMENTATION_SOP_CLASS, instanceUid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, new byte[0]);
  }

  private static void copyPatientAndStudy(DicomImage source, Dataset d) {
    copy(source, d, DicomTags.PATIENT_NAME, Vr.PN, true);
    copy(source, d, DicomTags.PATIENT_ID, Vr.LO, true);
    copy(source, d, DicomTags.PATIENT_BIRTH_DATE, Vr.DA, true);
    copy(source, d, DicomTags.PATIENT_SEX, Vr.CS, true);
    source.string(DicomTags.PATIENT_AGE).filter(age -> age.matches("\\d{3}[DWMY]")) // SIIM's "28" is invalid AS
        .ifPresent(age -> d.text(DicomTags.PATIENT_AGE, Vr.AS, age));
    copy(source, d, DicomTags.STUDY_INSTANCE_UID, Vr.UI, true);
    copy(source, d, DicomTags.STUDY_DATE, Vr.DA, true);
    copy(source, d, DicomTags.STUDY_TIME, Vr.TM, true);
    copy(source, d, DicomTags.REFERRING_PHYSICIAN_NAME, Vr.PN, true);
    copy(source, d, DicomTags.STUDY_ID, Vr.SH, true);
    copy(source, d, DicomTags.ACCESSION_NUMBER, Vr.SH, true);
    copy(source, d, Tag.STUDY_DESCRIPTION, Vr.LO, false);
  }

  /** Copies a top-level value; a type 2 attribute ({@code always}) is written empty when the source lacks it. */
  private static void copy(DicomImage source, Dataset d, int tag, Vr vr, boolean always) {
    Optional<String> value = source.string(tag);
    if (value.isPresent() || always) {
      d.text(tag, vr, value.orElse(""));
    }
  }

  private Dataset segment() {
    Dataset algorithm = new Dataset(StandardCharsets.UTF_8)
        .sequence(Tag.ALGORITHM_FAMILY_CODE_SEQUENCE, code("123110", "DCM", "Artificial Intelligence"))
        .text(Tag.ALGORITHM_VERSION, Vr.LO, algorithmVersion)
        .text(Tag.ALGORITHM_NAME, Vr.LO, algorithmName);
    return new Dataset(StandardCharsets.UTF_8)
        .sequence(Tag.SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE,
            code("49755003", "SCT", "Morphologically abnormal structure"))
        .us(Tag.SEGMENT_NUMBER, 1)
        .text(Tag.SEGMENT_LABEL, Vr.LO, "Pneumothorax")
        .sequence(Tag.SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE, algorithm)
        .text(Tag.SEGMENT_ALGORITHM_TYPE, Vr.CS, "AUTOMATIC")
        .text(Tag.SEGMENT_ALGORITHM_NAME, Vr.LO, algorithmName)
        .us(Tag.RECOMMENDED_DISPLAY_CIELAB_VALUE, 34_734, 53_456, 50_115) // sRGB red
        .sequence(Tag.SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE, code("36118008", "SCT", "Pneumothorax"));
  }

  private static Dataset sharedGroups(DicomImage source, boolean frameOfReference) {
    Dataset shared = new Dataset(StandardCharsets.UTF_8);
    Optional<String> spacing = source.string(DicomTags.PIXEL_SPACING).flatMap(SegmentationWriter::decimals);
    if (spacing.isPresent() || frameOfReference) {
      Dataset measures = new Dataset(StandardCharsets.UTF_8);
      spacing.ifPresent(s -> measures.text(DicomTags.PIXEL_SPACING, Vr.DS, s));
      if (frameOfReference) {
        measures.text(Tag.SLICE_THICKNESS, Vr.DS,
            source.string(Tag.SLICE_THICKNESS).flatMap(SegmentationWriter::decimals).orElse("1"));
      }
      shared.sequence(Tag.PIXEL_MEASURES_SEQUENCE, measures);
    }
    if (frameOfReference) {
      source.string(Tag.IMAGE_ORIENTATION_PATIENT).flatMap(SegmentationWriter::decimals).ifPresent(o ->
          shared.sequence(Tag.PLANE_ORIENTATION_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
              .text(Tag.IMAGE_ORIENTATION_PATIENT, Vr.DS, o)));
    }
    return shared;
  }

  private static Dataset frameGroups(DicomImage source, String sourceClass, String sourceSop,
      boolean frameOfReference) {
    Dataset derivation = new Dataset(StandardCharsets.UTF_8)
        .sequence(Tag.SOURCE_IMAGE_SEQUENCE, reference(sourceClass, sourceSop)
            .sequence(Tag.PURPOSE_OF_REFERENCE_CODE_SEQUENCE,
                code("121322", "DCM", "Source image for image processing operation")))
        .sequence(Tag.DERIVATION_CODE_SEQUENCE, code("113076", "DCM", "Segmentation"));
    Dataset frame = new Dataset(StandardCharsets.UTF_8)
        .sequence(Tag.DERIVATION_IMAGE_SEQUENCE, derivation)
        .sequence(Tag.FRAME_CONTENT_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
            .ul(Tag.DIMENSION_INDEX_VALUES, 1))
        .sequence(Tag.SEGMENT_IDENTIFICATION_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
            .us(Tag.REFERENCED_SEGMENT_NUMBER, 1));
    if (frameOfReference) {
      source.string(Tag.IMAGE_POSITION_PATIENT).flatMap(SegmentationWriter::decimals).ifPresent(p ->
          frame.sequence(Tag.PLANE_POSITION_SEQUENCE, new Dataset(StandardCharsets.UTF_8)
              .text(Tag.IMAGE_POSITION_PATIENT, Vr.DS, p)));
    }
    return frame;
  }

  private static Dataset reference(String sopClass, String sopInstance) {
    return new Dataset(StandardCharsets.UTF_8)
        .text(Tag.REFERENCED_SOP_CLASS_UID, Vr.UI, sopClass)
        .text(Tag.REFERENCED_SOP_INSTANCE_UID, Vr.UI, sopInstance);
  }

  private static Dataset code(String value, String scheme, String meaning) {
    return new Dataset(StandardCharsets.UTF_8)
        .text(Tag.CODE_VALUE, Vr.SH, value)
        .text(Tag.CODING_SCHEME_DESIGNATOR, Vr.SH, scheme)
        .text(Tag.CODE_MEANING, Vr.LO, meaning);
  }

  /**
   * A multi-valued decimal string rewritten so that every value fits the 16 characters of DS (the SIIM
   * files' Pixel Spacing has 17); empty when a value is not a finite number.
   */
  static Optional<String> decimals(String values) {
    List<String> out = new ArrayList<>();
    for (String v : values.split("\\\\", -1)) {
      double d;
      try {
        d = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (!Double.isFinite(d)) {
        return Optional.empty();
      }
      String text = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
      for (int digits = 15; text.length() > 16 && digits > 0; digits--) {
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(digits)).stripTrailingZeros();
        text = rounded.toPlainString().length() <= 16 ? rounded.toPlainString() : rounded.toString();
      }
      out.add(text);
    }
    return Optional.of(String.join("\\", out));
  }

  /** Tags of the Segmentation IOD not in {@link DicomTags}. */
  private static final class Tag {
    static final int IMAGE_TYPE = 0x0008_0008;
    static final int SERIES_DATE = 0x0008_0021;
    static final int CONTENT_DATE = 0x0008_0023;
    static final int SERIES_TIME = 0x0008_0031;
    static final int CONTENT_TIME = 0x0008_0033;
    static final int MANUFACTURER = 0x0008_0070;
    static final int CODE_VALUE = 0x0008_0100;
    static final int CODING_SCHEME_DESIGNATOR = 0x0008_0102;
    static final int CODE_MEANING = 0x0008_0104;
    static final int STUDY_DESCRIPTION = 0x0008_1030;
    static final int MANUFACTURER_MODEL_NAME = 0x0008_1090;
    static final int REFERENCED_SERIES_SEQUENCE = 0x0008_1115;
    static final int REFERENCED_INSTANCE_SEQUENCE = 0x0008_114A;
    static final int REFERENCED_SOP_CLASS_UID = 0x0008_1150;
    static final int REFERENCED_SOP_INSTANCE_UID = 0x0008_1155;
    static final int SOURCE_IMAGE_SEQUENCE = 0x0008_2112;
    static final int DERIVATION_IMAGE_SEQUENCE = 0x0008_9124;
    static final int DERIVATION_CODE_SEQUENCE = 0x0008_9215;
    static final int SLICE_THICKNESS = 0x0018_0050;
    static final int DEVICE_SERIAL_NUMBER = 0x0018_1000;
    static final int SOFTWARE_VERSIONS = 0x0018_1020;
    static final int IMAGE_POSITION_PATIENT = 0x0020_0032;
    static final int IMAGE_ORIENTATION_PATIENT = 0x0020_0037;
    static final int FRAME_OF_REFERENCE_UID = 0x0020_0052;
    static final int POSITION_REFERENCE_INDICATOR = 0x0020_1040;
    static final int FRAME_CONTENT_SEQUENCE = 0x0020_9111;
    static final int PLANE_POSITION_SEQUENCE = 0x0020_9113;
    static final int PLANE_ORIENTATION_SEQUENCE = 0x0020_9116;
    static final int DIMENSION_INDEX_VALUES = 0x0020_9157;
    static final int DIMENSION_ORGANIZATION_UID = 0x0020_9164;
    static final int DIMENSION_INDEX_POINTER = 0x0020_9165;
    static final int FUNCTIONAL_GROUP_POINTER = 0x0020_9167;
    static final int DIMENSION_ORGANIZATION_SEQUENCE = 0x0020_9221;
    static final int DIMENSION_INDEX_SEQUENCE = 0x0020_9222;
    static final int DIMENSION_DESCRIPTION_LABEL = 0x0020_9421;
    static final int PIXEL_MEASURES_SEQUENCE = 0x0028_9110;
    static final int PURPOSE_OF_REFERENCE_CODE_SEQUENCE = 0x0040_A170;
    static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x5200_9229;
    static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x5200_9230;
    static final int SEGMENTATION_TYPE = 0x0062_0001;
    static final int SEGMENT_SEQUENCE = 0x0062_0002;
    static final int SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE = 0x0062_0003;
    static final int SEGMENT_NUMBER = 0x0062_0004;
    static final int SEGMENT_LABEL = 0x0062_0005;
    static final int SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE = 0x0062_0007;
    static final int SEGMENT_ALGORITHM_TYPE = 0x0062_0008;
    static final int SEGMENT_ALGORITHM_NAME = 0x0062_0009;
    static final int SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062_000A;
    static final int REFERENCED_SEGMENT_NUMBER = 0x0062_000B;
    static final int RECOMMENDED_DISPLAY_CIELAB_VALUE = 0x0062_000D;
    static final int MAXIMUM_FRACTIONAL_VALUE = 0x0062_000E;
    static final int SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE = 0x0062_000F;
    static final int SEGMENTATION_FRACTIONAL_TYPE = 0x0062_0010;
    static final int ALGORITHM_FAMILY_CODE_SEQUENCE = 0x0066_002F;
    static final int ALGORITHM_VERSION = 0x0066_0031;
    static final int ALGORITHM_NAME = 0x0066_0036;
    static final int CONTENT_LABEL = 0x0070_0080;
    static final int CONTENT_DESCRIPTION = 0x0070_0081;
    static final int CONTENT_CREATOR_NAME = 0x0070_0084;

    private Tag() {}
  }

  /** Builder of {@link SegmentationWriter}s. */
  public static final class Builder {
    private String algorithmName = "pneumo";
    private String algorithmVersion = PNEUMO_VERSION;
    private String manufacturer = "pneumo";
    private String seriesDescription = "Pneumothorax segmentation (pneumo)";
    private int seriesNumber = 1;
    private long uidSeed;
    private EmptyMask emptyMask = EmptyMask.EMPTY_FRAME;
    private Clock clock = Clock.systemDefaultZone();

    private Builder() {}

    /**
     * The algorithm recorded in the segment (Segment Algorithm Name, Algorithm Name and Version) and as the
     * equipment's model name and software version.
     *
     * @param name e.g. {@code pneumo AlbuNet ensemble}, at most 64 characters
     * @param version e.g. {@code 0.1}, at most 64 characters
     * @return this builder
     */
    public Builder algorithm(String name, String version) {
      this.algorithmName = lo("algorithm name", name);
      this.algorithmVersion = lo("algorithm version", version);
      return this;
    }

    /**
     * The Manufacturer of the equipment (default {@code pneumo}).
     *
     * @param manufacturer at most 64 characters
     * @return this builder
     */
    public Builder manufacturer(String manufacturer) {
      this.manufacturer = lo("manufacturer", manufacturer);
      return this;
    }

    /**
     * The Series Description (default {@code Pneumothorax segmentation (pneumo)}).
     *
     * @param description at most 64 characters
     * @return this builder
     */
    public Builder seriesDescription(String description) {
      this.seriesDescription = lo("series description", description);
      return this;
    }

    /**
     * The Series Number (default 1).
     *
     * @param number a non-negative integer
     * @return this builder
     */
    public Builder seriesNumber(int number) {
      if (number < 0) {
        throw new IllegalArgumentException("series number must be >= 0, got " + number);
      }
      this.seriesNumber = number;
      return this;
    }

    /**
     * The seed of the derived UIDs (default 0): series UID from the source series and the algorithm,
     * instance UID from the source instance, the algorithm and the pixels.
     *
     * @param seed the seed of {@link DicomUids#derive(long, String)}
     * @return this builder
     */
    public Builder uidSeed(long seed) {
      this.uidSeed = seed;
      return this;
    }

    /**
     * What an empty mask writes (default {@link EmptyMask#EMPTY_FRAME}).
     *
     * @param option the option
     * @return this builder
     */
    public Builder emptyMask(EmptyMask option) {
      this.emptyMask = Objects.requireNonNull(option);
      return this;
    }

    /**
     * The clock giving the series and content date and time (default: the system clock, local time).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Builds the writer.
     *
     * @return an immutable, thread-safe writer
     */
    public SegmentationWriter build() {
      return new SegmentationWriter(this);
    }

    private static String lo(String what, String value) {
      if (value.isBlank() || value.length() > 64 || value.contains("\\")) {
        throw new IllegalArgumentException(what + " must be 1 to 64 characters without a backslash: '"
            + value + "'");
      }
      return value;
    }
  }
}
