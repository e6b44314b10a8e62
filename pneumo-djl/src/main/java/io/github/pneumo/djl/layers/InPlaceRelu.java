package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * ReLU for the networks' forward passes: in inference passes it overwrites its input ({@code
 * torch.relu_}, as the original's {@code nn.ReLU(inplace=True)}), so that no new array is allocated
 * — DJL's {@link Activation#relu} always allocates one, which on large decoder maps costs about four
 * times the ReLU itself in page faults. DJL's NDArray API has no in-place ReLU, so the kernel is a
 * one-line TorchScript module ({@code inplace-relu.pt}, written by {@code
 * pneumo-djl/scripts/inplace_relu.py}). Training passes use {@link Activation#relu} (autograd needs
 * the input), and so does inference if the module cannot be loaded or the system property {@code
 * pneumo.inplaceRelu} is {@code false}.
 *
 * <p>Callers pass arrays that nothing else reads afterwards (a convolution's or an addition's fresh
 * output).
 */
public final class InPlaceRelu {

  private static final TorchScriptKernel KERNEL = new TorchScriptKernel("inplace-relu.pt", "pneumo.inplaceRelu");

  private InPlaceRelu() {}

  /**
   * ReLU of {@code x}; in an inference pass {@code x} itself is overwritten and returned.
   *
   * @param x a fresh array that nothing else reads afterwards
   * @param training whether this is a training pass (then a new array, with autograd)
   * @return max(x, 0)
   */
  public static NDArray apply(NDArray x, boolean training) {
    NDArray y = training ? null : KERNEL.apply(x);
    return y != null ? y : Activation.relu(x);
  }

  /** Whether the in-place kernel is in use (false: inference falls back to {@link Activation#relu}). */
  static boolean available() {
    return KERNEL.available();
  }
}
