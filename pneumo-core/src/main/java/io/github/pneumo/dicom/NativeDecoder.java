package io.github.pneumo.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native (uncompressed) pixel data: copied, byte-swapped from big endian, de-planarised; 1-bit data
 * unpacked to one byte (0 or 1) per pixel.
 */
final class NativeDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(NativeDecoder.class);

  private NativeDecoder() {}

  static byte[] decode(Path file, PixelFormat f, PixelDataElement pixels) {
    long needed = f.storedBytes();
    if (pixels.length() < needed) {
      throw new DicomException(file + ": pixel data is truncated: " + f.frames() + " frame(s) of "
          + f.rows() + "x" + f.columns() + "x" + f.samplesPerPixel() + " samples of " + f.bitsAllocated()
          + " bits need " + needed + " bytes but the element holds " + pixels.length()
          + " (at byte offset " + pixels.headerOffset() + ")");
    }
    long excess = pixels.length() - needed;
    long storedFrame = f.bitsAllocated() == 1 ? ((long) f.rows() * f.columns() + 7) / 8 : f.frameBytes();
    if (excess >= storedFrame) {
      // a whole frame or more left over: Rows, Columns or Number of Frames is wrong, the pixels would be
      // assigned to the wrong places
      throw new DicomException(file + ": pixel data holds " + pixels.length() + " bytes but " + f.frames()
          + " frame(s) of " + f.rows() + "x" + f.columns() + "x" + f.samplesPerPixel() + " samples of "
          + f.bitsAllocated() + " bits need " + needed + ": " + excess + " bytes more, at least a whole frame"
          + " (at byte offset " + pixels.headerOffset() + ")");
    }
    if (excess > needed % 2) {
      // less than a frame of trailing padding (beyond the byte that makes an odd length even): dcmtk
      // and pydicom read such files (e.g. pydicom's MR_small_padded.dcm), and so does pneumo
      LOG.warn("{}: pixel data holds {} bytes, {} more than the image needs; the trailing bytes are ignored"
          + " (at byte offset {})", file, pixels.length(), excess, pixels.headerOffset());
    }
    if (f.bitsAllocated() == 1) {
      return unpackBits(pixels, (int) f.totalBytes());
    }
    byte[] out = Arrays.copyOfRange(pixels.buffer(), pixels.offset(), pixels.offset() + (int) needed);
    if (pixels.bigEndian() && (f.bytesPerSample() == 2 || pixels.vr() == Vr.OW)) {
      for (int i = 0; i + 1 < out.length; i += 2) {
        byte t = out[i];
        out[i] = out[i + 1];
        out[i + 1] = t;
      }
    }
    return f.planar() && f.samplesPerPixel() == 3 ? ColourConversion.interleavePlanes(out, f) : out;
  }

  /**
   * Unpacks 1-bit pixels: pixel i is bit i % 8 (least significant first) of byte i / 8, across frame
   * boundaries (PS3.5 §8.1.1).
   */
  private static byte[] unpackBits(PixelDataElement pixels, int count) {
    byte[] in = pixels.buffer();
    int base = pixels.offset();
    byte[] out = new byte[count];
    for (int i = 0; i < count; i++) {
      out[i] = (byte) (in[base + (i >>> 3)] >>> (i & 7) & 1);
    }
    return out;
  }
}
