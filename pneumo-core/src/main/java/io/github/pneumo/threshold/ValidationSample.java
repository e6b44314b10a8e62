package io.github.pneumo.threshold;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.maps.QuantizedMap;
import org.jspecify.annotations.Nullable;

/**
 * One validation image for the threshold search: its predicted probabilities (float or 8-bit) and its
 * true mask.
 */
public final class ValidationSample {
  private final String id;
  private final @Nullable ProbabilityMap map;
  private final @Nullable QuantizedMap quantized;
  private final Mask truth;

  private ValidationSample(String id, @Nullable ProbabilityMap map, @Nullable QuantizedMap quantized, Mask truth) {
    int w = map != null ? map.width() : quantized.width();
    int h = map != null ? map.height() : quantized.height();
    Preconditions.checkArgument(truth.width() == w && truth.height() == h,
        "%s: map is %sx%s but its mask is %sx%s", id, w, h, truth.width(), truth.height());
    this.id = id;
    this.map = map;
    this.quantized = quantized;
    this.truth = truth;
  }

  /**
   * A sample with float probabilities.
   *
   * @param id image id
   * @param map probabilities
   * @param truth true mask of the same size
   * @return the sample
   */
  public static ValidationSample of(String id, ProbabilityMap map, Mask truth) {
    return new ValidationSample(id, map, null, truth);
  }

  /**
   * A sample with 8-bit probabilities (level / 255).
   *
   * @param id image id
   * @param map quantised probabilities
   * @param truth true mask of the same size
   * @return the sample
   */
  public static ValidationSample of(String id, QuantizedMap map, Mask truth) {
    return new ValidationSample(id, null, map, truth);
  }

  /** @return the image id */
  public String id() {
    return id;
  }

  /** @return the true mask */
  public Mask truth() {
    return truth;
  }

  /** @return the probabilities as floats (dequantised if the sample holds 8-bit levels) */
  public ProbabilityMap probabilities() {
    return map != null ? map : quantized.toProbabilityMap();
  }

  @Nullable QuantizedMap quantized() {
    return quantized;
  }

  @Nullable ProbabilityMap floatMap() {
    return map;
  }
}
