package io.github.pneumo.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Crafts small Explicit VR Little Endian Part 10 files element by element, for tests. */
final class TestDatasets {
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  static TestDatasets create() {
    return new TestDatasets();
  }

  TestDatasets us(int tag, int value) {
    return element(tag, "US", new byte[] {(byte) value, (byte) (value >> 8)});
  }

  TestDatasets text(int tag, String vr, String value) {
    String padded = value.length() % 2 == 0 ? value : value + " ";
    return element(tag, vr, padded.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A 16-bit grey image's pixel attributes (without pixel data). */
  static TestDatasets grey16(int rows, int columns, boolean signed, String photometric) {
    return create()
        .us(DicomTags.SAMPLES_PER_PIXEL, 1)
        .text(DicomTags.PHOTOMETRIC_INTERPRETATION, "CS", photometric)
        .us(DicomTags.ROWS, rows)
        .us(DicomTags.COLUMNS, columns)
        .us(DicomTags.BITS_ALLOCATED, 16)
        .us(DicomTags.BITS_STORED, 16)
        .us(DicomTags.HIGH_BIT, 15)
        .us(DicomTags.PIXEL_REPRESENTATION, signed ? 1 : 0);
  }

  TestDatasets element(int tag, String vr, byte[] value) {
    writeTag(data, tag);
    data.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (Vr.valueOf(vr).hasLongLength()) {
      data.writeBytes(new byte[2]);
      data.writeBytes(le32(value.length));
    } else {
      data.write(value.length);
      data.write(value.length >> 8);
    }
    data.writeBytes(value);
    return this;
  }

  /** Appends raw bytes (e.g. a header with an absurd length). */
  TestDatasets raw(int... bytes) {
    for (int b : bytes) {
      data.write(b);
    }
    return this;
  }

  /** The Part 10 file: preamble, DICM, meta group (Explicit VR LE), then the dataset. */
  byte[] toFile() {
    return toFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
  }

  /** The Part 10 file with the given transfer syntax in its meta group. */
  byte[] toFile(String transferSyntax) {
    return toFile(transferSyntax, data.toByteArray());
  }

  /** The Part 10 file with the given transfer syntax in its meta group, then the given dataset bytes. */
  static byte[] toFile(String transferSyntax, byte[] dataset) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    String padded = transferSyntax.length() % 2 == 0 ? transferSyntax : transferSyntax + "\0";
    byte[] ts = padded.getBytes(StandardCharsets.US_ASCII);
    writeTag(meta, 0x0002_0010);
    meta.writeBytes("UI".getBytes(StandardCharsets.US_ASCII));
    meta.write(ts.length);
    meta.write(0);
    meta.writeBytes(ts);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    writeTag(out, 0x0002_0000);
    out.writeBytes("UL".getBytes(StandardCharsets.US_ASCII));
    out.write(4);
    out.write(0);
    out.writeBytes(le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    out.writeBytes(dataset);
    return out.toByteArray();
  }

  /** The dataset bytes written so far. */
  byte[] dataset() {
    return data.toByteArray();
  }

  static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  private static void writeTag(ByteArrayOutputStream out, int tag) {
    out.write(tag >>> 16 & 0xFF);
    out.write(tag >>> 24);
    out.write(tag & 0xFF);
    out.write(tag >>> 8 & 0xFF);
  }

  static byte[] pixels16(short... values) {
    byte[] pixels = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      pixels[2 * i] = (byte) values[i];
      pixels[2 * i + 1] = (byte) (values[i] >> 8);
    }
    return pixels;
  }
}
