package io.github.pneumo.djl.onednn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.jspecify.annotations.Nullable;

/**
 * An experimental way to compute strided convolutions without oneDNN's strided backward-data primitive
 * ({@code brgconv_strided}), whose blocking code raised the SIGFPE on AMD Zen 5 under
 * {@code ONEDNN_MAX_CPU_ISA=AVX2} (docs/troubleshooting.md). Off by default; the system property
 * {@value #PROPERTY}{@code =true} turns it on for the training forward of every {@code Conv2dLayer} (inference is
 * left as it is; the stem is rewritten too, although its backward data is never computed, because a layer
 * cannot tell whether its input needs a gradient: DJL's {@code hasGradient()} is false for intermediate arrays).
 *
 * <p>A 1×1 convolution with stride s and no padding is the input subsampled by s followed by a 1×1 convolution
 * with stride 1 (a matrix product over the channels); a k×k convolution with stride s is the stride-1
 * convolution subsampled by s (s² times the work for that layer). Both are exact; parity with the strided
 * primitive is tested. Under {@code AVX2}, oneDNN then uses only its {@code jit:avx2} and {@code jit_1x1:avx2}
 * kernels for these layers. Whether those are safe on Zen 5 has not been measured on an affected CPU, so this
 * is not a safe setting: {@link OneDnnGuard} still requires {@code ONEDNN_MAX_CPU_ISA=AVX} there.
 */
public final class StridedConvolutions {
  /** The system property ({@code true}) that turns the rewrite on. */
  public static final String PROPERTY = "pneumo.onednn.stridedAsDense";

  private StridedConvolutions() {}

  /** @return whether the rewrite is on (read at every call, so it can be switched between models) */
  public static boolean enabled() {
    return Boolean.getBoolean(PROPERTY);
  }

  /**
   * A 2-d convolution (square kernel, stride and padding, dilation 1) computed without a strided convolution.
   *
   * @param x input N×C×H×W
   * @param weight O×C/groups×k×k
   * @param bias O, or null
   * @param stride the stride (&gt; 1)
   * @param padding the padding
   * @param groups the groups
   * @return the same output as the strided convolution
   */
  public static NDArray conv2d(NDArray x, NDArray weight, @Nullable NDArray bias, int stride, int padding,
      int groups) {
    String every = ":, :, ::" + stride + ", ::" + stride;
    Shape one = new Shape(1, 1);
    if (weight.getShape().get(2) == 1 && weight.getShape().get(3) == 1 && padding == 0) {
      NDArray sub = x.get(new NDIndex(every));
      return Conv2d.conv2d(sub, weight, bias, one, new Shape(0, 0), one, groups).singletonOrThrow();
    }
    NDArray dense = Conv2d.conv2d(x, weight, bias, one, new Shape(padding, padding), one, groups).singletonOrThrow();
    return dense.get(new NDIndex(every));
  }
}
