package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PyTorch's {@code nn.Sequential}: children named {@code "0"}, {@code "1"}, … applied in order.
 * Parameterless PyTorch entries (ReLU, pooling) are not children here; {@link #of(int, List)} lets the
 * numbering start after them, so names stay identical to the original.
 */
public final class TorchSequential extends TorchModule {

  private final List<TorchModule> layers;

  private TorchSequential(int firstIndex, List<? extends TorchModule> layers) {
    ImmutableList.Builder<TorchModule> registered = ImmutableList.builder();
    for (int i = 0; i < layers.size(); i++) {
      registered.add(register(String.valueOf(firstIndex + i), layers.get(i)));
    }
    this.layers = registered.build();
  }

  /**
   * A sequence whose children are named 0, 1, 2, ….
   *
   * @param layers the children in order
   * @return the sequence
   */
  public static TorchSequential of(List<? extends TorchModule> layers) {
    return new TorchSequential(0, layers);
  }

  /**
   * A sequence whose children are named from {@code firstIndex}.
   *
   * @param firstIndex the index of the first child in the original {@code nn.Sequential}
   * @param layers the children in order
   * @return the sequence
   */
  public static TorchSequential of(int firstIndex, List<? extends TorchModule> layers) {
    return new TorchSequential(firstIndex, layers);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      @Nullable PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (TorchModule layer : layers) {
      x = layer.apply(ps, x, training);
    }
    return new NDList(x);
  }

  @Override
  protected Shape outputShape(Shape input) {
    Shape s = input;
    for (TorchModule layer : layers) {
      s = layer.outputShape(s);
    }
    return s;
  }
}
