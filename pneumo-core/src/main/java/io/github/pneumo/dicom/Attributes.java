package io.github.pneumo.dicom;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The top-level attributes of a file (meta group and dataset), with typed value access. */
final class Attributes {
  /** A decimal string (DS) as PS3.5 defines it: optional sign, digits, optional fraction and exponent. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final Path file;
  private final String where;
  private final Map<Integer, Element> elements;
  private final Charset charset;

  /**
   * @param file the file, for messages
   * @param where what follows the byte offset in messages (e.g. "of the inflated dataset")
   * @param elements the elements by tag
   */
  Attributes(Path file, String where, Map<Integer, Element> elements) {
    this.file = file;
    this.where = where;
    this.elements = elements;
    this.charset = specificCharset(elements.get(DicomTags.SPECIFIC_CHARACTER_SET));
  }

  boolean contains(int tag) {
    return elements.containsKey(tag);
  }

  /** The value as text: text VRs trimmed of padding, binary numbers joined with backslashes. */
  Optional<String> string(int tag) {
    Element e = elements.get(tag);
    if (e == null) {
      return Optional.empty();
    }
    Vr vr = e.vr();
    if (vr == Vr.US || vr == Vr.SS) {
      checkBinaryLength(e, 2);
      StringJoiner j = new StringJoiner("\\");
      for (int i = 0; i < e.length() / 2; i++) {
        int v = e.uint16(i);
        j.add(Integer.toString(vr == Vr.SS ? (short) v : v));
      }
      return Optional.of(j.toString());
    }
    if (vr == Vr.UL || vr == Vr.SL) {
      checkBinaryLength(e, 4);
      StringJoiner j = new StringJoiner("\\");
      for (int i = 0; i < e.length() / 4; i++) {
        long v = e.uint32(i);
        j.add(Long.toString(vr == Vr.SL ? (int) v : v));
      }
      return Optional.of(j.toString());
    }
    Charset cs = vr == Vr.UI || vr == Vr.CS || vr == Vr.DS || vr == Vr.IS || vr == Vr.DA || vr == Vr.TM
        ? StandardCharsets.ISO_8859_1 : charset;
    return Optional.of(trim(new String(e.buffer(), e.offset(), e.length(), cs)));
  }

  /** An unsigned 16-bit value (US), or an IS/text value parsed as an integer. */
  OptionalInt integer(int tag) {
    Element e = elements.get(tag);
    if (e == null || e.length() == 0) {
      return OptionalInt.empty();
    }
    if (e.vr() == Vr.US || e.vr() == Vr.SS || (e.vr() == null && e.length() == 2)) {
      checkBinaryLength(e, 2);
      int v = e.uint16(0);
      return OptionalInt.of(e.vr() == Vr.SS ? (short) v : v);
    }
    if (e.vr() == Vr.UL || e.vr() == Vr.SL) {
      checkBinaryLength(e, 4);
      return OptionalInt.of((int) e.uint32(0));
    }
    String first = firstValue(tag);
    try {
      return first.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(first));
    } catch (NumberFormatException ex) {
      return OptionalInt.empty();
    }
  }

  /**
   * The first value of a decimal string, or empty when absent or empty.
   *
   * @throws DicomException when the value is not a finite decimal number (NaN, Infinity, 1e999, text):
   *     used as a rescale or window it would give a uniform image
   */
  OptionalDouble decimal(int tag) {
    String first = firstValue(tag);
    if (first.isEmpty()) {
      return OptionalDouble.empty();
    }
    double value = DECIMAL.matcher(first).matches() ? Double.parseDouble(first) : Double.NaN;
    if (!Double.isFinite(value)) {
      Element e = elements.get(tag);
      throw new DicomException(file + ": element " + DicomTags.format(tag) + " " + e.vr() + " value '" + first
          + "' is not a finite decimal number (at byte offset " + e.headerOffset() + where + ")");
    }
    return OptionalDouble.of(value);
  }

  /** A binary value must hold whole values of its VR's size (a 1-byte US holds none). */
  private void checkBinaryLength(Element e, int size) {
    if (e.length() % size != 0) {
      throw new DicomException(file + ": element " + DicomTags.format(e.tag()) + " " + e.vr() + " has a value of "
          + e.length() + " byte(s), not a whole number of " + size + "-byte values (at byte offset "
          + e.headerOffset() + (e.tag() >>> 16 == 2 ? "" : where) + ")");
    }
  }

  private String firstValue(int tag) {
    String s = string(tag).orElse("");
    int bs = s.indexOf('\\');
    return (bs < 0 ? s : s.substring(0, bs)).trim();
  }

  private static String trim(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    int start = 0;
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    return s.substring(start, end);
  }

  private static Charset specificCharset(@Nullable Element e) {
    if (e == null) {
      return StandardCharsets.ISO_8859_1;
    }
    String value = new String(e.buffer(), e.offset(), e.length(), StandardCharsets.ISO_8859_1);
    return value.contains("ISO_IR 192") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
  }
}
