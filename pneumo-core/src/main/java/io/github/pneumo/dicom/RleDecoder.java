package io.github.pneumo.dicom;

import java.nio.file.Path;
import java.util.List;

/** RLE Lossless (PS3.5 Annex G): one fragment per frame, one PackBits segment per sample byte. */
final class RleDecoder {
  private RleDecoder() {}

  static byte[] decode(Path file, PixelFormat f, PixelDataElement pixels) {
    List<byte[]> frames = FrameSplitter.split(file, pixels, f.frames(), TransferSyntax.RLE_LOSSLESS);
    byte[] out = new byte[(int) f.totalBytes()];
    for (int i = 0; i < frames.size(); i++) {
      decodeFrame(file, f, frames.get(i), out, i * f.frameBytes(), i);
    }
    return out;
  }

  private static void decodeFrame(Path file, PixelFormat f, byte[] data, byte[] out, int base, int frame) {
    int bps = f.bytesPerSample();
    int spp = f.samplesPerPixel();
    int segments = spp * bps;
    if (data.length < 64) {
      throw error(file, frame, "the RLE header needs 64 bytes, the fragment has " + data.length);
    }
    long count = u32(data, 0);
    if (count != segments) {
      throw error(file, frame, "the RLE header declares " + count + " segments, expected " + segments);
    }
    int pixelsPerFrame = f.rows() * f.columns();
    for (int s = 0; s < segments; s++) {
      long start = u32(data, 4 + 4 * s);
      long stop = s + 1 < segments ? u32(data, 8 + 4 * s) : data.length;
      if (start < 64 || stop < start || stop > data.length) {
        throw error(file, frame, "RLE segment " + s + " spans bytes " + start + ".." + stop
            + " outside the fragment of " + data.length + " bytes");
      }
      int sample = s / bps;
      int lePosition = bps - 1 - s % bps;
      int stride = spp * bps;
      int first = base + sample * bps + lePosition;
      int produced = unpack(data, (int) start, (int) stop, out, first, stride, pixelsPerFrame);
      if (produced < pixelsPerFrame) {
        throw error(file, frame, "RLE segment " + s + " decodes to " + produced + " bytes, expected "
            + pixelsPerFrame);
      }
    }
  }

  /** PackBits: decodes into out[first + k * stride] for k below limit; returns the bytes produced. */
  private static int unpack(byte[] in, int from, int to, byte[] out, int first, int stride, int limit) {
    int k = 0;
    int p = from;
    while (p < to && k < limit) {
      int n = in[p++];
      if (n >= 0) {
        int copy = Math.min(n + 1, Math.min(to - p, limit - k));
        for (int i = 0; i < copy; i++) {
          out[first + (k++) * stride] = in[p++];
        }
      } else if (n != -128 && p < to) {
        int repeat = Math.min(1 - n, limit - k);
        byte v = in[p++];
        for (int i = 0; i < repeat; i++) {
          out[first + (k++) * stride] = v;
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
