package io.github.pneumo.dicom;

import com.google.common.primitives.Bytes;

/**
 * The frame header of a compressed frame, read without decoding it: a JPEG SOF segment or a JPEG 2000
 * SIZ segment. Decoders check it against the dataset's pixel attributes before they allocate anything
 * the size of the image.
 *
 * @param marker the JPEG SOF marker (0xC0..0xCF) or 0xFF51 for a JPEG 2000 SIZ segment
 * @param precision sample precision in bits (the first component's for JPEG 2000)
 * @param width samples per line
 * @param height lines
 * @param components image components
 */
record CodestreamHeader(int marker, int precision, int width, int height, int components) {
  static final int SIZ = 0xFF51;

  /**
   * The fewest compressed bytes that can code the image this header declares, or 0 when the process has
   * no such bound (progressive and arithmetic-coded JPEG, JPEG 2000). Huffman-coded sequential DCT
   * (SOF0/SOF1) spends at least 2 bits per 8x8 block of the full-resolution component (a DC code and an
   * end-of-block code); lossless JPEG (SOF3) at least one bit per sample.
   *
   * @return a lower bound of the codestream's length
   */
  long minimumBytes() {
    return switch (marker) {
      case 0xC0, 0xC1 -> ((long) (width + 7) / 8) * ((height + 7) / 8) / 4;
      case 0xC3 -> (long) width * height * components / 8;
      default -> 0;
    };
  }

  /**
   * Reads the frame header of a JPEG or JPEG 2000 codestream.
   *
   * @param data the frame's bytes
   * @param jpeg2000 whether the transfer syntax is JPEG 2000
   * @return the header
   * @throws IllegalArgumentException when there is none, or it is truncated
   */
  static CodestreamHeader read(byte[] data, boolean jpeg2000) {
    return jpeg2000 ? readSiz(data) : readSof(data);
  }

  private static CodestreamHeader readSof(byte[] b) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      throw new IllegalArgumentException("the codestream does not start with a JPEG SOI marker");
    }
    int p = 2;
    while (p + 1 < b.length) {
      if ((b[p] & 0xFF) != 0xFF) {
        throw new IllegalArgumentException("expected a JPEG marker at codestream byte " + p);
      }
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        p += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        throw new IllegalArgumentException("the JPEG codestream has no frame header (SOF) before its scan");
      }
      if (p + 4 > b.length) {
        break;
      }
      int length = u16(b, p + 2);
      if (isSof(marker)) {
        if (length < 8 || p + 10 > b.length) {
          break;
        }
        return new CodestreamHeader(marker, b[p + 4] & 0xFF, u16(b, p + 7), u16(b, p + 5), b[p + 9] & 0xFF);
      }
      p += 2 + length;
    }
    throw new IllegalArgumentException("the JPEG codestream ends before its frame header (SOF)");
  }

  private static boolean isSof(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static CodestreamHeader readSiz(byte[] b) {
    int p = Bytes.indexOf(b, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
    if (p < 0) {
      throw new IllegalArgumentException("no JPEG 2000 codestream (SOC and SIZ markers) in the frame");
    }
    int siz = p + 2;
    if (siz + 43 > b.length) {
      throw new IllegalArgumentException("the JPEG 2000 SIZ segment is truncated");
    }
    long width = u32(b, siz + 6) - u32(b, siz + 14);
    long height = u32(b, siz + 10) - u32(b, siz + 18);
    int components = u16(b, siz + 38);
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the JPEG 2000 SIZ segment declares an image of " + width + "x" + height);
    }
    return new CodestreamHeader(SIZ, (b[siz + 40] & 0x7F) + 1, (int) width, (int) height, components);
  }


  private static int u16(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }

  private static long u32(byte[] b, int p) {
    return (long) u16(b, p) << 16 | u16(b, p + 2);
  }

  /** The marker's name for messages. */
  String markerName() {
    return marker == SIZ ? "JPEG 2000 SIZ" : String.format("JPEG SOF (FF%02X)", marker);
  }

  @Override
  public String toString() {
    return markerName() + " " + width + "x" + height + "x" + components + " at " + precision + " bits";
  }
}
