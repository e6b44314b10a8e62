package io.github.pneumo.submission;

import io.github.pneumo.PneumoException;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.metric.Dice;
import java.util.ArrayList;
import java.util.List;

/**
 * Kaggle's score of a submission: the mean over its images of Dice(X, Y) = 2|X∩Y| / (|X| + |Y|), 1 when
 * both are empty. Rows of one id are united on both sides.
 */
public final class SubmissionScorer {
  private SubmissionScorer() {}

  /**
   * Scores a submission against the truth.
   *
   * @param submission the submission, read with its codec
   * @param truth the true labels (may hold more ids than the submission), same image size
   * @return the mean Dice over the submission's ids, in its order
   * @throws PneumoException naming submission ids that have no truth, or when the sizes differ
   */
  public static double meanDice(SiimLabels submission, SiimLabels truth) {
    if (submission.width() != truth.width() || submission.height() != truth.height()) {
      throw new PneumoException("submission is " + submission.width() + "x" + submission.height()
          + " but the truth is " + truth.width() + "x" + truth.height());
    }
    List<String> missing = new ArrayList<>();
    for (String id : submission.imageIds()) {
      if (!truth.contains(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw new PneumoException(missing.size() + " image id(s) of " + submission.source() + " are not in "
          + truth.source() + ": " + String.join(", ", missing.subList(0, Math.min(10, missing.size()))));
    }
    if (submission.imageIds().isEmpty()) {
      throw new PneumoException(submission.source() + " has no rows");
    }
    Dice.Accumulator acc = Dice.accumulator();
    for (String id : submission.imageIds()) {
      acc.add(submission.mask(id), truth.mask(id));
    }
    return acc.mean();
  }
}
