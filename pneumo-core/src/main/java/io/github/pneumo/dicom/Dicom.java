package io.github.pneumo.dicom;

import io.github.pneumo.image.GreyImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Reads DICOM Part 10 files (or bare datasets) into {@link DicomImage}s.
 *
 * <p>Supported transfer syntaxes: implicit VR little endian, explicit VR little and big endian,
 * deflated explicit VR little endian, RLE lossless, JPEG baseline and extended (through ImageIO),
 * JPEG lossless process 14 (TwelveMonkeys) and JPEG 2000 (jai-imageio). Others, such as JPEG-LS, fail
 * with a {@link DicomException} naming the file and the transfer syntax UID. The whole file is read into
 * memory once; every declared length is checked against the file size before it is used.
 */
public final class Dicom {
  private static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 64;

  private Dicom() {}

  /**
   * Reads and decodes a file.
   *
   * @param file a DICOM file
   * @return the decoded image
   * @throws DicomException when the file is unreadable, malformed, has no pixel data or uses a transfer
   *     syntax pneumo cannot decode
   */
  public static DicomImage read(Path file) {
    return decode(file, readAllBytes(file));
  }

  /**
   * Reads a file's first frame as an 8-bit grey image, by the rule of {@link
   * DicomImage#toGreyImage(int)}.
   *
   * @param file a DICOM file
   * @return the model's input image
   * @throws DicomException as {@link #read(Path)}, or for colour images
   */
  public static GreyImage readGreyImage(Path file) {
    return read(file).toGreyImage();
  }

  /**
   * Decodes a file already held in memory.
   *
   * @param source the file name, for messages
   * @param bytes the file's contents (not modified, and referenced no longer than the call)
   * @return the decoded image
   * @throws DicomException as {@link #read(Path)}
   */
  public static DicomImage decode(Path source, byte[] bytes) {
    ParsedDicom parsed = DicomParser.parse(source, bytes);
    PixelDataElement pixels = parsed.pixelData();
    if (pixels == null) {
      throw new DicomException(source + ": no pixel data element (7FE0,0010)");
    }
    String syntax = parsed.transferSyntaxUid();
    Attributes attributes = parsed.attributes();
    PixelFormat format = pixelFormat(source, attributes, syntax);
    String photometric = format.photometric();
    byte[] values;
    if (TransferSyntax.isNative(syntax)) {
      if (pixels.fragments() != null) {
        throw new DicomException(source + ": encapsulated pixel data in native transfer syntax " + syntax
            + " (at byte offset " + pixels.headerOffset() + ")");
      }
      values = NativeDecoder.decode(source, format, pixels);
      photometric = convertYbr(source, format, values, syntax);
    } else {
      if (pixels.fragments() == null) {
        throw new DicomException(source + ": native pixel data in encapsulated transfer syntax " + syntax
            + " (at byte offset " + pixels.headerOffset() + ")");
      }
      if (format.bitsAllocated() == 1) {
        throw new DicomException(source + ": encapsulated 1-bit pixel data (transfer syntax " + syntax
            + ") is not supported by pneumo");
      } else if (syntax.equals(TransferSyntax.RLE_LOSSLESS)) {
        values = RleDecoder.decode(source, format, pixels);
        photometric = convertYbr(source, format, values, syntax);
      } else if (isImageIoSyntax(syntax)) {
        values = ImageIoDecoder.decode(source, syntax, format, pixels);
        if (format.samplesPerPixel() == 3) {
          photometric = "RGB";
        }
      } else {
        throw new DicomException(source + ": transfer syntax " + syntax + " is not supported by pneumo");
      }
    }
    return new DicomImage(source.toString(), syntax, attributes, format, photometric, values);
  }

  private static boolean isImageIoSyntax(String syntax) {
    return switch (syntax) {
      case TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_EXTENDED, TransferSyntax.JPEG_LOSSLESS,
          TransferSyntax.JPEG_LOSSLESS_SV1, TransferSyntax.JPEG_2000, TransferSyntax.JPEG_2000_LOSSLESS -> true;
      default -> false;
    };
  }

  private static String convertYbr(Path source, PixelFormat format, byte[] values, String syntax) {
    String photometric = format.photometric();
    if (format.samplesPerPixel() != 3 || !photometric.startsWith("YBR")) {
      return photometric;
    }
    if (!format.isYbrFull() || format.bitsAllocated() != 8) {
      throw new DicomException(source + ": " + format.bitsAllocated() + "-bit " + photometric
          + " pixel data in transfer syntax " + syntax + " is not supported");
    }
    ColourConversion.ybrFullToRgb(values);
    return "RGB";
  }

  private static PixelFormat pixelFormat(Path source, Attributes a, String syntax) {
    int rows = required(source, a, DicomTags.ROWS, "Rows");
    int columns = required(source, a, DicomTags.COLUMNS, "Columns");
    int bitsAllocated = required(source, a, DicomTags.BITS_ALLOCATED, "Bits Allocated");
    int samples = a.integer(DicomTags.SAMPLES_PER_PIXEL).orElse(1);
    int bitsStored = a.integer(DicomTags.BITS_STORED).orElse(bitsAllocated);
    boolean signed = a.integer(DicomTags.PIXEL_REPRESENTATION).orElse(0) == 1;
    int frames = a.integer(DicomTags.NUMBER_OF_FRAMES).orElse(1);
    String photometric = a.string(DicomTags.PHOTOMETRIC_INTERPRETATION).orElse(samples == 1 ? "MONOCHROME2" : "RGB");
    boolean planar = a.integer(DicomTags.PLANAR_CONFIGURATION).orElse(0) == 1;
    if (bitsAllocated != 8 && bitsAllocated != 16 && !(bitsAllocated == 1 && samples == 1)) {
      throw new DicomException(source + ": Bits Allocated " + bitsAllocated + " is not supported (1 for"
          + " greyscale, 8 or 16) (transfer syntax " + syntax + ")");
    }
    if (samples != 1 && samples != 3) {
      throw new DicomException(source + ": Samples per Pixel " + samples + " is not supported (1 or 3)");
    }
    if (frames < 1) {
      throw new DicomException(source + ": Number of Frames " + frames + " is not positive");
    }
    PixelFormat format = new PixelFormat(rows, columns, frames, samples, bitsAllocated, bitsStored, signed,
        photometric, planar);
    long budget = Math.min(Integer.MAX_VALUE - 64, Runtime.getRuntime().maxMemory() / 2);
    if ((long) rows * columns * samples * format.bytesPerSample() > budget || format.totalBytes() > budget) {
      throw new DicomException(source + ": " + frames + " frame(s) of " + rows + "x" + columns + "x" + samples
          + " samples would need " + (long) rows * columns * samples * format.bytesPerSample() * frames
          + " bytes, more than the " + budget + " this reader allows");
    }
    return format;
  }

  private static int required(Path source, Attributes a, int tag, String name) {
    OptionalInt value = a.integer(tag);
    if (value.isEmpty() || value.getAsInt() <= 0) {
      throw new DicomException(source + ": " + name + " " + DicomTags.format(tag)
          + (value.isEmpty() ? " is missing" : " is " + value.getAsInt()));
    }
    return value.getAsInt();
  }

  private static byte[] readAllBytes(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size > MAX_FILE_SIZE) {
        throw new DicomException(file + ": file of " + size + " bytes is too large to read");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new DicomException(file + ": file shrank while reading (at byte offset " + buffer.position() + ")");
        }
      }
      return buffer.array();
    } catch (NoSuchFileException e) {
      throw new DicomException(file + ": no such file", e);
    } catch (IOException e) {
      throw new DicomException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
