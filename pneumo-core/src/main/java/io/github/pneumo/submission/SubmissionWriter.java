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
import java.util.Iterator;
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
      throw missingPredictions(sample, missing.size(), missing.subList(0, Math.min(10, missing.size())));
    }
    Iterator<String> ids = sample.imageIds().iterator();
    return writeLines(output, new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Line next() {
        String id = ids.next();
        Mask mask = rule.apply(predictions.apply(id), sample.rows(id).size());
        return new Line(id, codec.encode(mask), !mask.isEmpty());
      }
    });
  }

  /**
   * The error for sample ids without a prediction.
   *
   * @param sample the sample submission
   * @param count how many of its ids have none
   * @param first the first of them (up to ten are named)
   * @return the exception, naming the sample file, the count and the ids
   */
  public static PneumoException missingPredictions(SiimLabels sample, long count, List<String> first) {
    return new PneumoException(count + " image id(s) of "
        + (sample.source() != null ? sample.source() : "the sample submission") + " have no prediction: "
        + String.join(", ", first.subList(0, Math.min(10, first.size()))) + (count > 10 ? ", …" : ""));
  }

  /**
   * One row of a submission, already encoded.
   *
   * @param imageId the image id
   * @param encodedPixels its mask's runs, {@code -1} when empty
   * @param nonEmpty whether the mask has any pixel
   */
  public record Line(String imageId, String encodedPixels, boolean nonEmpty) {}

  /**
   * Writes a submission whose rows are already encoded and ordered (one per distinct sample id, in the
   * sample submission's order), e.g. the rows of a distributed run streamed to the driver; the file format
   * is that of {@link #write}. The lines are consumed one at a time.
   *
   * @param output the CSV to write (replaced atomically; left untouched if the iterator throws)
   * @param lines the rows, in order
   * @return counts
   * @throws PneumoException on I/O failure
   */
  public static Summary writeLines(Path output, Iterator<Line> lines) {
    int[] counts = {0, 0};
    AtomicFiles.write(output, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write("ImageId,EncodedPixels\n");
      while (lines.hasNext()) {
        Line line = lines.next();
        counts[0]++;
        if (line.nonEmpty()) {
          counts[1]++;
        }
        w.write(line.imageId());
        w.write(',');
        w.write(line.encodedPixels());
        w.write('\n');
      }
      w.flush();
    });
    return new Summary(output, counts[0], counts[1]);
  }
}
