package io.github.pneumo.submission;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.io.AtomicFiles;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes a Kaggle submission: one row {@code ImageId,EncodedPixels} per distinct id of the sample
 * submission, in its order, {@code -1} for an empty mask. Unlike the original, an id of the sample
 * submission without a prediction is an error (listing the missing ids), not a silently absent row.
 * The file is written atomically.
 */
public final class SubmissionWriter {
  private SubmissionWriter() {}

  /**
   * Counts of a written submission.
   *
   * @param file the CSV written
   * @param rows rows written (one per id)
   * @param nonEmpty rows with a non-empty mask
   */
  public record Summary(Path file, int rows, int nonEmpty) {}

  /**
   * Writes the submission.
   *
   * @param output the CSV to write (replaced atomically)
   * @param sample the sample submission (ids and their row counts; its codec and size are not used)
   * @param hasPrediction whether a probability map exists for an id
   * @param predictions the probability map of an id, called once per id in sample order
   * @param rule thresholds and clean-up
   * @param codec the RLE format to write
   * @return counts
   * @throws PneumoException naming the ids without a prediction, or on I/O failure
   */
  public static Summary write(Path output, SiimLabels sample, Predicate<String> hasPrediction,
      Function<String, ProbabilityMap> predictions, SubmissionRule rule, RleCodec codec) {
    List<String> missing = new ArrayList<>();
    for (String id : sample.imageIds()) {
      if (!hasPrediction.test(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw new PneumoException(missing.size() + " image id(s) of " + (sample.source() != null ? sample.source() : "the sample submission") + " have no prediction: "
          + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
          + (missing.size() > 10 ? ", …" : ""));
    }
    int[] nonEmpty = {0};
    AtomicFiles.write(output, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write("ImageId,EncodedPixels\n");
      for (String id : sample.imageIds()) {
        Mask mask = rule.apply(predictions.apply(id), sample.rows(id).size());
        if (!mask.isEmpty()) {
          nonEmpty[0]++;
        }
        w.write(id);
        w.write(',');
        w.write(codec.encode(mask));
        w.write('\n');
      }
      w.flush();
    });
    return new Summary(output, sample.imageIds().size(), nonEmpty[0]);
  }
}
