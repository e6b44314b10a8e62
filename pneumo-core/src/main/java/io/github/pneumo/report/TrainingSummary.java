package io.github.pneumo.report;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.pneumo.PneumoException;
import io.github.pneumo.TripletThreshold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original's {@code summary.csv}: one row per validated epoch with columns {@code epoch}, {@code
 * best_metric} and one per triplet named like {@code (0.75, 1000, 0.3)} (quoted, as pandas writes it). An
 * unnamed leading index column, if present, is ignored.
 *
 * @param epochs epoch numbers, in file order
 * @param bestMetric the best-of-triplets score of each epoch
 * @param perTriplet each triplet's score of each epoch, in column order
 */
public record TrainingSummary(List<Integer> epochs, List<Double> bestMetric,
    Map<TripletThreshold, List<Double>> perTriplet) {

  /** Copies the lists. */
  public TrainingSummary {
    epochs = ImmutableList.copyOf(epochs);
    bestMetric = ImmutableList.copyOf(bestMetric);
    ImmutableMap.Builder<TripletThreshold, List<Double>> b = ImmutableMap.builder();
    perTriplet.forEach((k, v) -> b.put(k, ImmutableList.copyOf(v)));
    perTriplet = b.build();
  }

  /**
   * Reads a summary.csv.
   *
   * @param file the file
   * @return its contents
   * @throws PneumoException naming the file, line and column of a malformed value
   */
  public static TrainingSummary read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PneumoException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new PneumoException(file + ": empty file");
    }
    List<String> header = split(lines.get(0).replace("\uFEFF", ""), file, 1);
    int epochCol = header.indexOf("epoch");
    int bestCol = header.indexOf("best_metric");
    if (epochCol < 0 || bestCol < 0) {
      throw new PneumoException(file + ":1: needs columns 'epoch' and 'best_metric', got " + header);
    }
    Map<Integer, TripletThreshold> tripletCols = new LinkedHashMap<>();
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c).trim();
      if (c != epochCol && c != bestCol && !name.isEmpty()) {
        try {
          tripletCols.put(c, TripletThreshold.parse(name));
        } catch (PneumoException e) {
          throw new PneumoException(file + ":1: column '" + name + "' is not a triplet", e);
        }
      }
    }
    List<Integer> epochs = new ArrayList<>();
    List<Double> best = new ArrayList<>();
    Map<TripletThreshold, List<Double>> per = new LinkedHashMap<>();
    tripletCols.values().forEach(t -> per.put(t, new ArrayList<>()));
    for (int n = 1; n < lines.size(); n++) {
      if (lines.get(n).isBlank()) {
        continue;
      }
      List<String> cells = split(lines.get(n), file, n + 1);
      if (cells.size() != header.size()) {
        throw new PneumoException(file + ":" + (n + 1) + ": " + cells.size() + " cells, header has " + header.size());
      }
      double e = number(cells.get(epochCol), file, n + 1, "epoch");
      epochs.add((int) e);
      best.add(number(cells.get(bestCol), file, n + 1, "best_metric"));
      for (Map.Entry<Integer, TripletThreshold> t : tripletCols.entrySet()) {
        per.get(t.getValue()).add(number(cells.get(t.getKey()), file, n + 1, t.getValue().toString()));
      }
    }
    return new TrainingSummary(epochs, best, per);
  }

  private static double number(String s, Path file, int line, String column) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new PneumoException(file + ":" + line + ": column " + column + ": not a number '" + s + "'");
    }
  }

  /** Splits one CSV line with RFC 4180 quoting. */
  static List<String> split(String line, Path file, int lineNo) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new PneumoException(file + ":" + lineNo + ": unterminated quote");
    }
    out.add(cell.toString());
    return out;
  }
}
