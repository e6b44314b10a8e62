package io.github.pneumo.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Compressed frames decoded by ImageIO plug-ins: the JDK's JPEG reader (baseline), TwelveMonkeys'
 * JPEG reader (lossless process 14) and jai-imageio's JPEG 2000 reader; 12-bit greyscale DCT JPEG goes to
 * pneumo's {@link Jpeg12Decoder}. Colour JPEGs
 * come out as RGB (libjpeg's YCbCr conversion, as dcmtk's decompression does).
 */
final class ImageIoDecoder {
  private static final String JDK_JPEG = "com.sun.imageio.plugins.jpeg.JPEGImageReader";
  /** Frames up to this size are decoded whatever their codestream's length (docs/reliability.md). */
  static final long UNBOUNDED_FRAME_BYTES = 16L << 20;
  /** Above it, the most a codec without a structural bound (JPEG 2000, progressive JPEG) may expand. */
  static final long MAX_UNBOUNDED_RATIO = 1024;

  private ImageIoDecoder() {}

  static byte[] decode(Path file, String syntax, PixelFormat f, PixelDataElement pixels) {
    List<byte[]> frames = FrameSplitter.split(file, pixels, f.frames(), syntax);
    for (int i = 0; i < frames.size(); i++) {
      checkHeader(file, syntax, f, frames.get(i), i);
    }
    // only now, with every frame header checked against the dataset, allocate what the image needs
    byte[] out = new byte[(int) f.totalBytes()];
    for (int i = 0; i < frames.size(); i++) {
      Raster raster = decodeFrame(file, syntax, f, frames.get(i), i);
      copy(raster, f, out, i * f.frameBytes());
    }
    return out;
  }

  /**
   * Checks a frame's codestream header (JPEG SOF, JPEG 2000 SIZ) against the dataset: size, samples per
   * pixel, a precision that Bits Allocated can hold (else values would be cut), and a codestream long
   * enough to code the declared image, so that no decoder allocates what the file cannot hold.
   */
  private static void checkHeader(Path file, String syntax, PixelFormat f, byte[] data, int frame) {
    boolean jpeg2000 = syntax.equals(TransferSyntax.JPEG_2000) || syntax.equals(TransferSyntax.JPEG_2000_LOSSLESS);
    String where = file + ": frame " + frame + " (transfer syntax " + syntax + ")";
    CodestreamHeader h;
    try {
      h = CodestreamHeader.read(data, jpeg2000);
    } catch (IllegalArgumentException e) {
      throw new DicomException(where + ": " + e.getMessage());
    }
    if (h.width() != f.columns() || h.height() != f.rows()) {
      throw new DicomException(where + ": the " + h.markerName() + " header declares " + h.width() + "x"
          + h.height() + " but the dataset declares " + f.columns() + "x" + f.rows());
    }
    if (h.components() != f.samplesPerPixel()) {
      throw new DicomException(where + ": the " + h.markerName() + " header declares " + h.components()
          + " component(s) but the dataset declares Samples per Pixel " + f.samplesPerPixel());
    }
    if (h.precision() > f.bitsAllocated()) {
      throw new DicomException(where + ": the " + h.markerName() + " header declares " + h.precision()
          + "-bit samples but Bits Allocated is " + f.bitsAllocated() + " (Bits Stored " + f.bitsStored()
          + "): the values would be cut");
    }
    if (h.minimumBytes() == 0 && f.frameBytes() > UNBOUNDED_FRAME_BYTES
        && (long) data.length * MAX_UNBOUNDED_RATIO < f.frameBytes()) {
      // JPEG 2000 and progressive JPEG can declare any size in a few bytes, and their decoders then spend
      // time (jj2000: minutes) and memory in proportion to the declared size, not to the input
      throw new DicomException(where + ": a codestream of " + data.length + " bytes for a " + h.width() + "x"
          + h.height() + " frame of " + f.frameBytes() + " bytes: above " + (UNBOUNDED_FRAME_BYTES >> 20)
          + " MiB a " + h.markerName() + " frame may decode to at most " + MAX_UNBOUNDED_RATIO
          + " times its codestream's size");
    }
    if (data.length < h.minimumBytes()) {
      throw new DicomException(where + ": a codestream of " + data.length + " bytes cannot code the "
          + h.width() + "x" + h.height() + " image its " + h.markerName() + " header declares (it needs at least "
          + h.minimumBytes() + " bytes)");
    }
  }

  private static Raster decodeFrame(Path file, String syntax, PixelFormat f, byte[] data, int frame) {
    if ((syntax.equals(TransferSyntax.JPEG_EXTENDED) || syntax.equals(TransferSyntax.JPEG_BASELINE))
        && Jpeg12Decoder.handles(data)) {
      try {
        int[] samples = Jpeg12Decoder.decode(data, f.columns(), f.rows());
        WritableRaster raster = Raster.createBandedRaster(DataBuffer.TYPE_USHORT, f.columns(), f.rows(), 1, null);
        raster.setPixels(0, 0, f.columns(), f.rows(), samples);
        return raster;
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new DicomException(file + ": cannot decode 12-bit JPEG frame " + frame + " of transfer syntax "
            + syntax + ": " + e.getMessage(), e);
      }
    }
    List<ImageReader> readers = readersFor(syntax, f);
    if (readers.isEmpty()) {
      throw new DicomException(file + ": no ImageIO reader on the classpath decodes transfer syntax "
          + syntax);
    }
    Exception last = null;
    try {
      for (ImageReader reader : readers) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
          reader.setInput(in, true, true);
          int width = reader.getWidth(0);
          int height = reader.getHeight(0);
          if (width != f.columns() || height != f.rows()) {
            throw new DicomException(file + ": frame " + frame + " is a " + width + "x" + height
                + " codestream but the dataset declares " + f.columns() + "x" + f.rows()
                + " (transfer syntax " + syntax + ")");
          }
          List<String> warnings = new ArrayList<>();
          reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
          BufferedImage image = reader.read(0);
          if (!warnings.isEmpty()) {
            // libjpeg warns (and pads with grey) on truncated or corrupt data: never return such pixels
            throw new DicomException(file + ": frame " + frame + " of transfer syntax " + syntax
                + " is corrupt or truncated: " + String.join("; ", warnings));
          }
          Raster raster = image.getRaster();
          if (raster.getNumBands() != f.samplesPerPixel()) {
            throw new DicomException(file + ": frame " + frame + " decodes to " + raster.getNumBands()
                + " samples per pixel but the dataset declares " + f.samplesPerPixel()
                + " (transfer syntax " + syntax + ")");
          }
          return raster;
        } catch (IOException | RuntimeException e) {
          if (e instanceof DicomException de) {
            throw de;
          }
          last = e;
        }
      }
    } finally {
      readers.forEach(ImageReader::dispose);
    }
    throw new DicomException(file + ": cannot decode frame " + frame + " of transfer syntax " + syntax
        + ": " + last, last);
  }

  /** Readers to try in order: the JDK's for 8-bit JPEG, TwelveMonkeys' first for the rest. */
  private static List<ImageReader> readersFor(String syntax, PixelFormat f) {
    boolean jpeg2000 = syntax.equals(TransferSyntax.JPEG_2000) || syntax.equals(TransferSyntax.JPEG_2000_LOSSLESS);
    List<ImageReader> jdk = new ArrayList<>();
    List<ImageReader> others = new ArrayList<>();
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(jpeg2000 ? "jpeg2000" : "jpeg");
    while (it.hasNext()) {
      ImageReader r = it.next();
      (r.getClass().getName().equals(JDK_JPEG) ? jdk : others).add(r);
    }
    boolean jdkFirst = syntax.equals(TransferSyntax.JPEG_BASELINE) && f.bitsAllocated() == 8;
    List<ImageReader> ordered = new ArrayList<>(jdkFirst ? jdk : others);
    ordered.addAll(jdkFirst ? others : jdk);
    return ordered;
  }

  private static void copy(Raster raster, PixelFormat f, byte[] out, int base) {
    int width = f.columns();
    int height = f.rows();
    int spp = f.samplesPerPixel();
    if (f.bytesPerSample() == 1
        && raster.getDataBuffer() instanceof DataBufferByte buffer
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && spp == 1
        && model.getPixelStride() == 1
        && model.getScanlineStride() == width
        && buffer.getNumBanks() == 1
        && buffer.getOffset() == 0) {
      System.arraycopy(buffer.getData(), 0, out, base, width * height);
      return;
    }
    int[] row = new int[width * spp];
    int p = base;
    for (int y = 0; y < height; y++) {
      raster.getPixels(0, y, width, 1, row);
      if (f.bytesPerSample() == 1) {
        for (int v : row) {
          out[p++] = (byte) v;
        }
      } else {
        for (int v : row) {
          out[p++] = (byte) v;
          out[p++] = (byte) (v >> 8);
        }
      }
    }
  }
}
