package io.github.pneumo.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * A tag-stream parser for DICOM Part 10 files held in memory. It records top-level elements, skips
 * sequences (defined or undefined length, nested), and locates native or encapsulated pixel data. Every
 * length is checked against the buffer before use, so malformed files fail with a {@link
 * DicomException} naming the file and byte offset instead of allocating or reading garbage.
 */
final class DicomParser {
  private static final int ITEM = 0xFFFE_E000;
  private static final int ITEM_DELIMITATION = 0xFFFE_E00D;
  private static final int SEQUENCE_DELIMITATION = 0xFFFE_E0DD;
  private static final long UNDEFINED = 0xFFFF_FFFFL;
  private static final int MAX_DEPTH = 64;
  /** The most a deflated dataset may inflate to (documented in docs/reliability.md). */
  static final int MAX_INFLATED = 256 << 20;

  private final Path file;
  private byte[] b;
  private int end;
  private boolean explicitVr;
  private boolean bigEndian;
  private String where = "";

  // The element header read last by readHeader.
  private int tag;
  private @Nullable Vr vr;
  private long length;
  private int valueOffset;

  private DicomParser(Path file, byte[] bytes) {
    this.file = file;
    this.b = bytes;
    this.end = bytes.length;
  }

  /**
   * Parses a whole file.
   *
   * @param file the file name, for messages
   * @param bytes the file's contents
   * @return the top-level attributes, transfer syntax and pixel data location
   */
  static ParsedDicom parse(Path file, byte[] bytes) {
    return new DicomParser(file, bytes).parse();
  }

  private ParsedDicom parse() {
    int pos = 0;
    if (end >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
      pos = 132;
    } else if (end >= 4 && b[0] == 'D' && b[1] == 'I' && b[2] == 'C' && b[3] == 'M') {
      pos = 4;
    }
    Map<Integer, Element> elements = new HashMap<>();
    String syntax = "";
    if (end - pos >= 8 && u16le(pos) == 0x0002) {
      explicitVr = Vr.of(b[pos + 4] & 0xFF, b[pos + 5] & 0xFF) != null;
      bigEndian = false;
      while (end - pos >= 8 && u16le(pos) == 0x0002) {
        pos = readElement(pos, elements);
      }
      syntax = new Attributes(file, where, elements).string(DicomTags.TRANSFER_SYNTAX_UID).orElse("");
    }
    if (syntax.isEmpty()) {
      syntax = inferSyntax(pos);
      where = "; no transfer syntax in the file, inferred " + syntax;
    }
    explicitVr = TransferSyntax.isExplicitVr(syntax);
    bigEndian = TransferSyntax.isBigEndian(syntax);
    if (TransferSyntax.isDeflated(syntax)) {
      b = inflate(pos);
      end = b.length;
      pos = 0;
      where = " of the inflated dataset" + where;
    }
    PixelDataElement pixels = null;
    while (pos < end) {
      if (end - pos < 8 && allZero(pos)) {
        break;
      }
      readHeader(pos, explicitVr);
      if (tag == DicomTags.PIXEL_DATA) {
        if (pixels != null) {
          throw error(pos, "a second Pixel Data element (7FE0,0010); the first is at byte offset "
              + pixels.headerOffset());
        }
        pixels = readPixelData(pos);
        pos = afterPixelData;
      } else {
        pos = readElementAt(pos, elements);
      }
    }
    return new ParsedDicom(syntax, new Attributes(file, where, elements), pixels);
  }

  /** Offset just after the pixel data element read last. */
  private int afterPixelData;

  /** Reads the element at pos (header already parsed), records it if top-level, returns the next offset. */
  private int readElement(int pos, Map<Integer, Element> elements) {
    readHeader(pos, explicitVr);
    return readElementAt(pos, elements);
  }

  private int readElementAt(int pos, Map<Integer, Element> elements) {
    if ((tag >>> 16) == 0xFFFE) {
      throw error(pos, "unexpected item or delimitation tag " + DicomTags.format(tag) + " outside a sequence");
    }
    if (length == UNDEFINED) {
      return skipItems(valueOffset, 1, explicitVr && vr != Vr.UN);
    }
    checkValue(pos);
    if (!elements.containsKey(tag)) {
      // copied so that a DicomImage does not keep the whole file alive
      byte[] value = java.util.Arrays.copyOfRange(b, valueOffset, valueOffset + (int) length);
      elements.put(tag, new Element(tag, vr, value, 0, (int) length, bigEndian && tag >>> 16 != 2, pos));
    }
    return valueOffset + (int) length;
  }

  private PixelDataElement readPixelData(int pos) {
    if (length != UNDEFINED) {
      if (valueOffset + length > end) {
        throw error(pos, "pixel data is truncated: it declares " + length + " bytes but only "
            + (end - valueOffset) + " remain");
      }
      afterPixelData = valueOffset + (int) length;
      return new PixelDataElement(b, pos, valueOffset, (int) length, vr, bigEndian, new long[0], null);
    }
    List<PixelDataElement.Fragment> fragments = new ArrayList<>();
    long[] table = new long[0];
    int p = valueOffset;
    boolean first = true;
    while (true) {
      if (end - p < 8) {
        throw error(p, "encapsulated pixel data is truncated (no sequence delimitation item)");
      }
      int t = itemTag(p);
      long len = u32(p + 4);
      if (t == SEQUENCE_DELIMITATION) {
        afterPixelData = p + 8;
        break;
      }
      if (t != ITEM || len == UNDEFINED) {
        throw error(p, "expected a pixel data item, found " + DicomTags.format(t) + " with length " + len);
      }
      if (p + 8 + len > end) {
        throw error(p, "pixel data fragment is truncated: it declares " + len + " bytes but only "
            + (end - p - 8) + " remain");
      }
      if (first) {
        table = new long[(int) (len / 4)];
        for (int i = 0; i < table.length; i++) {
          table[i] = u32(p + 8 + 4 * i);
        }
        first = false;
      } else {
        fragments.add(new PixelDataElement.Fragment(p + 8, (int) len));
      }
      p += 8 + (int) len;
    }
    return new PixelDataElement(b, pos, valueOffset, 0, vr, bigEndian, table, fragments);
  }

  /** Skips the items of an undefined-length sequence starting at pos; returns the offset after it. */
  private int skipItems(int pos, int depth, boolean explicit) {
    if (depth > MAX_DEPTH) {
      throw error(pos, "sequences nested deeper than " + MAX_DEPTH);
    }
    int p = pos;
    while (true) {
      if (end - p < 8) {
        throw error(p, "sequence is truncated (no sequence delimitation item)");
      }
      int t = itemTag(p);
      long len = u32(p + 4);
      if (t == SEQUENCE_DELIMITATION) {
        return p + 8;
      }
      if (t != ITEM) {
        throw error(p, "expected an item tag in a sequence, found " + DicomTags.format(t));
      }
      if (len == UNDEFINED) {
        p = skipItemDataset(p + 8, depth + 1, explicit);
      } else if (p + 8 + len > end) {
        throw error(p, "sequence item declares " + len + " bytes but only " + (end - p - 8) + " remain");
      } else {
        p += 8 + (int) len;
      }
    }
  }

  private int skipItemDataset(int pos, int depth, boolean explicit) {
    int p = pos;
    while (true) {
      readHeader(p, explicit);
      if (tag == ITEM_DELIMITATION) {
        return valueOffset;
      }
      if (length == UNDEFINED) {
        p = skipItems(valueOffset, depth + 1, explicit && vr != Vr.UN);
      } else {
        checkValue(p);
        p = valueOffset + (int) length;
      }
    }
  }

  private void checkValue(int pos) {
    if (valueOffset + length > end) {
      throw error(pos, "element " + DicomTags.format(tag) + " declares " + length + " bytes but only "
          + (end - valueOffset) + " remain");
    }
  }

  /** Parses the element header at pos into the header fields. */
  private void readHeader(int pos, boolean explicit) {
    if (end - pos < 8) {
      throw error(pos, "file is truncated inside an element header");
    }
    tag = (u16(pos) << 16) | u16(pos + 2);
    if ((tag >>> 16) == 0xFFFE) {
      vr = null;
      length = u32(pos + 4);
      valueOffset = pos + 8;
    } else if (explicit) {
      vr = Vr.of(b[pos + 4] & 0xFF, b[pos + 5] & 0xFF);
      if (vr == null) {
        throw error(pos, String.format("invalid VR bytes %02X %02X for element %s",
            b[pos + 4] & 0xFF, b[pos + 5] & 0xFF, DicomTags.format(tag)));
      }
      if (vr.hasLongLength()) {
        if (end - pos < 12) {
          throw error(pos, "file is truncated inside an element header");
        }
        length = u32(pos + 8);
        valueOffset = pos + 12;
      } else {
        length = u16(pos + 6);
        valueOffset = pos + 8;
      }
    } else {
      vr = ImplicitVrDictionary.vrOf(tag);
      length = u32(pos + 4);
      valueOffset = pos + 8;
    }
  }

  /** Guesses the encoding of a dataset without a transfer syntax from its first element. */
  private String inferSyntax(int pos) {
    if (end - pos < 8) {
      throw error(pos, "no dataset after the file preamble");
    }
    Vr guess = Vr.of(b[pos + 4] & 0xFF, b[pos + 5] & 0xFF);
    if (guess == null) {
      return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }
    int littleGroup = u16le(pos);
    int bigGroup = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
    return littleGroup <= bigGroup
        ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
        : TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
  }

  /**
   * Inflates the dataset from pos in two passes: the first only counts, so that a deflate bomb is rejected
   * having used 64 KiB, and a truncated stream is reported as such; the second fills an array of exactly
   * the counted size.
   */
  private byte[] inflate(int pos) {
    long limit = Math.min(MAX_INFLATED, Runtime.getRuntime().maxMemory() / 4);
    long size = inflatePass(pos, null, limit);
    byte[] out = new byte[(int) size];
    if (size > 0) {
      inflatePass(pos, out, limit);
    }
    return out;
  }

  /** Inflates into out (or only counts when null); returns the inflated size. */
  private long inflatePass(int pos, byte @Nullable [] out, long limit) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(b, pos, end - pos);
      byte[] chunk = out == null ? new byte[64 * 1024] : out;
      long size = 0;
      while (!inflater.finished() && (out == null || size < out.length)) {
        int n = out == null ? inflater.inflate(chunk) : inflater.inflate(out, (int) size, out.length - (int) size);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        size += n;
        if (size > limit) {
          throw error(pos, "deflated dataset inflates to more than " + limit + " bytes (from "
              + (end - pos) + " compressed bytes), the most this reader allows");
        }
      }
      if (out == null && !inflater.finished()) {
        throw error(pos, "deflated dataset is truncated: the deflate stream of " + (end - pos)
            + " bytes ends without its final block (" + size + " bytes inflated)");
      }
      return size;
    } catch (DataFormatException e) {
      throw new DicomException(file + ": deflated dataset at offset " + pos + " is corrupt: "
          + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private boolean allZero(int pos) {
    for (int i = pos; i < end; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private DicomException error(long offset, String message) {
    return new DicomException(file + ": " + message + " (at byte offset " + offset + where + ")");
  }

  private int itemTag(int p) {
    return (u16(p) << 16) | u16(p + 2);
  }

  private int u16le(int p) {
    return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
  }

  private int u16(int p) {
    return bigEndian ? ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF) : u16le(p);
  }

  private long u32(int p) {
    long a = b[p] & 0xFF;
    long c1 = b[p + 1] & 0xFF;
    long c2 = b[p + 2] & 0xFF;
    long d = b[p + 3] & 0xFF;
    return bigEndian ? (a << 24) | (c1 << 16) | (c2 << 8) | d : a | (c1 << 8) | (c2 << 16) | (d << 24);
  }
}
