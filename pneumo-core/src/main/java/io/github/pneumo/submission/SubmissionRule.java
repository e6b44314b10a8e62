package io.github.pneumo.submission;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.image.Resampling;
import io.github.pneumo.postprocess.MaskCleanup;
import org.jspecify.annotations.Nullable;

/**
 * How the original's {@code TripletSubmit} turns one image's probabilities into its mask (spec §9.2):
 *
 * <ol>
 *   <li>An id with one sample-submission row gets the {@link TripletThreshold} rule. An id with more rows
 *       (the stage-1 "leak") bypasses the area gate: mask = p &gt; leak threshold, which is the triplet's
 *       bottom unless a leak threshold is set (the original's USELEAK / LEAK_SCORE_THRESHOLD).
 *   <li>Clean-up: if {@code minComponentArea} &gt; 0, {@link MaskCleanup#removeSmallComponents}
 *       (MIN_CONTOUR_AREA); else if {@code keepLargest}, {@link MaskCleanup#keepLargest} with n = the row
 *       count (USECONTOURS).
 *   <li>A mask smaller or larger than the output size is resized bilinearly and kept where it is above
 *       one half (the original's resize of 0/255 then &gt; 127).
 * </ol>
 *
 * @param triplet the threshold triplet
 * @param leakThreshold threshold for multi-row ids, or null to use the triplet's bottom
 * @param minComponentArea components of at most this many pixels are dropped (0 = off)
 * @param keepLargest keep only the n largest components (n = rows of the id) when minComponentArea is 0
 * @param outputSize side of the submitted masks (1024 for SIIM), at most {@link #MAX_OUTPUT_SIZE}
 */
public record SubmissionRule(TripletThreshold triplet, @Nullable Double leakThreshold, int minComponentArea,
    boolean keepLargest, int outputSize) {

  /**
   * The largest output side: a map is resized to it as floats, so 8192² costs 256 MiB per image (SIIM
   * submissions are 1024²).
   */
  public static final int MAX_OUTPUT_SIZE = 8192;

  /** Validates the values. */
  public SubmissionRule {
    Preconditions.checkArgument(leakThreshold == null || (leakThreshold >= 0 && leakThreshold <= 1),
        "leak threshold must be in [0, 1], got %s", leakThreshold);
    Preconditions.checkArgument(minComponentArea >= 0, "minComponentArea must be >= 0");
    Preconditions.checkArgument(outputSize > 0 && outputSize <= MAX_OUTPUT_SIZE,
        "outputSize must be in [1, %s]: %s", MAX_OUTPUT_SIZE, outputSize);
  }

  /**
   * The plain rule: the triplet only, 1024² output.
   *
   * @param triplet the triplet
   * @return the rule
   */
  public static SubmissionRule of(TripletThreshold triplet) {
    return new SubmissionRule(triplet, null, 0, false, 1024);
  }

  /**
   * The mask of one image.
   *
   * @param map its probabilities
   * @param rows the number of sample-submission rows of its id (&ge; 1)
   * @return the mask at outputSize²
   */
  public Mask apply(ProbabilityMap map, int rows) {
    Mask mask;
    if (rows > 1) {
      double leak = leakThreshold != null ? leakThreshold : triplet.bottom();
      mask = TripletThreshold.above(map, (float) leak);
    } else {
      mask = triplet.apply(map);
    }
    if (minComponentArea > 0) {
      mask = MaskCleanup.removeSmallComponents(mask, minComponentArea);
    } else if (keepLargest) {
      mask = MaskCleanup.keepLargest(mask, Math.max(1, rows));
    }
    if (mask.width() != outputSize || mask.height() != outputSize) {
      byte[] px = mask.toRowMajor((byte) 1);
      float[] v = new float[px.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = px[i];
      }
      ProbabilityMap big = new ProbabilityMap(outputSize, outputSize,
          Resampling.bilinear(v, mask.width(), mask.height(), outputSize, outputSize));
      mask = TripletThreshold.above(big, 0.5f);
    }
    return mask;
  }
}
