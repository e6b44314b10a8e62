package io.github.pneumo.dicom;

/**
 * The image pixel attributes that decoding needs.
 *
 * @param rows rows per frame
 * @param columns columns per frame
 * @param frames number of frames
 * @param samplesPerPixel 1 (grey) or 3 (colour)
 * @param bitsAllocated 8 or 16
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

  int bytesPerSample() {
    return bitsAllocated / 8;
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
