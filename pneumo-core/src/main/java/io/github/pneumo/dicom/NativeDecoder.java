package io.github.pneumo.dicom;

import java.nio.file.Path;
import java.util.Arrays;

/** Native (uncompressed) pixel data: copied, byte-swapped from big endian, de-planarised. */
final class NativeDecoder {
  private NativeDecoder() {}

  static byte[] decode(Path file, PixelFormat f, PixelDataElement pixels) {
    long needed = f.totalBytes();
    if (pixels.length() < needed) {
      throw new DicomException(file + ": pixel data is truncated: " + f.frames() + " frame(s) of "
          + f.rows() + "x" + f.columns() + "x" + f.samplesPerPixel() + " samples of " + f.bitsAllocated()
          + " bits need " + needed + " bytes but the element holds " + pixels.length()
          + " (at byte offset " + pixels.headerOffset() + ")");
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
}
