package io.github.pneumo.data;

import com.google.common.base.Preconditions;
import io.github.pneumo.PneumoException;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.io.SafeNames;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A cross-validation split in the original's folds CSV format: columns {@code fname,fold,exist_labels},
 * where {@code fname} is the image id plus {@code .png}, {@code fold} is a name compared as a
 * <b>string</b> (so the 2nd-stage pseudo-fold {@code stage_2} works) and {@code exist_labels} is 1 for an
 * image with pneumothorax, else 0.
 *
 * <p>Like the original dataset, a validation fold f holds the rows whose fold equals f, and the training
 * rows are <b>all the others</b> in file order, so a pseudo-fold such as {@code stage_2} is always
 * trained on and never validated. Instances are immutable and thread-safe.
 */
public final class Folds {

  /** The original's header line. */
  public static final String HEADER = "fname,fold,exist_labels";

  private static final String PNG = ".png";

  private final List<Entry> entries;
  private final Map<String, Integer> index;

  private Folds(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < this.entries.size(); i++) {
      Integer previous = idx.put(this.entries.get(i).imageId(), i);
      Preconditions.checkArgument(previous == null, "image %s appears twice (rows %s and %s)",
          this.entries.get(i).imageId(), previous == null ? -1 : previous + 1, i + 1);
    }
    this.index = idx;
  }

  /**
   * One row: an image, its fold and whether it has pneumothorax.
   *
   * @param imageId the image id (the file name without {@code .png})
   * @param fold the fold name, e.g. {@code "0"} or {@code "stage_2"}
   * @param positive whether the image has at least one annotation ({@code exist_labels} = 1)
   */
  public record Entry(String imageId, String fold, boolean positive) {
    /**
     * Validates the fields.
     *
     * @param imageId not blank
     * @param fold a {@link SafeNames safe} name: it becomes part of file names ({@code checkpoints/fold<F>})
     * @param positive the label
     */
    public Entry {
      Preconditions.checkArgument(!imageId.isBlank() && imageId.indexOf(',') < 0, "bad image id '%s'", imageId);
      SafeNames.require("fold name", fold);
    }
  }

  /**
   * Folds from rows in memory, kept in the given order.
   *
   * @param entries the rows; image ids must be distinct
   * @return the folds
   * @throws IllegalArgumentException if an image id appears twice
   */
  public static Folds of(List<Entry> entries) {
    return new Folds(entries);
  }

  /**
   * Reads a folds CSV (plain or gzip) with the header {@code fname,fold,exist_labels} (columns in any
   * order, extra columns ignored). A {@code .png} suffix of {@code fname} is removed.
   *
   * @param file the CSV
   * @return the folds, in file order
   * @throws LabelFormatException for a missing column, a bad label or a repeated image, naming file and line
   * @throws PneumoException if the file cannot be read
   */
  public static Folds read(Path file) {
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    int[][] holder = {null};
    TextFiles.forEachLine(file, (number, text) -> {
      if (text.isBlank()) {
        return;
      }
      List<String> fields = TextFiles.fields(text, file, number);
      if (holder[0] == null) {
        holder[0] = headerColumns(fields, file, number);
        return;
      }
      int[] c = holder[0];
      int needed = Math.max(c[0], Math.max(c[1], c[2])) + 1;
      if (fields.size() < needed) {
        throw new LabelFormatException(file, number, "expected at least " + needed + " columns, found "
            + fields.size());
      }
      String fname = fields.get(c[0]).trim();
      String id = fname.endsWith(PNG) ? fname.substring(0, fname.length() - PNG.length()) : fname;
      String fold = fields.get(c[1]).trim();
      String label = fields.get(c[2]).trim();
      if (id.isEmpty()) {
        throw new LabelFormatException(file, number, "empty fname");
      }
      if (fold.isEmpty()) {
        throw new LabelFormatException(file, number, "empty fold for " + fname);
      }
      if (!SafeNames.isSafe(fold)) {
        // fold names become path components: checkpoints/fold<F>, log/train_fold_<F>.log
        throw new LabelFormatException(file, number, "fold name '" + fold + "' of " + fname + " is not a safe "
            + "file name (allowed: letters, digits, '.', '_', '-', not starting with '.', at most "
            + SafeNames.MAX_LENGTH + " characters)");
      }
      boolean positive = switch (label) {
        case "1", "1.0", "True", "true" -> true;
        case "0", "0.0", "False", "false" -> false;
        default -> throw new LabelFormatException(file, number, "exist_labels of " + fname
            + " is '" + label + "', expected 0 or 1");
      };
      Integer previous = lineOf.put(id, number);
      if (previous != null) {
        throw new LabelFormatException(file, number, "image " + id + " already listed on line " + previous);
      }
      entries.add(new Entry(id, fold, positive));
    });
    if (holder[0] == null) {
      throw new LabelFormatException(file, 0, "empty file: expected the header " + HEADER);
    }
    return new Folds(entries);
  }

  private static int[] headerColumns(List<String> header, Path file, int number) {
    int[] c = {-1, -1, -1};
    String[] names = {"fname", "fold", "exist_labels"};
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).trim();
      for (int k = 0; k < names.length; k++) {
        if (h.equals(names[k]) && c[k] < 0) {
          c[k] = i;
        }
      }
    }
    for (int k = 0; k < names.length; k++) {
      if (c[k] < 0) {
        throw new LabelFormatException(file, number, "header lacks the column '" + names[k] + "' (expected "
            + HEADER + ", found " + String.join(",", header) + ")");
      }
    }
    return c;
  }

  /**
   * Builds stratified folds from labels: images with and without pneumothorax are each shuffled with
   * the seed and dealt round-robin over the folds (negatives continue where the positives stopped), so
   * every fold gets ⌊n/k⌋ or ⌈n/k⌉ images and ⌊p/k⌋ or ⌈p/k⌉ positives. Rows are sorted by file name,
   * like the original's files; folds are named {@code "0"} … {@code "k-1"}. Deterministic for a seed.
   *
   * @param labels the labels; each image id becomes one row
   * @param k the number of folds, &ge; 2
   * @param seed the shuffling seed
   * @return the folds
   */
  public static Folds stratified(SiimLabels labels, int k, long seed) {
    return stratified(labels.imageIds(), new HashSet<>(labels.positiveIds()), k, seed);
  }

  /**
   * Builds stratified folds; see {@link #stratified(SiimLabels, int, long)}.
   *
   * @param imageIds the images, distinct
   * @param positives the ids (among {@code imageIds}) that have pneumothorax
   * @param k the number of folds, &ge; 2
   * @param seed the shuffling seed
   * @return the folds
   */
  public static Folds stratified(Collection<String> imageIds, Set<String> positives, int k, long seed) {
    Preconditions.checkArgument(k >= 2, "need at least 2 folds, got %s", k);
    Preconditions.checkArgument(imageIds.size() >= k, "%s images cannot fill %s folds", imageIds.size(), k);
    Set<String> ids = new LinkedHashSet<>(imageIds);
    Preconditions.checkArgument(ids.size() == imageIds.size(), "image ids are not distinct");
    for (String p : positives) {
      Preconditions.checkArgument(ids.contains(p), "positive %s is not among the image ids", p);
    }
    // Sort first so that the result does not depend on the input's order, only on the seed.
    List<String> pos = new ArrayList<>();
    List<String> neg = new ArrayList<>();
    for (String id : ids) {
      (positives.contains(id) ? pos : neg).add(id);
    }
    pos.sort(Comparator.naturalOrder());
    neg.sort(Comparator.naturalOrder());
    SplittableRandom random = new SplittableRandom(seed);
    shuffle(pos, random);
    shuffle(neg, random);
    List<Entry> entries = new ArrayList<>(ids.size());
    int slot = 0;
    for (String id : pos) {
      entries.add(new Entry(id, Integer.toString(slot++ % k), true));
    }
    for (String id : neg) {
      entries.add(new Entry(id, Integer.toString(slot++ % k), false));
    }
    entries.sort(Comparator.comparing(e -> e.imageId() + PNG));
    return new Folds(entries);
  }

  private static void shuffle(List<String> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      list.set(j, list.set(i, list.get(j)));
    }
  }

  /**
   * Writes the folds in the original's format ({@code fname} with {@code .png}), atomically.
   *
   * @param file the output; a name ending in {@code .gz} is gzip-compressed
   * @throws PneumoException if the file cannot be written
   */
  public void write(Path file) {
    TextFiles.writeAtomically(file, out -> {
      out.write(HEADER);
      out.write('\n');
      for (Entry e : entries) {
        out.write(e.imageId());
        out.write(PNG);
        out.write(',');
        out.write(e.fold());
        out.write(e.positive() ? ",1\n" : ",0\n");
      }
    });
  }

  /**
   * Every row, in file order.
   *
   * @return an unmodifiable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The number of rows.
   *
   * @return the row count
   */
  public int size() {
    return entries.size();
  }

  /**
   * The distinct fold names: the integer names in ascending order, then the others (pseudo-folds) in
   * order of first appearance.
   *
   * @return a new list, e.g. {@code [0, 1, 2, 3, 4, stage_2]}
   */
  public List<String> foldNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Entry e : entries) {
      names.add(e.fold());
    }
    List<String> out = new ArrayList<>(names);
    out.sort(Comparator.comparing((String n) -> !isInteger(n))
        .thenComparing((a, b) -> isInteger(a) && isInteger(b) ? new BigInteger(a).compareTo(
            new BigInteger(b)) : 0));
    return out;
  }

  private static boolean isInteger(String s) {
    return s.matches("-?[0-9]+");
  }

  /**
   * The rows of one fold (the validation rows when it is the validation fold), in file order.
   *
   * @param fold a fold name
   * @return a new list, empty for an unknown fold
   */
  public List<Entry> validation(String fold) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.fold().equals(fold)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The training rows for a validation fold: every row whose fold is not {@code fold}, in file order
   * (the order the original's dataset and sampler index them in).
   *
   * @param fold the validation fold's name
   * @return a new list
   */
  public List<Entry> training(String fold) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.fold().equals(fold)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The image ids of one fold, in file order.
   *
   * @param fold a fold name
   * @return a new list
   */
  public List<String> validationIds(String fold) {
    return ids(validation(fold));
  }

  /**
   * The training image ids for a validation fold, in file order.
   *
   * @param fold the validation fold's name
   * @return a new list
   */
  public List<String> trainingIds(String fold) {
    return ids(training(fold));
  }

  /**
   * For each training row of a validation fold, whether it is positive: the input of
   * {@link io.github.pneumo.SlidingSampler}.
   *
   * @param fold the validation fold's name
   * @return one flag per training row, in file order
   */
  public boolean[] trainingPositives(String fold) {
    List<Entry> t = training(fold);
    boolean[] out = new boolean[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.get(i).positive();
    }
    return out;
  }

  /**
   * A sliding-sampler builder over the training rows of a validation fold (every row of the other folds,
   * in file order), so the sampler's indices are positions in {@link #trainingIds(String)}.
   *
   * <pre>{@code
   * SlidingSampler sampler = folds.slidingSampler("0").rate(0.6).seed(42).build();
   * }</pre>
   *
   * @param fold the validation fold's name
   * @return a builder with the labels set; rate, schedule and seed keep their defaults until set
   */
  public SlidingSampler.Builder slidingSampler(String fold) {
    return SlidingSampler.builder().labels(trainingPositives(fold));
  }

  /**
   * The ids of the images with pneumothorax, in file order.
   *
   * @return a new list
   */
  public List<String> positiveIds() {
    List<String> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.positive()) {
        out.add(e.imageId());
      }
    }
    return out;
  }

  /**
   * The row of an image.
   *
   * @param imageId an image id
   * @return its row
   * @throws PneumoException if the image is not listed
   */
  public Entry entry(String imageId) {
    Integer i = index.get(imageId);
    if (i == null) {
      throw new PneumoException("image " + imageId + " is not in the folds");
    }
    return entries.get(i);
  }

  /**
   * Whether an image is listed.
   *
   * @param imageId an image id
   * @return true if it has a row
   */
  public boolean contains(String imageId) {
    return index.containsKey(imageId);
  }

  private static List<String> ids(List<Entry> list) {
    List<String> out = new ArrayList<>(list.size());
    for (Entry e : list) {
      out.add(e.imageId());
    }
    return out;
  }

  @Override
  public String toString() {
    return "Folds[" + entries.size() + " rows, folds " + foldNames() + "]";
  }
}
