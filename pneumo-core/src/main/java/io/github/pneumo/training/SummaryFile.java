package io.github.pneumo.training;

import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.TripletThreshold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fold's {@code summary.csv} with the original's columns: {@code epoch}, {@code best_metric}, then one
 * column per triplet named like {@code (0.75, 1000, 0.3)} (quoted, as pandas writes a name holding
 * commas). Rows accumulate across the parts of an experiment; every change rewrites the whole file
 * atomically, so a killed run never leaves a torn row.
 */
public final class SummaryFile {

  private final Path path;
  private final String header;
  private final List<String> rows = new ArrayList<>();

  private SummaryFile(Path path, String header) {
    this.path = path;
    this.header = header;
  }

  /**
   * Opens (or prepares) a summary file. An existing file must have the same columns.
   *
   * @param path the file
   * @param triplets the validation triplets, which name the columns
   * @return the summary with the existing rows loaded
   */
  public static SummaryFile open(Path path, List<TripletThreshold> triplets) {
    StringBuilder h = new StringBuilder("epoch,best_metric");
    for (TripletThreshold t : triplets) {
      h.append(",\"").append(t).append('"');
    }
    SummaryFile s = new SummaryFile(path, h.toString());
    if (Files.exists(path)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new TrainingException("cannot read " + path + ": " + e.getMessage(), e);
      }
      if (lines.isEmpty() || !lines.get(0).equals(s.header)) {
        throw new TrainingException(path + " line 1: columns '" + (lines.isEmpty() ? "" : lines.get(0))
            + "' differ from the configured triplets '" + s.header + "'");
      }
      int columns = 2 + triplets.size();
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != columns) {
          throw new TrainingException(path + " line " + (i + 1) + ": " + cells.length + " cells, expected " + columns);
        }
        try {
          Integer.parseInt(cells[0]);
          for (int c = 1; c < cells.length; c++) {
            Double.parseDouble(cells[c]);
          }
        } catch (NumberFormatException e) {
          throw new TrainingException(path + " line " + (i + 1) + ": not a number: " + e.getMessage(), e);
        }
        s.rows.add(line);
      }
    }
    return s;
  }

  /** @return the file */
  public Path path() {
    return path;
  }

  /** @return the number of data rows */
  public int rowCount() {
    return rows.size();
  }

  /**
   * The best {@code best_metric} of all rows, as the original inherits it across parts.
   *
   * @return the maximum, or 0 when there is no row
   */
  public double bestMetric() {
    double best = 0;
    for (String r : rows) {
      best = Math.max(best, Double.parseDouble(r.split(",", -1)[1]));
    }
    return best;
  }

  /**
   * Appends a row and rewrites the file.
   *
   * @param epoch the epoch (0-based within its part)
   * @param bestMetric the epoch's score (best triplet)
   * @param tripletScores the score per triplet, in column order
   */
  public void append(int epoch, double bestMetric, double[] tripletScores) {
    StringBuilder b = new StringBuilder().append(epoch).append(',').append(format(bestMetric));
    for (double v : tripletScores) {
      b.append(',').append(format(v));
    }
    rows.add(b.toString());
    write();
  }

  /**
   * Drops rows beyond a count (rows a killed run wrote after its last resume point) and rewrites.
   *
   * @param count the number of rows to keep
   */
  public void truncate(int count) {
    if (count > rows.size()) {
      throw new TrainingException(path + " has " + rows.size() + " rows but the resume state expects " + count);
    }
    if (count < rows.size()) {
      rows.subList(count, rows.size()).clear();
      write();
    }
  }

  /** @return the data rows as written */
  public List<String> rows() {
    return List.copyOf(rows);
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  private void write() {
    AtomicFiles.write(path, stream -> {
      StringBuilder all = new StringBuilder(header).append('\n');
      for (String r : rows) {
        all.append(r).append('\n');
      }
      stream.write(all.toString().getBytes(StandardCharsets.UTF_8));
    });
  }
}
