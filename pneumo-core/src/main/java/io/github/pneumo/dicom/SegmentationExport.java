package io.github.pneumo.dicom;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.maps.QuantizedMap;
import java.nio.file.Path;

/**
 * The mask a SEG is written from, as {@code pneumo export-seg} and {@code pneumo infer}'s {@code SEG_FOLDER}
 * make it: an RLE string decoded at the source image's size, or a stored probability map binarised by a
 * triplet. Each method reads the source DICOM, checks sizes and writes the SEG with the given writer.
 */
public final class SegmentationExport {
  private SegmentationExport() {}

  /**
   * What an export wrote.
   *
   * @param mask the mask the SEG holds
   * @param written whether a file was written (false only for an empty mask with {@link
   *     SegmentationWriter.EmptyMask#SKIP})
   */
  public record Result(Mask mask, boolean written) {}

  /**
   * Writes the SEG of an RLE-encoded mask.
   *
   * @param writer the SEG writer
   * @param dicom the source DICOM
   * @param rle the mask's runs, at the source's Columns × Rows ({@code -1} or empty for no pixel)
   * @param codec the RLE format ({@link RleCodec#standard()} is Kaggle's)
   * @param out the SEG file
   * @return the mask and whether a file was written
   * @throws io.github.pneumo.RleFormatException when the RLE is malformed or leaves the image
   * @throws DicomException when the source cannot be read or segmented
   */
  public static Result fromRle(SegmentationWriter writer, Path dicom, String rle, RleCodec codec, Path out) {
    DicomImage source = Dicom.read(dicom);
    Mask mask = codec.decode(rle, source.columns(), source.rows());
    return new Result(mask, writer.write(source, mask, out));
  }

  /**
   * Writes the SEG of a stored probability map binarised by a triplet.
   *
   * @param writer the SEG writer
   * @param dicom the source DICOM
   * @param map a {@code .pmap} file at the source's size
   * @param triplet the binarisation rule
   * @param out the SEG file
   * @return the mask and whether a file was written
   * @throws io.github.pneumo.maps.MapFormatException when the map cannot be read
   * @throws DicomException when the source cannot be read or segmented, or the sizes differ
   */
  public static Result fromMap(SegmentationWriter writer, Path dicom, Path map, TripletThreshold triplet,
      Path out) {
    return fromMap(writer, dicom, MapStore.readFile(map), map.toString(), triplet, out);
  }

  /**
   * Writes the SEG of a probability map binarised by a triplet.
   *
   * @param writer the SEG writer
   * @param dicom the source DICOM
   * @param map the map, at the source's size
   * @param mapName the map's name, for messages
   * @param triplet the binarisation rule
   * @param out the SEG file
   * @return the mask and whether a file was written
   * @throws DicomException when the source cannot be read or segmented, or the sizes differ
   */
  public static Result fromMap(SegmentationWriter writer, Path dicom, QuantizedMap map, String mapName,
      TripletThreshold triplet, Path out) {
    DicomImage source = Dicom.read(dicom);
    if (map.width() != source.columns() || map.height() != source.rows()) {
      throw new DicomException(mapName + ": the map is " + map.width() + "x" + map.height() + " but the image "
          + dicom + " is " + source.columns() + "x" + source.rows() + " (columns x rows)");
    }
    Mask mask = triplet.apply(map.toProbabilityMap());
    return new Result(mask, writer.write(source, mask, out));
  }
}
