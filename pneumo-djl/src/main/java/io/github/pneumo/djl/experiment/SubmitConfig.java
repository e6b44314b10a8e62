package io.github.pneumo.djl.experiment;

import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.maps.MapBlend;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.submission.Submission;
import io.github.pneumo.submission.SubmissionRule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@code pneumo submit}: the original's TripletSubmit keys (spec §9) plus pneumo's, read
 * from YAML by {@link #read(Path)} (paths relative to the file) or built in code, and turned into a
 * {@link Submission}.
 *
 * <pre>
 * SAMPLE_SUB: sample submission CSV (one output row per id, in its order)       required
 * MASK_DICT: folder of maps                 | RESULT_WEIGHTS: {folder: weight}  one required
 * TOP_SCORE_THRESHOLD, AREA_THRESHOLD, BOTTOM_SCORE_THRESHOLD: the triplet      required
 * USELEAK: false, LEAK_SCORE_THRESHOLD: threshold for ids with several sample rows
 * MIN_CONTOUR_AREA: 0, USECONTOURS: false, RESHAPE_MODE: false (read, always on)
 * SUB_FILE: output CSV                                                           required
 * CODEC: relative | standard, OUTPUT_SIZE: 1024, TRUTH: labels CSV, TRUTH_CODEC: relative | standard
 * </pre>
 *
 * @param sampleSubmission the sample submission CSV
 * @param maps map folders and their blend weights, in order (one folder with weight 1 for MASK_DICT)
 * @param triplet the threshold triplet
 * @param leakThreshold the threshold of ids with several sample rows, or null for the triplet's bottom
 * @param minContourArea components of at most this many pixels are dropped (0 = off)
 * @param useContours keep the n largest components (n = the id's sample rows)
 * @param output the submission CSV to write
 * @param codec the RLE format written
 * @param outputSize the side of the submitted masks
 * @param truth labels to score the written file against, or null
 * @param truthCodec the RLE format of the truth
 */
public record SubmitConfig(Path sampleSubmission, Map<Path, Double> maps, TripletThreshold triplet,
    @Nullable Double leakThreshold, int minContourArea, boolean useContours, Path output, RleCodec codec,
    int outputSize, @Nullable Path truth, RleCodec truthCodec) {

  /** Copies the map folders, keeping their order. */
  public SubmitConfig {
    maps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maps));
    if (maps.isEmpty()) {
      throw new ConfigException("a submission needs at least one map folder");
    }
  }

  /**
   * Reads a submit config.
   *
   * @param file the YAML file
   * @return the settings
   * @throws ConfigException naming the file, line and key of a missing, unknown or bad entry
   */
  public static SubmitConfig read(Path file) {
    ConfigNode c = ConfigNode.read(file);
    Path sample = c.path("SAMPLE_SUB");
    Map<Path, Double> maps = maps(c);
    double top = c.number("TOP_SCORE_THRESHOLD", 0, 1);
    int area = c.integer("AREA_THRESHOLD", 0, Integer.MAX_VALUE);
    double bottom = c.number("BOTTOM_SCORE_THRESHOLD", 0, 1);
    TripletThreshold triplet;
    try {
      triplet = new TripletThreshold(top, area, bottom);
    } catch (IllegalArgumentException e) {
      throw c.error("BOTTOM_SCORE_THRESHOLD", "does not make a triplet: " + e.getMessage());
    }
    Double leak = null;
    if (c.bool("USELEAK", false)) {
      leak = c.number("LEAK_SCORE_THRESHOLD", 0, 1);
    } else {
      c.has("LEAK_SCORE_THRESHOLD"); // read but unused, as in the original
    }
    int minContourArea = c.integer("MIN_CONTOUR_AREA", 0, 0, Integer.MAX_VALUE);
    boolean useContours = c.bool("USECONTOURS", false);
    c.bool("RESHAPE_MODE", false); // maps of another size are always resized
    Path output = c.path("SUB_FILE");
    RleCodec codec = codec(c, "CODEC");
    int size = c.integer("OUTPUT_SIZE", 1024, 1, SubmissionRule.MAX_OUTPUT_SIZE);
    Path truth = c.has("TRUTH") ? c.path("TRUTH") : null;
    RleCodec truthCodec = codec(c, "TRUTH_CODEC");
    c.finish();
    return new SubmitConfig(sample, maps, triplet, leak, minContourArea, useContours, output, codec, size, truth,
        truthCodec);
  }

  private static Map<Path, Double> maps(ConfigNode c) {
    ConfigValue single = c.optional("MASK_DICT");
    ConfigValue weighted = c.optional("RESULT_WEIGHTS");
    if ((single == null) == (weighted == null)) {
      throw new ConfigException(c.file() + ": give exactly one of MASK_DICT or RESULT_WEIGHTS");
    }
    Map<Path, Double> maps = new LinkedHashMap<>();
    if (single != null) {
      maps.put(single.path(), 1.0);
      return maps;
    }
    ConfigNode weights = weighted.mapping();
    weights.entries().forEach((folder, w) -> {
      if (w == null) {
        throw weights.error(folder, "needs a weight");
      }
      maps.put(c.resolve(folder), w.number(0, Double.MAX_VALUE));
    });
    if (maps.isEmpty()) {
      throw weighted.error("must map at least one folder to its weight");
    }
    return maps;
  }

  private static RleCodec codec(ConfigNode c, String key) {
    String name = c.string(key, "relative");
    try {
      return RleCodec.byName(name);
    } catch (IllegalArgumentException e) {
      throw c.error(key, "must be relative or standard, got '" + name + "'");
    }
  }

  /** @return the rule of the settings: triplet, leak, clean-up and output size */
  public SubmissionRule rule() {
    return new SubmissionRule(triplet, leakThreshold, minContourArea, useContours, outputSize);
  }

  /**
   * The submission: the map folders (which must exist) blended with their weights, scored when a truth is set.
   *
   * @return the submission to write
   * @throws io.github.pneumo.PneumoException naming a map folder that does not exist
   */
  public Submission submission() {
    Map<MapStore, Double> stores = new LinkedHashMap<>();
    maps.forEach((dir, w) -> stores.put(MapStore.existing(dir), w));
    Submission s = Submission.of(MapBlend.of(stores), sampleSubmission, rule(), codec, output);
    return truth == null ? s : s.scoredAgainst(truth, truthCodec);
  }

  /**
   * A copy with another sample submission.
   *
   * @param file the sample submission CSV
   * @return the copy
   */
  public SubmitConfig withSampleSubmission(Path file) {
    return new SubmitConfig(file, maps, triplet, leakThreshold, minContourArea, useContours, output, codec,
        outputSize, truth, truthCodec);
  }

  /**
   * A copy scored against other labels.
   *
   * @param labels the labels CSV, or null for no score
   * @param labelsCodec their RLE format
   * @return the copy
   */
  public SubmitConfig withTruth(@Nullable Path labels, RleCodec labelsCodec) {
    return new SubmitConfig(sampleSubmission, maps, triplet, leakThreshold, minContourArea, useContours, output,
        codec, outputSize, labels, labelsCodec);
  }

  /**
   * A copy at another output size, with the triplet's area and the minimum contour area given in pixels of
   * the new size.
   *
   * @param size the new output side
   * @param area the triplet's area at that size
   * @param contourArea the minimum contour area at that size
   * @return the copy
   */
  public SubmitConfig withSize(int size, int area, int contourArea) {
    return new SubmitConfig(sampleSubmission, maps, new TripletThreshold(triplet.top(), area, triplet.bottom()),
        leakThreshold, contourArea, useContours, output, codec, size, truth, truthCodec);
  }
}
