package io.github.pneumo.submission;

import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.RleFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The rows of a SIIM-style CSV ({@code ImageId,EncodedPixels}): sample submissions, submissions and label
 * files. Tolerates a UTF-8 BOM, a header with spaces ({@code ImageId, EncodedPixels}), values with
 * leading spaces, a missing final newline and gzip ({@code .gz}). Rows of one id are kept in file order;
 * ids in order of first appearance.
 */
public final class LabelRows {
  private final Path file;
  private final ImmutableListMultimap<String, String> rows;

  private LabelRows(Path file, ImmutableListMultimap<String, String> rows) {
    this.file = file;
    this.rows = rows;
  }

  /**
   * Reads a CSV.
   *
   * @param file the CSV, optionally gzip-compressed ({@code .gz})
   * @return its rows
   * @throws PneumoException naming the file and line of a malformed row
   */
  public static LabelRows read(Path file) {
    ImmutableListMultimap.Builder<String, String> b = ImmutableListMultimap.builder();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
          throw new PneumoException(file + ":" + n + ": expected 'ImageId,EncodedPixels', got '" + abbreviate(line) + "'");
        }
        String id = line.substring(0, comma).trim();
        String rle = line.substring(comma + 1).trim();
        if (n == 1 && id.equals("ImageId")) {
          continue;
        }
        if (id.isEmpty()) {
          throw new PneumoException(file + ":" + n + ": empty ImageId");
        }
        b.put(id, rle);
      }
    } catch (IOException e) {
      throw new PneumoException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new LabelRows(file, b.build());
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  /** @return the file read */
  public Path file() {
    return file;
  }

  /** @return the distinct ids, in order of first appearance */
  public Set<String> ids() {
    return rows.keySet();
  }

  /** @return all rows: id → encoded pixels, in file order */
  public ListMultimap<String, String> rows() {
    return rows;
  }

  /**
   * The number of rows of an id (the original's n_objects; more than one marks the stage-1 "leak").
   *
   * @param id image id
   * @return 0 when absent
   */
  public int rowCount(String id) {
    return rows.get(id).size();
  }

  /**
   * The union of an id's decoded rows.
   *
   * @param id image id, present in the file
   * @param codec the RLE codec of the file
   * @param width image width
   * @param height image height
   * @return the mask
   * @throws PneumoException naming the file and id when the id is absent or a row does not decode
   */
  public Mask mask(String id, RleCodec codec, int width, int height) {
    List<String> list = rows.get(id);
    if (list.isEmpty()) {
      throw new PneumoException(file + ": no row for image id '" + id + "'");
    }
    Mask.Builder b = Mask.builder(width, height);
    for (String rle : list) {
      try {
        b.or(codec.decode(rle, width, height));
      } catch (RleFormatException e) {
        throw new PneumoException(file + ": image id '" + id + "': " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}
