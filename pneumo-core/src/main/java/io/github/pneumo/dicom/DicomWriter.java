package io.github.pneumo.dicom;

import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Writes 8-bit greyscale images as DICOM Part 10 files shaped like the SIIM-ACR radiographs: 128-byte
 * preamble, {@code DICM}, an Explicit VR Little Endian meta group with its group length, then a
 * Secondary Capture dataset (Modality CR, MONOCHROME2, 8 bits) either as JPEG Baseline encapsulated in
 * one fragment after an empty basic offset table, or uncompressed Explicit VR Little Endian.
 *
 * <p>Type 2 attributes of the Secondary Capture IOD (patient name and ID, study date, …) are written
 * empty unless the caller sets them with {@link Builder#attribute(int, Vr, String)}. Output is
 * deterministic (fixed JPEG quality, no timestamps) and written atomically.
 *
 * <pre>{@code
 * DicomWriter writer = DicomWriter.builder()
 *     .sopInstanceUid(uids.next()).studyInstanceUid(study).seriesInstanceUid(series)
 *     .attribute(DicomTags.PATIENT_ID, Vr.LO, "synthetic-17")
 *     .build();
 * writer.write(image, dir.resolve(writer.sopInstanceUid() + ".dcm"));
 * }</pre>
 */
public final class DicomWriter {
  /** Secondary Capture Image Storage. */
  public static final String SECONDARY_CAPTURE_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7";

  private static final String JDK_JPEG_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriter";

  /** How the pixel data is encoded. */
  public enum Encoding {
    /** JPEG Baseline (1.2.840.10008.1.2.4.50), as in the SIIM-ACR files. */
    JPEG_BASELINE(TransferSyntax.JPEG_BASELINE),
    /** Uncompressed Explicit VR Little Endian (1.2.840.10008.1.2.1). */
    EXPLICIT_VR_LITTLE_ENDIAN(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

    private final String uid;

    Encoding(String uid) {
      this.uid = uid;
    }

    /**
     * The transfer syntax UID.
     *
     * @return the UID written in the meta group
     */
    public String transferSyntaxUid() {
      return uid;
    }
  }

  private record Value(Vr vr, String text) {}

  private final Encoding encoding;
  private final float jpegQuality;
  private final Map<Integer, Value> attributes;

  private DicomWriter(Builder b) {
    this.encoding = b.encoding;
    this.jpegQuality = b.jpegQuality;
    this.attributes = new TreeMap<>(Integer::compareUnsigned);
    this.attributes.putAll(b.attributes);
  }

  /**
   * A new builder with the SIIM-like defaults (JPEG Baseline, quality 0.9, Modality CR).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SOP Instance UID this writer puts in the file.
   *
   * @return the UID
   */
  public String sopInstanceUid() {
    return attributes.get(DicomTags.SOP_INSTANCE_UID).text();
  }

  /**
   * Writes an image atomically ({@link AtomicFiles}: temporary file in the same folder, forced to disk,
   * then moved over the target), creating parent folders.
   *
   * @param image the pixels, at most 65500 per side for JPEG
   * @param file the destination
   * @throws io.github.pneumo.PneumoException naming the file when it cannot be written
   */
  public void write(GreyImage image, Path file) {
    AtomicFiles.writeBytes(file, encode(image));
  }

  /**
   * Encodes an image as the bytes of a Part 10 file.
   *
   * @param image the pixels
   * @return the file's contents
   */
  public byte[] encode(GreyImage image) {
    int max = encoding == Encoding.JPEG_BASELINE ? 65500 : 65535;
    if (image.width() > max || image.height() > max) {
      throw new IllegalArgumentException("image " + image.width() + "x" + image.height()
          + " is larger than " + max + " per side");
    }
    Map<Integer, Value> data = new TreeMap<>(Integer::compareUnsigned);
    data.putAll(attributes);
    data.put(DicomTags.SAMPLES_PER_PIXEL, new Value(Vr.US, "1"));
    data.put(DicomTags.PHOTOMETRIC_INTERPRETATION, new Value(Vr.CS, "MONOCHROME2"));
    data.put(DicomTags.ROWS, new Value(Vr.US, Integer.toString(image.height())));
    data.put(DicomTags.COLUMNS, new Value(Vr.US, Integer.toString(image.width())));
    data.put(DicomTags.BITS_ALLOCATED, new Value(Vr.US, "8"));
    data.put(DicomTags.BITS_STORED, new Value(Vr.US, "8"));
    data.put(DicomTags.HIGH_BIT, new Value(Vr.US, "7"));
    data.put(DicomTags.PIXEL_REPRESENTATION, new Value(Vr.US, "0"));
    if (encoding == Encoding.JPEG_BASELINE) {
      data.put(DicomTags.LOSSY_IMAGE_COMPRESSION, new Value(Vr.CS, "01"));
      data.put(DicomTags.LOSSY_IMAGE_COMPRESSION_METHOD, new Value(Vr.CS, "ISO_10918_1"));
    }

    Dataset dataset = new Dataset(StandardCharsets.ISO_8859_1);
    for (Map.Entry<Integer, Value> e : data.entrySet()) {
      Vr vr = e.getValue().vr();
      String text = e.getValue().text();
      if (vr == Vr.US) {
        dataset.us(e.getKey(), text.isEmpty() ? new int[0]
            : java.util.Arrays.stream(text.split("\\\\")).mapToInt(Integer::parseInt).toArray());
      } else {
        dataset.text(e.getKey(), vr, text);
      }
    }
    ByteArrayOutputStream pixels = new ByteArrayOutputStream(image.width() * image.height() / 4 + 64);
    if (encoding == Encoding.JPEG_BASELINE) {
      byte[] jpeg = Dataset.pad(encodeJpeg(image), (byte) 0);
      Dataset.writeTagVr(pixels, DicomTags.PIXEL_DATA, Vr.OB);
      pixels.writeBytes(Dataset.le32(0xFFFF_FFFF));
      writeItem(pixels, 0xFFFE_E000, 0);
      writeItem(pixels, 0xFFFE_E000, jpeg.length);
      pixels.writeBytes(jpeg);
      writeItem(pixels, 0xFFFE_E0DD, 0);
    } else {
      Dataset.writeElement(pixels, DicomTags.PIXEL_DATA, Vr.OB, Dataset.pad(image.pixels(), (byte) 0));
    }
    return dataset.toPart10(data.get(DicomTags.SOP_CLASS_UID).text(), sopInstanceUid(),
        encoding.transferSyntaxUid(), pixels.toByteArray());
  }

  private byte[] encodeJpeg(GreyImage image) {
    BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] target = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
    System.arraycopy(image.pixels(), 0, target, 0, target.length);
    ImageWriter writer = jpegWriter();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(jpegQuality);
      IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(buffered), param);
      String format = "javax_imageio_jpeg_image_1.0";
      Node tree = metadata.getAsTree(format);
      Node variety = tree.getFirstChild(); // JPEGvariety: holds the JFIF APP0 marker, which SIIM files lack
      while (variety.hasChildNodes()) {
        variety.removeChild(variety.getFirstChild());
      }
      metadata.setFromTree(format, tree);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(stream);
        writer.write(null, new IIOImage(buffered, null, metadata), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new DicomException("JPEG encoding failed: " + e, e);
    } finally {
      writer.dispose();
    }
  }

  private static ImageWriter jpegWriter() {
    ImageWriter fallback = null;
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (w.getClass().getName().equals(JDK_JPEG_WRITER)) {
        return w;
      }
      fallback = fallback == null ? w : fallback;
    }
    if (fallback == null) {
      throw new DicomException("no ImageIO JPEG writer available");
    }
    return fallback;
  }

  private static void writeItem(ByteArrayOutputStream out, int tag, int length) {
    Dataset.writeTag(out, tag);
    out.writeBytes(Dataset.le32(length));
  }

  /** Builder of {@link DicomWriter}s; SOP Instance, Study Instance and Series Instance UIDs are required. */
  public static final class Builder {
    private Encoding encoding = Encoding.JPEG_BASELINE;
    private float jpegQuality = 0.9f;
    private final Map<Integer, Value> attributes = new TreeMap<>(Integer::compareUnsigned);

    private Builder() {
      put(DicomTags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 100");
      put(DicomTags.SOP_CLASS_UID, Vr.UI, SECONDARY_CAPTURE_SOP_CLASS);
      put(DicomTags.STUDY_DATE, Vr.DA, "");
      put(DicomTags.STUDY_TIME, Vr.TM, "");
      put(DicomTags.ACCESSION_NUMBER, Vr.SH, "");
      put(DicomTags.MODALITY, Vr.CS, "CR");
      put(DicomTags.CONVERSION_TYPE, Vr.CS, "WSD");
      put(DicomTags.REFERRING_PHYSICIAN_NAME, Vr.PN, "");
      put(DicomTags.PATIENT_NAME, Vr.PN, "");
      put(DicomTags.PATIENT_ID, Vr.LO, "");
      put(DicomTags.PATIENT_BIRTH_DATE, Vr.DA, "");
      put(DicomTags.PATIENT_SEX, Vr.CS, "");
      put(DicomTags.STUDY_ID, Vr.SH, "");
      put(DicomTags.SERIES_NUMBER, Vr.IS, "1");
      put(DicomTags.INSTANCE_NUMBER, Vr.IS, "1");
      put(DicomTags.PATIENT_ORIENTATION, Vr.CS, "");
    }

    private void put(int tag, Vr vr, String value) {
      attributes.put(tag, new Value(vr, value));
    }

    /**
     * The pixel data encoding (default JPEG Baseline).
     *
     * @param encoding the encoding
     * @return this builder
     */
    public Builder encoding(Encoding encoding) {
      this.encoding = encoding;
      return this;
    }

    /**
     * The JPEG quality in (0, 1] (default 0.9, close to the SIIM files' tables).
     *
     * @param quality the ImageIO compression quality
     * @return this builder
     */
    public Builder jpegQuality(float quality) {
      if (!(quality > 0 && quality <= 1)) {
        throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
      }
      this.jpegQuality = quality;
      return this;
    }

    /**
     * SOP Instance UID (required; the SIIM image id).
     *
     * @param uid a valid UID
     * @return this builder
     */
    public Builder sopInstanceUid(String uid) {
      return uid(DicomTags.SOP_INSTANCE_UID, uid);
    }

    /**
     * Study Instance UID (required).
     *
     * @param uid a valid UID
     * @return this builder
     */
    public Builder studyInstanceUid(String uid) {
      return uid(DicomTags.STUDY_INSTANCE_UID, uid);
    }

    /**
     * Series Instance UID (required).
     *
     * @param uid a valid UID
     * @return this builder
     */
    public Builder seriesInstanceUid(String uid) {
      return uid(DicomTags.SERIES_INSTANCE_UID, uid);
    }

    private Builder uid(int tag, String uid) {
      if (!DicomUids.isValid(uid)) {
        throw new IllegalArgumentException("invalid UID for " + DicomTags.format(tag) + ": '" + uid + "'");
      }
      put(tag, Vr.UI, uid);
      return this;
    }

    /**
     * Sets (or replaces a default of) a top-level attribute. The file meta group and the image pixel
     * attributes (group 0028, pixel data) are derived from the image and cannot be set.
     *
     * @param tag group &lt;&lt; 16 | element, e.g. {@link DicomTags#PATIENT_ID}
     * @param vr a text VR, or US for unsigned shorts written as decimal text ({@code "1\2"})
     * @param value the value (ISO-8859-1), multiple values separated by backslashes
     * @return this builder
     */
    public Builder attribute(int tag, Vr vr, String value) {
      int group = tag >>> 16;
      if (group <= 0x0002 || group == 0x0028 || group == 0x7FE0 || group >= 0xFFFC || (group & 1) == 1
          && group <= 0x0007) {
        throw new IllegalArgumentException("attribute " + DicomTags.format(tag) + " cannot be set by the caller");
      }
      if (vr != Vr.US && !vr.isText()) {
        throw new IllegalArgumentException("VR " + vr + " is not supported by the writer (text VRs and US)");
      }
      if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
        throw new IllegalArgumentException("value of " + DicomTags.format(tag) + " is not ISO-8859-1: " + value);
      }
      if (vr == Vr.US && !value.matches("(\\d{1,5}(\\\\\\d{1,5})*)?")) {
        throw new IllegalArgumentException("US value of " + DicomTags.format(tag) + " is not numeric: " + value);
      }
      if (!vr.hasLongLength() && value.length() > 65534) {
        throw new IllegalArgumentException("value of " + DicomTags.format(tag) + " is too long for " + vr);
      }
      if (vr == Vr.UI && !value.isEmpty() && !value.chars().allMatch(c -> c == '.' || c == '\\' || c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("invalid UID value for " + DicomTags.format(tag) + ": " + value);
      }
      put(tag, vr, value);
      return this;
    }

    /**
     * Builds the writer.
     *
     * @return a reusable, thread-safe writer
     * @throws IllegalStateException when a required UID is missing
     */
    public DicomWriter build() {
      for (int tag : new int[] {DicomTags.SOP_INSTANCE_UID, DicomTags.STUDY_INSTANCE_UID,
          DicomTags.SERIES_INSTANCE_UID}) {
        if (!attributes.containsKey(tag)) {
          throw new IllegalStateException("required UID " + DicomTags.format(tag) + " is not set");
        }
      }
      return new DicomWriter(this);
    }
  }
}
