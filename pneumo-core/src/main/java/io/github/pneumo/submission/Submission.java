package io.github.pneumo.submission;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.maps.MapBlend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One Kaggle submission, from probability maps to a scored CSV: the maps (one folder or a weighted blend),
 * the rule turning an image's map into its mask, the sample submission whose ids and row counts fix the
 * rows and their order, the RLE codec, the output file and, optionally, the true labels to score the
 * written file against. This is what {@code pneumo submit}, the reproduction chain and the demo all run.
 *
 * <pre>{@code
 * Submission.Result r = Submission.of(MapBlend.single(MapStore.existing(maps)), sampleCsv,
 *         SubmissionRule.of(new TripletThreshold(0.75, 1000, 0.3)), RleCodec.standard(), Path.of("sub.csv"))
 *     .scoredAgainst(Path.of("test-rle.csv"), RleCodec.relative())
 *     .write();
 * }</pre>
 *
 * @param maps the probability maps, read one id at a time
 * @param sampleSubmission the sample submission CSV (relative RLE, read at the rule's output size; only its
 *     ids and their row counts are used)
 * @param rule thresholds, leak handling, clean-up and output size
 * @param codec the RLE format written
 * @param output the CSV to write (replaced atomically)
 * @param truth the labels to score against, or null for no score
 */
public record Submission(MapBlend maps, Path sampleSubmission, SubmissionRule rule, RleCodec codec, Path output,
    @Nullable Truth truth) {

  /**
   * True labels to score a written submission against.
   *
   * @param labels the labels CSV ({@code ImageId,EncodedPixels})
   * @param codec its RLE format
   */
  public record Truth(Path labels, RleCodec codec) {}

  /**
   * What was written.
   *
   * @param file the CSV written
   * @param rows rows written (one per distinct id of the sample submission)
   * @param nonEmpty rows with a non-empty mask
   * @param codec the RLE format written
   * @param triplet the rule's triplet
   * @param truth the labels scored against, or null
   * @param meanDice the Kaggle mean Dice of the written file against the truth, NaN without truth
   */
  public record Result(Path file, int rows, int nonEmpty, RleCodec codec, TripletThreshold triplet,
      @Nullable Path truth, double meanDice) {

    /**
     * The summary {@code pneumo submit} prints: {@code wrote FILE: N rows, K non-empty (CODEC RLE, triplet
     * T)}, then {@code mean Dice against TRUTH: D} when scored.
     *
     * @return one or two lines
     */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "wrote %s: %d rows, %d non-empty (%s RLE, triplet %s)", file, rows,
          nonEmpty, codec.name(), triplet));
      if (truth != null) {
        lines.add(String.format(Locale.ROOT, "mean Dice against %s: %.6f", truth, meanDice));
      }
      return lines;
    }
  }

  /**
   * An unscored submission.
   *
   * @param maps the probability maps
   * @param sampleSubmission the sample submission CSV
   * @param rule the rule
   * @param codec the RLE format written
   * @param output the CSV to write
   * @return the submission
   */
  public static Submission of(MapBlend maps, Path sampleSubmission, SubmissionRule rule, RleCodec codec, Path output) {
    return new Submission(maps, sampleSubmission, rule, codec, output, null);
  }

  /**
   * The same submission, scored against true labels once written.
   *
   * @param labels the labels CSV
   * @param labelsCodec its RLE format
   * @return the new submission
   */
  public Submission scoredAgainst(Path labels, RleCodec labelsCodec) {
    return new Submission(maps, sampleSubmission, rule, codec, output, new Truth(labels, labelsCodec));
  }

  /**
   * Writes the CSV (see {@link SubmissionWriter}) and scores the file as written, reading it back with its
   * codec (see {@link SubmissionScorer}).
   *
   * @return counts and score
   * @throws PneumoException naming the file or the ids without a map
   */
  public Result write() {
    int size = rule.outputSize();
    SiimLabels sample = SiimLabels.read(sampleSubmission, RleCodec.relative(), size, size);
    SubmissionWriter.Summary s = SubmissionWriter.write(output, sample, maps::contains, maps::read, rule, codec);
    double dice = Double.NaN;
    Truth t = truth;
    if (t != null) {
      dice = SubmissionScorer.meanDice(SiimLabels.read(output, codec, size, size),
          SiimLabels.read(t.labels(), t.codec(), size, size));
    }
    return new Result(s.file(), s.rows(), s.nonEmpty(), codec, rule.triplet(), t == null ? null : t.labels(), dice);
  }
}
