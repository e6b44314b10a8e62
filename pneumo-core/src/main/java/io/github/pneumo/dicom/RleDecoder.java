package io.github.pneumo.dicom;

import java.nio.file.Path;
import java.util.List;

/** RLE Lossless (PS3.5 Annex G): one fragment per frame, one PackBits segment per sample byte. */
final class RleDecoder {
  private RleDecoder() {}

  static byte[] decode(Path file, PixelFormat f, PixelDataElement pixels) {
    List<byte[]> frames = FrameSplitter.split(file, pixels, f.frames(), TransferSyntax.RLE_LOSSLESS);
    for (int i = 0; i < frames.size(); i++) {
      segments(file, f, frames.get(i), i);
    }
    // only now, with every frame's segments shown able to hold the image, allocate it
    byte[] out = new byte[(int) f.totalBytes()];
    for (int i = 0; i < frames.size(); i++) {
      decodeFrame(file, f, frames.get(i), out, i * f.frameBytes(), i);
    }
    return out;
  }

  /**
   * Checks a frame's RLE header and returns its segments' [start, stop) offsets. A PackBits segment of n
   * bytes decodes to at most 64 * (n + 1) bytes (a 2-byte replicate run gives 128), so a segment too short
   * for Rows x Columns bytes is rejected here, before anything is allocated.
   */
  private static long[] segments(Path file, PixelFormat f, byte[] data, int frame) {
    int segments = f.samplesPerPixel() * f.bytesPerSample();
    if (data.length < 64) {
      throw error(file, frame, "the RLE header needs 64 bytes, the fragment has " + data.length);
    }
    long count = u32(data, 0);
    if (count != segments) {
      throw error(file, frame, "the RLE header declares " + count + " segments, expected " + segments);
    }
    long pixelsPerFrame = (long) f.rows() * f.columns();
    long[] bounds = new long[2 * segments];
    for (int s = 0; s < segments; s++) {
      long start = u32(data, 4 + 4 * s);
      long stop = s + 1 < segments ? u32(data, 8 + 4 * s) : data.length;
      if (start < 64 || stop < start || stop > data.length) {
        throw error(file, frame, "RLE segment " + s + " spans bytes " + start + ".." + stop
            + " outside the fragment of " + data.length + " bytes");
      }
      if (64 * (stop - start + 1) < pixelsPerFrame) {
        throw error(file, frame, "RLE segment " + s + " of " + (stop - start) + " bytes cannot decode to the "
            + pixelsPerFrame + " bytes that " + f.rows() + "x" + f.columns() + " pixels need");
      }
      bounds[2 * s] = start;
      bounds[2 * s + 1] = stop;
    }
    return bounds;
  }

  private static void decodeFrame(Path file, PixelFormat f, byte[] data, byte[] out, int base, int frame) {
    int bps = f.bytesPerSample();
    int spp = f.samplesPerPixel();
    long[] bounds = segments(file, f, data, frame);
    int pixelsPerFrame = f.rows() * f.columns();
    for (int s = 0; s < bounds.length / 2; s++) {
      int sample = s / bps;
      int lePosition = bps - 1 - s % bps;
      int stride = spp * bps;
      int first = base + sample * bps + lePosition;
      int stop = (int) bounds[2 * s + 1];
      long produced = unpack(data, (int) bounds[2 * s], stop, out, first, stride, pixelsPerFrame);
      if (produced != pixelsPerFrame) {
        throw error(file, frame, "RLE segment " + s + " decodes to " + produced + " bytes, expected "
            + pixelsPerFrame + (produced > pixelsPerFrame ? " (more pixel data than Rows x Columns need)" : ""));
      }
    }
  }

  /**
   * PackBits: decodes into out[first + k * stride] for k below limit; returns the bytes the segment
   * decodes to, counting those past the limit (which are not written).
   */
  private static long unpack(byte[] in, int from, int to, byte[] out, int first, int stride, int limit) {
    long k = 0;
    int p = from;
    while (p < to) {
      int n = in[p++];
      if (n >= 0) {
        int copy = Math.min(n + 1, to - p);
        for (int i = 0; i < copy; i++, k++, p++) {
          if (k < limit) {
            out[first + (int) k * stride] = in[p];
          }
        }
      } else if (n != -128 && p < to) {
        byte v = in[p++];
        for (int i = 0; i < 1 - n; i++, k++) {
          if (k < limit) {
            out[first + (int) k * stride] = v;
          }
        }
      }
    }
    return k;
  }

  private static long u32(byte[] b, int p) {
    return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
  }

  private static DicomException error(Path file, int frame, String message) {
    return new DicomException(file + ": frame " + frame + " (transfer syntax " + TransferSyntax.RLE_LOSSLESS
        + "): " + message);
  }
}
