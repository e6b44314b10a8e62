package io.github.pneumo.submission;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
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
   * @param submission the submission's rows
   * @param submissionCodec its RLE format
   * @param truth the true labels (may hold more ids than the submission)
   * @param truthCodec their RLE format
   * @param width image width
   * @param height image height
   * @return the mean Dice over the submission's ids
   * @throws PneumoException naming submission ids that have no truth
   */
  public static double meanDice(LabelRows submission, RleCodec submissionCodec, LabelRows truth,
      RleCodec truthCodec, int width, int height) {
    List<String> missing = new ArrayList<>();
    for (String id : submission.ids()) {
      if (truth.rowCount(id) == 0) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw new PneumoException(missing.size() + " image id(s) of " + submission.file() + " are not in "
          + truth.file() + ": " + String.join(", ", missing.subList(0, Math.min(10, missing.size()))));
    }
    if (submission.ids().isEmpty()) {
      throw new PneumoException(submission.file() + " has no rows");
    }
    double sum = 0;
    for (String id : submission.ids()) {
      Mask p = submission.mask(id, submissionCodec, width, height);
      Mask t = truth.mask(id, truthCodec, width, height);
      long denominator = (long) p.area() + t.area();
      sum += denominator == 0 ? 1.0 : 2.0 * p.intersectionArea(t) / denominator;
    }
    return sum / submission.ids().size();
  }
}
