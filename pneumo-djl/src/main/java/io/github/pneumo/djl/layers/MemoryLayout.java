package io.github.pneumo.djl.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

/**
 * The memory layout of the networks' activations: channels-last (N,H,W,C order in memory; shapes and
 * values unchanged). Every pass stores the network input so (the convolutions' outputs follow; training
 * passes record the conversion for autograd), and a network whose inference weights are prepared
 * ({@code SegmentationNetwork.foldBatchNorm()}) stores its inference convolution weights so too. oneDNN's
 * convolutions then run on them directly instead of reordering every input and output: on libtorch
 * 2.7.1 a 1024² AlbuNet inference takes about 0.75× and a 256² training step about 0.8× the time of the
 * default layout (docs/performance-models.md). DJL's NDArray API has no memory-format switch, so the
 * conversion is a one-line TorchScript module ({@code channels-last.pt}, written by {@code
 * pneumo-djl/scripts/layout_kernels.py}).
 *
 * <p>CPU arrays only: GPU arrays keep the default layout (not measured there). The system property
 * {@code pneumo.channelsLast=false} keeps the default layout (as does a kernel that cannot be loaded;
 * logged once).
 */
public final class MemoryLayout {

  private static final TorchScriptKernel CHANNELS_LAST =
      new TorchScriptKernel("channels-last.pt", "pneumo.channelsLast");

  private MemoryLayout() {}

  /**
   * Whether the channels-last layout is on (for CPU arrays).
   *
   * @return true unless switched off or the kernel is unavailable
   */
  public static boolean channelsLast() {
    return CHANNELS_LAST.available();
  }

  /**
   * The same array stored channels-last, or {@code x} itself when that layout does not apply. Recorded
   * for autograd only if this thread records it (a training pass uses {@link #toChannelsLast(NDArray,
   * boolean)}).
   *
   * @param x a 4-D array
   * @return a channels-last array with the same shape and values (or {@code x})
   */
  public static NDArray toChannelsLast(NDArray x) {
    NDArray y = appliesTo(x) ? CHANNELS_LAST.apply(x) : null;
    return y != null ? y : x;
  }

  /**
   * Whether arrays like {@code x} are converted: channels-last is on and {@code x} is on the CPU (the
   * layout's effect was measured on oneDNN's CPU convolutions only; GPU arrays keep the default layout).
   *
   * @param x an array
   * @return whether {@link #toChannelsLast} converts it
   */
  public static boolean appliesTo(NDArray x) {
    return Device.Type.CPU.equals(x.getDevice().getDeviceType()) && channelsLast();
  }

  /**
   * {@link #toChannelsLast(NDArray)}, recorded for autograd in a training pass.
   *
   * @param x a 4-D array
   * @param training whether this is a training pass
   * @return a channels-last array with the same shape and values (or {@code x})
   */
  public static NDArray toChannelsLast(NDArray x, boolean training) {
    if (!appliesTo(x)) {
      return x;
    }
    NDArray y = training ? CHANNELS_LAST.applyRecorded(x) : CHANNELS_LAST.apply(x);
    return y != null ? y : x;
  }
}
