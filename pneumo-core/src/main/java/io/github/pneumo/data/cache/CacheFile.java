package io.github.pneumo.data.cache;

import io.github.pneumo.PneumoException;
import io.github.pneumo.augment.Sample;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * One cache file ({@value #EXTENSION}): a 36-byte little-endian header, the image as deflate of its
 * PNG-"Up"-filtered rows (each row minus the row above, modulo 256), and the optional mask as runs of
 * equal bytes in row-major order, each a value byte and a LEB128 length. The header holds the magic {@code PNEUMOTC}, the format version, width, height,
 * flags (bit 0: has a mask), both payload lengths and a CRC-32 of the decoded image and mask bytes.
 */
public final class CacheFile {
  /** File name extension of cache files. */
  public static final String EXTENSION = ".ptc";
  /** Current format version. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = "PNEUMOTC".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 36;
  private static final int LEVEL = 6;

  private CacheFile() {}

  /**
   * Writes a cache file atomically: to a temporary file in the same folder, then renamed over the target,
   * so a reader (or a resumed run) never sees a half-written file.
   *
   * @param file target path
   * @param image the image
   * @param mask the mask (same size), or null for test images
   * @throws PneumoException when the file cannot be written
   */
  public static void write(Path file, GreyImage image, @Nullable GreyImage mask) {
    AtomicFiles.writeBytes(file, encode(image, mask));
  }

  /**
   * Encodes image and mask into the file layout.
   *
   * @param image the image
   * @param mask the mask or null
   * @return the file contents
   */
  public static byte[] encode(GreyImage image, @Nullable GreyImage mask) {
    if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
      throw new IllegalArgumentException("mask " + mask + " and image " + image + " differ in size");
    }
    int w = image.width();
    byte[] px = image.pixels();
    byte[] filtered = new byte[px.length];
    System.arraycopy(px, 0, filtered, 0, Math.min(w, px.length));
    for (int i = w; i < px.length; i++) {
      filtered[i] = (byte) (px[i] - px[i - w]);
    }
    byte[] imagePayload = deflate(filtered);
    byte[] maskPayload = mask == null ? new byte[0] : runLengths(mask.pixels());
    CRC32 crc = new CRC32();
    crc.update(px);
    if (mask != null) {
      crc.update(mask.pixels());
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER + imagePayload.length + maskPayload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(w).putInt(image.height()).putInt(mask == null ? 0 : 1)
        .putInt(imagePayload.length).putInt(maskPayload.length).putInt((int) crc.getValue());
    b.put(imagePayload).put(maskPayload);
    return b.array();
  }

  /**
   * Reads a cache file.
   *
   * @param file the file
   * @return image and mask (null mask for test images)
   * @throws CacheFormatException when the file is missing, truncated, corrupt or of another version
   */
  public static Sample read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CacheFormatException("cannot read cache file " + file + ": " + e, e);
    }
    return decode(bytes, file.toString());
  }

  /**
   * Decodes file contents.
   *
   * @param bytes the contents
   * @param name the file name for error messages
   * @return image and mask
   * @throws CacheFormatException when the contents are invalid
   */
  public static Sample decode(byte[] bytes, String name) {
    if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CacheFormatException(name + ": not a pneumo cache file (bad magic at byte 0)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(MAGIC.length);
    int version = b.getInt();
    if (version != VERSION) {
      throw new CacheFormatException(name + ": cache format version " + version + " at byte 8, expected " + VERSION);
    }
    int w = b.getInt();
    int h = b.getInt();
    int flags = b.getInt();
    int imageLength = b.getInt();
    int maskLength = b.getInt();
    int crcValue = b.getInt();
    if (w <= 0 || h <= 0 || (long) w * h > (1 << 28) || (flags & ~1) != 0 || imageLength < 0 || maskLength < 0
        || (long) HEADER + imageLength + maskLength != bytes.length || (flags == 0) != (maskLength == 0)) {
      throw new CacheFormatException(name + ": inconsistent header (size " + w + "x" + h + ", flags " + flags
          + ", payloads " + imageLength + " + " + maskLength + " bytes, file " + bytes.length + " bytes)");
    }
    byte[] px = inflate(bytes, HEADER, imageLength, w * h, name);
    for (int row = w; row < px.length; row += w) {
      int above = row - w;
      for (int x = 0; x < w; x++) {
        px[row + x] += px[above + x];
      }
    }
    byte[] mask = flags == 1 ? expandRuns(bytes, HEADER + imageLength, maskLength, w * h, name) : null;
    CRC32 crc = new CRC32();
    crc.update(px);
    if (mask != null) {
      crc.update(mask);
    }
    if ((int) crc.getValue() != crcValue) {
      throw new CacheFormatException(name + ": checksum mismatch (file is corrupt)");
    }
    GreyImage image = new GreyImage(w, h, px);
    return new Sample(image, mask == null ? null : new GreyImage(w, h, mask));
  }

  /** Runs of equal bytes in row-major order: (value byte, LEB128 length) pairs. */
  private static byte[] runLengths(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    int i = 0;
    while (i < data.length) {
      byte v = data[i];
      int j = i + 1;
      while (j < data.length && data[j] == v) {
        j++;
      }
      out.write(v);
      int len = j - i;
      while (len >= 0x80) {
        out.write((len & 0x7F) | 0x80);
        len >>>= 7;
      }
      out.write(len);
      i = j;
    }
    return out.toByteArray();
  }

  private static byte[] expandRuns(byte[] src, int offset, int length, int expected, String name) {
    byte[] out = new byte[expected];
    int p = offset;
    int end = offset + length;
    int n = 0;
    while (p < end) {
      int at = p;
      byte v = src[p++];
      int len = 0;
      int shift = 0;
      while (true) {
        if (p >= end || shift > 28) {
          throw new CacheFormatException(name + ": truncated mask run at byte " + at);
        }
        int b = src[p++] & 0xFF;
        len |= (b & 0x7F) << shift;
        shift += 7;
        if (b < 0x80) {
          break;
        }
      }
      if (len <= 0 || len > expected - n) {
        throw new CacheFormatException(name + ": mask run of " + len + " pixels at byte " + at
            + " overflows the " + expected + "-pixel mask");
      }
      if (v != 0) {
        Arrays.fill(out, n, n + len, v);
      }
      n += len;
    }
    if (n != expected) {
      throw new CacheFormatException(name + ": mask runs at byte " + offset + " cover " + n + " pixels, expected "
          + expected);
    }
    return out;
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(LEVEL);
    try {
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
      byte[] buf = new byte[1 << 16];
      while (!d.finished()) {
        int n = d.deflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] inflate(byte[] src, int offset, int length, int expected, String name) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(src, offset, length);
      byte[] out = new byte[expected];
      int n = 0;
      while (n < expected) {
        int k = inf.inflate(out, n, expected - n);
        if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n != expected || !inf.finished()) {
        throw new CacheFormatException(name + ": compressed data at byte " + offset + " holds "
            + (n != expected ? n : "more than " + expected) + " bytes, expected " + expected);
      }
      return out;
    } catch (DataFormatException e) {
      throw new CacheFormatException(name + ": corrupt compressed data at byte " + offset + ": " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }
}
