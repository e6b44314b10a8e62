package io.github.pneumo.data;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.RleFormatException;
import io.github.pneumo.io.Csv;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The labels of a SIIM label CSV ({@code train-rle.csv}, {@code stage_2_train.csv}, a submission): for
 * each image id, its rows of run-length encoded annotations.
 *
 * <p>Reading accepts the quirks of the published files: plain or gzip (recognised by content), a UTF-8
 * byte-order mark, a header {@code ImageId,EncodedPixels} or {@code ImageId, EncodedPixels} or none,
 * values with leading spaces, {@code -1} (or an empty value) for an image without pneumothorax, a missing
 * final newline, {@code \r\n} line ends, blank lines, quoted fields, and several rows per image (one per
 * annotation, in any order). The codec is never guessed: it is given explicitly, because a single-run
 * mask reads validly in both formats. Every row is validated while reading, so a bad file fails at once
 * with a {@link LabelFormatException} naming the file and line; masks are decoded only on demand (the
 * rows are kept as RLE strings, a few MiB for the full SIIM label set).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SiimLabels {

  /** The side of the SIIM images, the default mask size. */
  public static final int SIIM_SIZE = 1024;
  /** The largest side a DICOM image can have (Rows and Columns are 16-bit). */
  public static final int MAX_DICOM_SIDE = 65535;

  private final RleCodec codec;
  private final int width;
  private final int height;
  private final @Nullable Path source;
  private final Map<String, List<Row>> byImage;
  private final List<String> imageIds;
  private final List<Row> rows;

  private SiimLabels(RleCodec codec, int width, int height, @Nullable Path source, List<Row> rows) {
    this.codec = codec;
    this.width = width;
    this.height = height;
    this.source = source;
    this.rows = List.copyOf(rows);
    Map<String, List<Row>> grouped = new LinkedHashMap<>();
    for (Row r : this.rows) {
      grouped.computeIfAbsent(r.imageId(), k -> new ArrayList<>(1)).add(r);
    }
    grouped.replaceAll((k, v) -> List.copyOf(v));
    this.byImage = Collections.unmodifiableMap(grouped);
    this.imageIds = List.copyOf(grouped.keySet());
  }

  /**
   * One line of a label CSV.
   *
   * @param imageId the image id, trimmed
   * @param encodedPixels the RLE as found (trimmed) in the labels' codec; {@code -1} or empty when the row
   *     marks an image without pneumothorax
   * @param line the 1-based line in the source file, or 0 for a row built in memory
   */
  public record Row(String imageId, String encodedPixels, int line) {
    /**
     * Validates the fields.
     *
     * @param imageId the image id, not blank
     * @param encodedPixels the RLE string
     * @param line the line, &ge; 0
     */
    public Row {
      Preconditions.checkArgument(!imageId.isBlank(), "blank image id");
      Preconditions.checkArgument(line >= 0, "negative line %s", line);
    }

    /**
     * Whether this row carries an annotation (is not {@code -1} or empty).
     *
     * @return true for a row with runs
     */
    public boolean isAnnotation() {
      return !isEmptyValue(encodedPixels);
    }
  }

  /**
   * Reads a label CSV of 1024×1024 images.
   *
   * @param file the CSV, plain or gzip
   * @param codec the file's RLE format
   * @return the labels
   * @throws LabelFormatException for a malformed line or RLE, naming the file and line
   * @throws PneumoException if the file cannot be read
   */
  public static SiimLabels read(Path file, RleCodec codec) {
    return read(file, codec, SIIM_SIZE, SIIM_SIZE);
  }

  /**
   * Reads a label CSV.
   *
   * @param file the CSV, plain or gzip
   * @param codec the file's RLE format
   * @param width image width the runs refer to
   * @param height image height the runs refer to
   * @return the labels
   * @throws LabelFormatException for a malformed line or RLE, naming the file and line
   * @throws PneumoException if the file cannot be read
   */
  public static SiimLabels read(Path file, RleCodec codec, int width, int height) {
    Objects.requireNonNull(codec, "codec");
    Preconditions.checkArgument(width > 0 && height > 0, "image size must be positive: %sx%s", width, height);
    List<Row> rows = new ArrayList<>();
    boolean[] seenContent = {false};
    TextFiles.forEachLine(file, (number, text) -> {
      if (text.isBlank()) {
        return;
      }
      List<String> fields = TextFiles.fields(text, file, number);
      if (fields.size() != 2) {
        throw new LabelFormatException(file, number, "expected 2 comma-separated columns (ImageId, "
            + "EncodedPixels), found " + fields.size());
      }
      String id = fields.get(0).trim();
      String value = fields.get(1).trim();
      boolean first = !seenContent[0];
      seenContent[0] = true;
      if (first && id.equalsIgnoreCase("ImageId") && value.equalsIgnoreCase("EncodedPixels")) {
        return;
      }
      if (id.isEmpty()) {
        throw new LabelFormatException(file, number, "empty ImageId");
      }
      if (!isEmptyValue(value)) {
        try {
          codec.validate(value, width, height);
        } catch (RleFormatException e) {
          throw new LabelFormatException(file, number, "image " + id + ": " + e.getMessage(), e);
        }
      }
      rows.add(new Row(id, value, number));
    });
    return new SiimLabels(codec, width, height, file, rows);
  }

  /**
   * Reads a label CSV whose images may have any size, or several sizes: the runs are checked for syntax
   * and against the largest DICOM image ({@value #MAX_DICOM_SIDE}²) only; decode them at each image's own
   * size with {@link #annotationMasks(String, int, int)}.
   *
   * @param file the CSV, plain or gzip
   * @param codec the file's RLE format
   * @return the labels
   * @throws LabelFormatException for a malformed line or RLE, naming the file and line
   */
  public static SiimLabels readAnySize(Path file, RleCodec codec) {
    return read(file, codec, MAX_DICOM_SIDE, MAX_DICOM_SIDE);
  }

  /**
   * A builder of labels in memory, e.g. to write a generated dataset's label file or a submission.
   *
   * @param codec the codec the rows are kept in (and written in by default)
   * @param width image width
   * @param height image height
   * @return an empty builder
   */
  public static Builder builder(RleCodec codec, int width, int height) {
    return new Builder(codec, width, height);
  }

  /**
   * The codec the rows are encoded in.
   *
   * @return the codec given when reading or building
   */
  public RleCodec codec() {
    return codec;
  }

  /**
   * The image width the runs refer to.
   *
   * @return width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * The image height the runs refer to.
   *
   * @return height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * The file these labels were read from.
   *
   * @return the path, or null for labels built in memory
   */
  public @Nullable Path source() {
    return source;
  }

  /**
   * The distinct image ids, in order of first appearance.
   *
   * @return an unmodifiable list
   */
  public List<String> imageIds() {
    return imageIds;
  }

  /**
   * Every data row, in file order (the header excluded).
   *
   * @return an unmodifiable list
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * The rows of one image, in file order.
   *
   * @param imageId an image id of these labels
   * @return an unmodifiable list of at least one row
   * @throws PneumoException if the image is unknown
   */
  public List<Row> rows(String imageId) {
    List<Row> r = byImage.get(imageId);
    if (r == null) {
      throw new PneumoException("image id " + imageId + " is not in " + describe());
    }
    return r;
  }

  /**
   * Whether the image has at least one row.
   *
   * @param imageId an image id
   * @return true if present
   */
  public boolean contains(String imageId) {
    return byImage.containsKey(imageId);
  }

  /**
   * The number of annotations (rows with runs) of an image; 0 for an image with only {@code -1} rows.
   *
   * @param imageId an image id of these labels
   * @return the annotation count
   * @throws PneumoException if the image is unknown
   */
  public int annotationCount(String imageId) {
    int n = 0;
    for (Row r : rows(imageId)) {
      if (r.isAnnotation()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether the image has at least one annotation (its mask is not empty).
   *
   * @param imageId an image id of these labels
   * @return true for a pneumothorax image
   * @throws PneumoException if the image is unknown
   */
  public boolean isPositive(String imageId) {
    return annotationCount(imageId) > 0;
  }

  /**
   * The ids of the images with at least one annotation, in order of first appearance.
   *
   * @return a new list
   */
  public List<String> positiveIds() {
    List<String> out = new ArrayList<>();
    for (String id : imageIds) {
      if (isPositive(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * The mask of one image: the union of its annotations, decoded now.
   *
   * @param imageId an image id of these labels
   * @return a width×height mask, empty for an image without annotations
   * @throws PneumoException if the image is unknown
   */
  public Mask mask(String imageId) {
    List<Row> r = rows(imageId);
    if (r.size() == 1) {
      return decode(r.get(0));
    }
    Mask.Builder b = Mask.builder(width, height);
    for (Row row : r) {
      if (row.isAnnotation()) {
        b.or(decode(row));
      }
    }
    return b.build();
  }

  /**
   * The masks of an image's annotations, one per annotation row, decoded now.
   *
   * @param imageId an image id of these labels
   * @return a list, empty for an image without annotations
   * @throws PneumoException if the image is unknown
   */
  public List<Mask> annotationMasks(String imageId) {
    List<Mask> out = new ArrayList<>();
    for (Row row : rows(imageId)) {
      if (row.isAnnotation()) {
        out.add(decode(row));
      }
    }
    return out;
  }

  /**
   * The masks of an image's annotations decoded at the image's own size (labels read with {@link
   * #readAnySize}, or of several sizes).
   *
   * @param imageId an image id of these labels
   * @param width the image's width
   * @param height the image's height
   * @return width×height masks, one per annotation; empty for an image without annotations
   * @throws LabelFormatException naming the file, line and image when a run does not fit the image
   * @throws PneumoException if the image is unknown
   */
  public List<Mask> annotationMasks(String imageId, int width, int height) {
    List<Mask> out = new ArrayList<>();
    for (Row row : rows(imageId)) {
      if (row.isAnnotation()) {
        try {
          out.add(codec.decode(row.encodedPixels(), width, height));
        } catch (RleFormatException e) {
          String problem = "image " + imageId + " is " + width + "x" + height + ", its label does not fit: "
              + e.getMessage();
          throw source == null ? new PneumoException(problem, e) : new LabelFormatException(source, row.line(), problem, e);
        }
      }
    }
    return out;
  }

  private Mask decode(Row row) {
    if (!row.isAnnotation()) {
      return Mask.empty(width, height);
    }
    return codec.decode(row.encodedPixels(), width, height);
  }

  /**
   * Writes one row per image (the union of its annotations, {@code -1} when empty) in these labels'
   * codec, atomically. See {@link #write(Path, RleCodec)} for the layout.
   *
   * @param file the output; a name ending in {@code .gz} is gzip-compressed
   * @throws PneumoException if the file cannot be written
   */
  public void write(Path file) {
    write(file, codec);
  }

  /**
   * Writes one row per image (the union of its annotations, {@code -1} when empty), in order of first
   * appearance, atomically. The layout follows the codec: relative (stage 1) gets the header {@code
   * ImageId, EncodedPixels} and a space before the runs, like Kaggle's stage-1 {@code train-rle.csv};
   * standard (stage 2) gets {@code ImageId,EncodedPixels} and no spaces. Every line ends with
   * {@code \n}.
   *
   * @param file the output; a name ending in {@code .gz} is gzip-compressed
   * @param target the codec to write
   * @throws PneumoException if the file cannot be written
   */
  public void write(Path file, RleCodec target) {
    TextFiles.writeAtomically(file, out -> {
      writeHeader(out, target);
      for (String id : imageIds) {
        Mask m = mask(id);
        writeRow(out, target, id, m.isEmpty() ? "-1" : target.encode(m));
      }
    });
  }

  /**
   * Writes every row as it is (one row per annotation, {@code -1} rows kept), in file order, in the
   * given codec, atomically, with the layout of {@link #write(Path, RleCodec)}. Runs are carried over
   * one to one ({@link RleCodec#transcode}).
   *
   * @param file the output; a name ending in {@code .gz} is gzip-compressed
   * @param target the codec to write
   * @throws PneumoException if the file cannot be written
   */
  public void writeRows(Path file, RleCodec target) {
    TextFiles.writeAtomically(file, out -> {
      writeHeader(out, target);
      for (Row r : rows) {
        String value = r.isAnnotation()
            ? codec.transcode(r.encodedPixels(), target, width, height) : "-1";
        writeRow(out, target, r.imageId(), value);
      }
    });
  }

  private static boolean isStage1(RleCodec codec) {
    return codec.name().equals(RleCodec.relative().name());
  }

  private static void writeHeader(Writer out, RleCodec target) throws IOException {
    out.write(isStage1(target) ? "ImageId, EncodedPixels\n" : "ImageId,EncodedPixels\n");
  }

  private static void writeRow(Writer out, RleCodec target, String id, String value) throws IOException {
    out.write(Csv.field(id)); // quoted when it holds a comma or quote, so that it reads back
    out.write(value.equals("-1") || !isStage1(target) ? "," : ", ");
    out.write(value);
    out.write('\n');
  }

  private static boolean isEmptyValue(String value) {
    return value.isEmpty() || value.equals("-1");
  }

  private String describe() {
    return source == null ? "these labels" : "labels file " + source;
  }

  @Override
  public String toString() {
    return "SiimLabels[" + (source == null ? "in memory" : source) + ", " + codec.name() + ", " + width + "x"
        + height + ", " + imageIds.size() + " images, " + rows.size() + " rows]";
  }

  /**
   * Collects rows in order; several rows per image are allowed (one per annotation). Not thread-safe.
   */
  public static final class Builder {
    private final RleCodec codec;
    private final int width;
    private final int height;
    private final List<Row> rows = new ArrayList<>();

    private Builder(RleCodec codec, int width, int height) {
      this.codec = Objects.requireNonNull(codec, "codec");
      Preconditions.checkArgument(width > 0 && height > 0, "image size must be positive: %sx%s", width, height);
      this.width = width;
      this.height = height;
    }

    /**
     * Adds one row: an annotation, or a {@code -1} row when the mask is empty.
     *
     * @param imageId the image id
     * @param mask a mask of the builder's size
     * @return this builder
     */
    public Builder add(String imageId, Mask mask) {
      Preconditions.checkArgument(mask.width() == width && mask.height() == height,
          "mask of image %s is %sx%s, labels are %sx%s", imageId, mask.width(), mask.height(), width, height);
      rows.add(new Row(imageId.trim(), codec.encode(mask), 0));
      return this;
    }

    /**
     * Adds one row per annotation, or a single {@code -1} row when the list is empty or all masks are
     * empty.
     *
     * @param imageId the image id
     * @param annotations masks of the builder's size
     * @return this builder
     */
    public Builder addAll(String imageId, List<Mask> annotations) {
      boolean any = false;
      for (Mask m : annotations) {
        if (!m.isEmpty()) {
          add(imageId, m);
          any = true;
        }
      }
      if (!any) {
        addEmpty(imageId);
      }
      return this;
    }

    /**
     * Adds a {@code -1} row: an image without pneumothorax.
     *
     * @param imageId the image id
     * @return this builder
     */
    public Builder addEmpty(String imageId) {
      rows.add(new Row(imageId.trim(), "-1", 0));
      return this;
    }

    /**
     * Adds one row given as an RLE string in the builder's codec.
     *
     * @param imageId the image id
     * @param encodedPixels runs, {@code -1} or empty
     * @return this builder
     * @throws io.github.pneumo.RleFormatException if the string is malformed
     */
    public Builder addEncoded(String imageId, String encodedPixels) {
      String value = encodedPixels.trim();
      if (!isEmptyValue(value)) {
        codec.validate(value, width, height);
      }
      rows.add(new Row(imageId.trim(), value, 0));
      return this;
    }

    /**
     * Builds the labels.
     *
     * @return immutable labels holding the rows added so far
     */
    public SiimLabels build() {
      return new SiimLabels(codec, width, height, null, ImmutableList.copyOf(rows));
    }
  }
}
