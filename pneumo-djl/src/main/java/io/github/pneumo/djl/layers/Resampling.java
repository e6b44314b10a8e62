package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** Parameterless spatial operations: ×2 upsampling as PyTorch computes it, and max pooling. */
public final class Resampling {

  private static final int NEAREST = 0;
  private static final int BILINEAR = 1;
  private static final TorchScriptKernel PLAIN_BILINEAR =
      new TorchScriptKernel("upsample-bilinear2x.pt", "pneumo.plainBilinear");

  private Resampling() {}

  /**
   * {@code nn.Upsample(scale_factor=2)} (mode nearest) on an N×C×H×W array.
   *
   * @param x the input
   * @return the N×C×2H×2W output
   */
  public static NDArray upsampleNearest2x(NDArray x) {
    return x.getNDArrayInternal().interpolation(doubled(x), NEAREST, false);
  }

  /**
   * {@code F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)} on an N×C×H×W
   * array.
   *
   * @param x the input
   * @return the N×C×2H×2W output
   */
  public static NDArray upsampleBilinear2x(NDArray x) {
    return x.getNDArrayInternal().interpolation(doubled(x), BILINEAR, false);
  }

  /**
   * {@link #upsampleBilinear2x(NDArray)} with PyTorch's plain bilinear kernel ({@code
   * upsample-bilinear2x.pt}, written by {@code pneumo-djl/scripts/layout_kernels.py}) instead of DJL's
   * only bilinear mode, the anti-aliased kernel: at ×2 both compute the same weights (results within
   * 3e-7), but the anti-aliased kernel is about twice as slow, and slower still on channels-last arrays
   * ({@link MemoryLayout}). Training passes run it with autograd recording. {@code
   * -Dpneumo.plainBilinear=false} keeps DJL's kernel (also used if the module cannot be loaded).
   *
   * @param x the N×C×H×W input
   * @param training whether this is a training pass (recorded for autograd)
   * @return the N×C×2H×2W output
   */
  public static NDArray upsampleBilinear2x(NDArray x, boolean training) {
    NDArray y = training ? PLAIN_BILINEAR.applyRecorded(x) : PLAIN_BILINEAR.apply(x);
    return y != null ? y : upsampleBilinear2x(x);
  }

  /**
   * Max pooling with a square window.
   *
   * @param x the N×C×H×W input
   * @param kernel window size
   * @param stride stride
   * @param padding implicit padding (with minus infinity)
   * @param ceilMode PyTorch's {@code ceil_mode}
   * @return the pooled array
   */
  public static NDArray maxPool(NDArray x, int kernel, int stride, int padding, boolean ceilMode) {
    return Pool.maxPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride),
        new Shape(padding, padding), ceilMode);
  }

  /**
   * The spatial size after a max pool, as PyTorch computes it.
   *
   * @param in input size
   * @param kernel window size
   * @param stride stride
   * @param padding padding
   * @param ceilMode ceil mode
   * @return the output size
   */
  public static long pooledSize(long in, int kernel, int stride, int padding, boolean ceilMode) {
    long span = in + 2L * padding - kernel;
    long out = (ceilMode ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
    if (ceilMode && (out - 1) * stride >= in + padding) {
      out--;
    }
    return out;
  }

  private static long[] doubled(NDArray x) {
    Shape s = x.getShape();
    return new long[] {2 * s.get(2), 2 * s.get(3)};
  }
}
