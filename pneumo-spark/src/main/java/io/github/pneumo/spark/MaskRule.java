package io.github.pneumo.spark;

import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.submission.SubmissionRule;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How executors turn one image's probability map into its submission line, exactly as {@code pneumo
 * submit} does: a {@link SubmissionRule} (triplet, leak threshold, clean-up, output size) applied with the
 * image's number of sample-submission rows, then encoded with an {@link RleCodec}. A serialisable value;
 * only the ids with more than one sample row (the stage-1 "leak") are carried, every other id has one.
 */
public final class MaskRule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double top;
  private final int minArea;
  private final double bottom;
  private final @Nullable Double leakThreshold;
  private final int minComponentArea;
  private final boolean keepLargest;
  private final int outputSize;
  private final String codec;
  private final Map<String, Integer> multiRowIds;

  private MaskRule(SubmissionRule rule, RleCodec codec, Map<String, Integer> multiRowIds) {
    this.top = rule.triplet().top();
    this.minArea = rule.triplet().minArea();
    this.bottom = rule.triplet().bottom();
    this.leakThreshold = rule.leakThreshold();
    this.minComponentArea = rule.minComponentArea();
    this.keepLargest = rule.keepLargest();
    this.outputSize = rule.outputSize();
    this.codec = codec.name();
    this.multiRowIds = new HashMap<>(multiRowIds);
  }

  /**
   * A rule for a submission whose ids each have one sample row.
   *
   * @param rule thresholds and clean-up
   * @param codec the RLE format written
   * @return the rule
   */
  public static MaskRule of(SubmissionRule rule, RleCodec codec) {
    return new MaskRule(rule, codec, Map.of());
  }

  /**
   * A rule that knows the sample submission's row count of every id (as {@code pneumo submit} does).
   *
   * @param rule thresholds and clean-up
   * @param codec the RLE format written
   * @param sample the sample submission
   * @return the rule
   */
  public static MaskRule forSample(SubmissionRule rule, RleCodec codec, SiimLabels sample) {
    Map<String, Integer> multi = new HashMap<>();
    for (String id : sample.imageIds()) {
      int rows = sample.rows(id).size();
      if (rows > 1) {
        multi.put(id, rows);
      }
    }
    return new MaskRule(rule, codec, multi);
  }

  /** @return the submission rule */
  public SubmissionRule rule() {
    return new SubmissionRule(new TripletThreshold(top, minArea, bottom), leakThreshold, minComponentArea,
        keepLargest, outputSize);
  }

  /** @return the RLE codec */
  public RleCodec codec() {
    return RleCodec.byName(codec);
  }

  /**
   * @param id an image id
   * @return its number of sample-submission rows (1 unless the sample lists it more than once)
   */
  public int rows(String id) {
    return multiRowIds.getOrDefault(id, 1);
  }
}
