package io.github.pneumo.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Native (uncompressed) pixel data: copied, byte-swapped from big endian, de-planarised. */
final class NativeDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(NativeDecoder.class);

  private NativeDecoder() {}

  static byte[] decode(Path file, PixelFormat f, PixelDataElement pixels) {
    long needed = f.totalBytes();
    if (pixels.length() < needed) {
      throw new DicomException(file + ": pixel data is truncated: " + f.frames() + " frame(s) of "
          + f.rows() + "x" + f.columns() + "x" + f.samplesPerPixel() + " samples of " + f.bitsAllocated()
          + " bits need " + needed + " bytes but the element holds " + pixels.length()
          + " (at byte offset " + pixels.headerOffset() + ")");
    }
    long excess = pixels.length() - needed;
    if (excess >= f.frameBytes()) {
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
