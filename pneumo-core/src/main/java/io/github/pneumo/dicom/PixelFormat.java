package io.github.pneumo.dicom;

/**
 * The image pixel attributes that decoding needs.
 *
 * @param rows rows per frame
 * @param columns columns per frame
 * @param frames number of frames
 * @param samplesPerPixel 1 (grey) or 3 (colour)
 * @param bitsAllocated 1 (bit-packed, decoded to one byte per sample), 8 or 16
 * @param bitsStored significant bits per sample
 * @param signed whether samples are two's complement (PixelRepresentation 1)
 * @param photometric the stored photometric interpretation
 * @param planar whether colour samples are stored plane by plane (PlanarConfiguration 1)
 */
record PixelFormat(
    int rows,
    int columns,
    int frames,
    int samplesPerPixel,
    int bitsAllocated,
    int bitsStored,
    boolean signed,
    String photometric,
    boolean planar) {

  /** Bytes per decoded sample: 1 for 1-bit data, which is unpacked to one byte per pixel. */
  int bytesPerSample() {
    return bitsAllocated == 1 ? 1 : bitsAllocated / 8;
  }

  /** Bytes the native pixel data of all frames holds: packed bits (frames not byte-aligned) for 1-bit data. */
  long storedBytes() {
    return bitsAllocated == 1 ? ((long) rows * columns * frames + 7) / 8 : totalBytes();
  }

  int frameBytes() {
    return rows * columns * samplesPerPixel * bytesPerSample();
  }

  long totalBytes() {
    return (long) frameBytes() * frames;
  }

  boolean isYbrFull() {
    return photometric.equals("YBR_FULL");
  }
}
