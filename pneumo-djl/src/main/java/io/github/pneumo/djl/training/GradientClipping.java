package io.github.pneumo.djl.training;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;
import java.util.Collection;

/**
 * Global-L2-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} (norm type 2).
 *
 * <p>The norm is taken over the gradients of <em>all</em> parameters together, {@code sqrt(Σ‖g_i‖²)};
 * when it exceeds {@code maxNorm}, every gradient is multiplied in place by {@code maxNorm / (norm +
 * 1e-6)}. DJL's own {@code optClipGrad} clips each element separately, which is a different operation.
 */
public final class GradientClipping {

  /** The constant torch adds to the norm before dividing. */
  public static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Clips gradients in place by their global L2 norm.
   *
   * @param gradients the gradient arrays (modified in place when clipped)
   * @param maxNorm the largest allowed norm, &gt; 0
   * @return the global norm before clipping
   */
  public static double clipGlobalNorm(Collection<NDArray> gradients, double maxNorm) {
    Preconditions.checkArgument(maxNorm > 0, "maxNorm must be > 0, got %s", maxNorm);
    double norm = globalNorm(gradients);
    if (norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + EPSILON));
      for (NDArray g : gradients) {
        g.muli(scale);
      }
    }
    return norm;
  }

  /**
   * The global L2 norm of a set of arrays, each array's sum of squares in float32 (as torch), the total in double.
   *
   * @param arrays the arrays
   * @return {@code sqrt(Σ‖a_i‖²)}
   */
  public static double globalNorm(Collection<NDArray> arrays) {
    double sumSquares = 0;
    for (NDArray a : arrays) {
      try (NDArray sq = a.square(); NDArray s = sq.sum()) {
        sumSquares += s.getFloat();
      }
    }
    return Math.sqrt(sumSquares);
  }
}
