package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block that mirrors a PyTorch {@code nn.Module}: it knows the shapes of its own parameters at
 * construction time and registers parameters and child modules under their PyTorch names.
 *
 * <p>{@link #namedParameters()} walks the tree and returns every parameter and BatchNorm running
 * statistic under its full PyTorch {@code state_dict} name ({@code encoder.layer1.0.conv1.weight}),
 * independent of DJL's internal child naming (which prefixes a counter). A child registered under a
 * dotted name ({@code "encoder_stages.1.1"}) contributes that whole path; a child registered under the
 * empty name is transparent (its names are not prefixed), which lets an encoder or decoder class be
 * mounted at the root of a model whose original keeps those modules at top level.
 *
 * <p>Because every parameter shape is fixed by the constructor arguments, initialisation does not
 * depend on the input shape; children are initialised without shape inference.
 */
public abstract class TorchModule extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Map<String, TorchModule> modules = new LinkedHashMap<>();

  /** Creates an empty module. */
  protected TorchModule() {
    super(VERSION);
  }

  /**
   * Registers a child module under its PyTorch attribute path.
   *
   * @param torchName the attribute path relative to this module ({@code "layer1"}, {@code
   *     "block.1"}), or {@code ""} to mount the child's names directly at this module's level
   * @param child the child module
   * @param <M> the child's type
   * @return the child
   */
  protected final <M extends TorchModule> M register(String torchName, M child) {
    Preconditions.checkArgument(!modules.containsKey(torchName) || torchName.isEmpty(),
        "child %s registered twice", torchName);
    modules.put(torchName.isEmpty() ? "#" + modules.size() : torchName, child);
    return addChildBlock(torchName.isEmpty() ? "mount" : torchName.replace('.', '_'), child);
  }

  /**
   * Declares a parameter of this module with a fixed shape.
   *
   * @param torchName the PyTorch parameter or buffer name ({@code "weight"}, {@code "running_mean"})
   * @param type the DJL parameter type, which selects the default initializer
   * @param shape the parameter's shape, as in the PyTorch state_dict
   * @return the parameter
   */
  protected final Parameter parameter(String torchName, Parameter.Type type, Shape shape) {
    boolean trainable = type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
    return addParameter(
        Parameter.builder()
            .setName(torchName)
            .setType(type)
            .optShape(shape)
            .optRequiresGrad(trainable)
            .build());
  }

  /**
   * Every parameter and running statistic of this module and its descendants, keyed by its PyTorch
   * {@code state_dict} name relative to this module, in registration order (own parameters first).
   *
   * @return an unmodifiable ordered map
   */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect("", out);
    return Collections.unmodifiableMap(out);
  }

  private void collect(String prefix, Map<String, Parameter> out) {
    for (Parameter p : getDirectParameters().values()) {
      Parameter previous = out.put(prefix + p.getName(), p);
      Preconditions.checkState(previous == null, "duplicate parameter name %s%s", prefix, p.getName());
    }
    modules.forEach(
        (name, child) ->
            child.collect(name.startsWith("#") ? prefix : prefix + name + ".", out));
  }

  /**
   * Sets whether the trainable parameters (weights, biases, BatchNorm affine parameters) of this
   * module and its descendants receive gradients. BatchNorm running statistics are never trainable.
   *
   * @param trainable true to train, false to freeze
   */
  public final void setTrainable(boolean trainable) {
    for (Parameter p : namedParameters().values()) {
      if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
        p.freeze(!trainable);
      }
    }
  }

  /**
   * Runs this module on one array.
   *
   * @param ps the parameter store
   * @param x the input
   * @param training whether this is a training pass
   * @return the single output
   */
  public final NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return forward(ps, new NDList(x), training).singletonOrThrow();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // Parameter shapes are fixed at construction: children need no input shape.
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType);
    }
  }

  /**
   * Output shapes for the given input shapes, as computed by the module's arithmetic. Modules with one
   * input and one output implement {@link #outputShape(Shape)}.
   *
   * @param inputShapes the input shapes
   * @return the output shapes
   */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Preconditions.checkArgument(inputShapes.length == 1, "%s takes one input", getClass().getSimpleName());
    return new Shape[] {outputShape(inputShapes[0])};
  }

  /**
   * The output shape for an input shape.
   *
   * @param input the input shape (N, C, H, W)
   * @return the output shape
   */
  protected abstract Shape outputShape(Shape input);

  @Override
  public String toString() {
    return getClass().getSimpleName();
  }
}
