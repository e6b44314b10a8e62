package io.github.pneumo.dicom;

/** In-place conversions of decoded 8-bit colour samples to interleaved RGB. */
final class ColourConversion {
  private ColourConversion() {}

  /** Reorders each frame from planes (RRR…GGG…BBB…) to interleaved RGB. */
  static byte[] interleavePlanes(byte[] values, PixelFormat f) {
    int pixels = f.rows() * f.columns();
    int bps = f.bytesPerSample();
    byte[] out = new byte[values.length];
    for (int frame = 0; frame < f.frames(); frame++) {
      int base = frame * f.frameBytes();
      for (int s = 0; s < 3; s++) {
        int plane = base + s * pixels * bps;
        for (int p = 0; p < pixels; p++) {
          for (int k = 0; k < bps; k++) {
            out[base + (p * 3 + s) * bps + k] = values[plane + p * bps + k];
          }
        }
      }
    }
    return out;
  }

  /**
   * Converts 8-bit YBR_FULL (full-range ITU-R BT.601 Y'CbCr) to RGB in place, rounding to nearest and
   * clamping, as dcmtk does.
   */
  static void ybrFullToRgb(byte[] values) {
    for (int i = 0; i + 2 < values.length; i += 3) {
      double y = values[i] & 0xFF;
      double cb = (values[i + 1] & 0xFF) - 128.0;
      double cr = (values[i + 2] & 0xFF) - 128.0;
      values[i] = clamp(y + 1.402 * cr);
      values[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      values[i + 2] = clamp(y + 1.772 * cb);
    }
  }

  private static byte clamp(double v) {
    long r = Math.round(v);
    return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
  }
}
