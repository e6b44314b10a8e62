package io.github.pneumo.submission;

import io.github.pneumo.PneumoException;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.metric.Dice;
import java.util.ArrayList;
import java.util.List;

/**
 * Kaggle's score of a submission: the mean over the true images of Dice(X, Y) = 2|X∩Y| / (|X| + |Y|), 1
 * when both are empty. Rows of one id are united on both sides. Both files must hold the same ids: an id
 * of the submission without truth is an error, and so is a true id missing from the submission (dropping
 * rows must never raise a score) unless {@link MissingIds#SCORE_AS_EMPTY} scores it as an empty
 * prediction, as Kaggle would score a blank row.
 */
public final class SubmissionScorer {
  private SubmissionScorer() {}

  /** What a true image id that the submission lacks means. */
  public enum MissingIds {
    /** An error naming the ids (the default). */
    ERROR,
    /** Scored as an empty prediction (Dice 1 for a negative image, 0 for a positive one). */
    SCORE_AS_EMPTY
  }

  /**
   * Scores a submission against the truth; both must hold the same ids.
   *
   * @param submission the submission, read with its codec
   * @param truth the true labels, same image size
   * @return the mean Dice over the ids, in the submission's order
   * @throws PneumoException naming submission ids without truth, true ids missing from the submission, or
   *     when the sizes differ
   */
  public static double meanDice(SiimLabels submission, SiimLabels truth) {
    return meanDice(submission, truth, MissingIds.ERROR);
  }

  /**
   * Scores a submission against the truth.
   *
   * @param submission the submission, read with its codec
   * @param truth the true labels, same image size
   * @param missing what a true id absent from the submission means
   * @return the mean Dice over the truth's ids (the submission's order, then the missing ids)
   * @throws PneumoException naming submission ids without truth, true ids missing from the submission
   *     ({@link MissingIds#ERROR}), or when the sizes differ
   */
  public static double meanDice(SiimLabels submission, SiimLabels truth, MissingIds missing) {
    if (submission.width() != truth.width() || submission.height() != truth.height()) {
      throw new PneumoException("submission is " + submission.width() + "x" + submission.height()
          + " but the truth is " + truth.width() + "x" + truth.height());
    }
    List<String> extra = absent(submission.imageIds(), truth);
    if (!extra.isEmpty()) {
      throw new PneumoException(extra.size() + " image id(s) of " + submission.source() + " are not in "
          + truth.source() + ": " + first10(extra));
    }
    List<String> dropped = absent(truth.imageIds(), submission);
    if (!dropped.isEmpty() && missing == MissingIds.ERROR) {
      throw new PneumoException(dropped.size() + " true image id(s) of " + truth.source() + " are missing from "
          + submission.source() + ": " + first10(dropped));
    }
    if (submission.imageIds().isEmpty() && dropped.isEmpty()) {
      throw new PneumoException(submission.source() + " has no rows");
    }
    Dice.Accumulator acc = Dice.accumulator();
    for (String id : submission.imageIds()) {
      acc.add(submission.mask(id), truth.mask(id));
    }
    for (String id : dropped) {
      acc.add(io.github.pneumo.Mask.empty(truth.width(), truth.height()), truth.mask(id));
    }
    return acc.mean();
  }

  private static List<String> absent(List<String> ids, SiimLabels in) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (!in.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private static String first10(List<String> ids) {
    return String.join(", ", ids.subList(0, Math.min(10, ids.size()))) + (ids.size() > 10 ? ", …" : "");
  }
}
