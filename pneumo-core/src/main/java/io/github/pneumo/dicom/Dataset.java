package io.github.pneumo.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset being written in Explicit VR Little Endian: elements kept in tag order, sequences of nested
 * datasets with defined lengths, and the Part 10 framing (preamble, {@code DICM}, meta group with its group
 * length). Values are checked only for what the encoding needs (lengths, even padding); the writers
 * ({@link DicomWriter}, {@link SegmentationWriter}) choose the attributes.
 */
final class Dataset {
  private static final String IMPLEMENTATION_VERSION = "PNEUMO_0_1";

  private final Map<Integer, byte[]> elements = new TreeMap<>(Integer::compareUnsigned);
  private final Charset charset;

  /**
   * A dataset whose text values of VRs that may hold any character are encoded in {@code charset}.
   *
   * @param charset ISO-8859-1 (Specific Character Set ISO_IR 100) or UTF-8 (ISO_IR 192)
   */
  Dataset(Charset charset) {
    this.charset = charset;
  }

  boolean contains(int tag) {
    return elements.containsKey(tag);
  }

  /** A text value (padded to even length with a space, or NUL for UI); multiple values joined by backslashes. */
  Dataset text(int tag, Vr vr, String value) {
    Charset cs = switch (vr) {
      case PN, LO, SH, LT, ST, UT, UC -> charset;
      default -> StandardCharsets.ISO_8859_1;
    };
    return put(tag, vr, pad(value.getBytes(cs), vr == Vr.UI ? 0 : (byte) ' '));
  }

  /** Unsigned shorts (US). */
  Dataset us(int tag, int... values) {
    byte[] b = new byte[2 * values.length];
    for (int i = 0; i < values.length; i++) {
      b[2 * i] = (byte) values[i];
      b[2 * i + 1] = (byte) (values[i] >>> 8);
    }
    return put(tag, Vr.US, b);
  }

  /** Unsigned longs (UL). */
  Dataset ul(int tag, long... values) {
    byte[] b = new byte[4 * values.length];
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(le32((int) values[i]), 0, b, 4 * i, 4);
    }
    return put(tag, Vr.UL, b);
  }

  /** Attribute tags (AT): each as group then element, little endian. */
  Dataset at(int tag, int... tags) {
    byte[] b = new byte[4 * tags.length];
    for (int i = 0; i < tags.length; i++) {
      b[4 * i] = (byte) (tags[i] >>> 16);
      b[4 * i + 1] = (byte) (tags[i] >>> 24);
      b[4 * i + 2] = (byte) tags[i];
      b[4 * i + 3] = (byte) (tags[i] >>> 8);
    }
    return put(tag, Vr.AT, b);
  }

  /** A sequence of items, each with a defined length. */
  Dataset sequence(int tag, List<Dataset> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Dataset item : items) {
      byte[] body = item.encode();
      writeTag(out, 0xFFFE_E000);
      out.writeBytes(le32(body.length));
      out.writeBytes(body);
    }
    return put(tag, Vr.SQ, out.toByteArray());
  }

  /** A sequence of one item. */
  Dataset sequence(int tag, Dataset item) {
    return sequence(tag, List.of(item));
  }

  /** A binary value (OB, OW, …), padded with a zero byte to even length. */
  Dataset binary(int tag, Vr vr, byte[] value) {
    return put(tag, vr, pad(value, (byte) 0));
  }

  private Dataset put(int tag, Vr vr, byte[] value) {
    if (!vr.hasLongLength() && value.length > 0xFFFE) {
      throw new IllegalArgumentException("value of " + DicomTags.format(tag) + " is too long for " + vr
          + ": " + value.length + " bytes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 12);
    writeElement(out, tag, vr, value);
    elements.put(tag, out.toByteArray());
    return this;
  }

  /** The elements, in tag order, as Explicit VR Little Endian. */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    elements.values().forEach(out::writeBytes);
    return out.toByteArray();
  }

  /**
   * A Part 10 file: 128-byte preamble, {@code DICM}, the meta group (with its group length, pneumo's
   * implementation class UID and version), then the dataset's elements followed by {@code tail} (already
   * encoded elements such as encapsulated pixel data, whose tags sort after everything else).
   */
  byte[] toPart10(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, byte[] tail) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    writeElement(meta, 0x0002_0001, Vr.OB, new byte[] {0, 1});
    writeElement(meta, 0x0002_0002, Vr.UI, pad(ascii(sopClassUid), 0));
    writeElement(meta, 0x0002_0003, Vr.UI, pad(ascii(sopInstanceUid), 0));
    writeElement(meta, DicomTags.TRANSFER_SYNTAX_UID, Vr.UI, pad(ascii(transferSyntaxUid), 0));
    writeElement(meta, 0x0002_0012, Vr.UI, pad(ascii(DicomUids.IMPLEMENTATION_CLASS_UID), 0));
    writeElement(meta, 0x0002_0013, Vr.SH, pad(ascii(IMPLEMENTATION_VERSION), (byte) ' '));
    byte[] body = encode();
    ByteArrayOutputStream out = new ByteArrayOutputStream(132 + 12 + meta.size() + body.length + tail.length);
    out.writeBytes(new byte[128]);
    out.writeBytes(ascii("DICM"));
    writeElement(out, 0x0002_0000, Vr.UL, le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    out.writeBytes(body);
    out.writeBytes(tail);
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static void writeElement(ByteArrayOutputStream out, int tag, Vr vr, byte[] value) {
    writeTagVr(out, tag, vr);
    if (vr.hasLongLength()) {
      out.writeBytes(le32(value.length));
    } else {
      out.write(value.length & 0xFF);
      out.write(value.length >>> 8);
    }
    out.writeBytes(value);
  }

  static void writeTagVr(ByteArrayOutputStream out, int tag, Vr vr) {
    writeTag(out, tag);
    out.write(vr.name().charAt(0));
    out.write(vr.name().charAt(1));
    if (vr.hasLongLength()) {
      out.write(0);
      out.write(0);
    }
  }

  static void writeTag(ByteArrayOutputStream out, int tag) {
    out.write(tag >>> 16 & 0xFF);
    out.write(tag >>> 24);
    out.write(tag & 0xFF);
    out.write(tag >>> 8 & 0xFF);
  }

  static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  static byte[] pad(byte[] value, byte padding) {
    if (value.length % 2 == 0) {
      return value;
    }
    byte[] padded = Arrays.copyOf(value, value.length + 1);
    padded[value.length] = padding;
    return padded;
  }

  private static byte[] pad(byte[] value, int padding) {
    return pad(value, (byte) padding);
  }
}
