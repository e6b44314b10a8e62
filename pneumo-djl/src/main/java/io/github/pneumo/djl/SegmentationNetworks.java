package io.github.pneumo.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.layers.KaimingNormalInitializer;
import io.github.pneumo.djl.models.SegmentationNetwork;
import java.util.Map;

/**
 * Factory of the segmentation networks as DJL {@link Model}s on the PyTorch engine.
 *
 * <pre>{@code
 * try (Model model = SegmentationNetworks.create("albunet")) {
 *   TorchWeights.load(model, Path.of("albunet.safetensors"));
 *   ...
 * }
 * }</pre>
 */
public final class SegmentationNetworks {

  /** The original pipeline's seed, used for the default weight initialisation. */
  public static final long DEFAULT_SEED = 42L;

  private static final String ENGINE = "PyTorch";

  private SegmentationNetworks() {}

  /**
   * Creates a network by config name, initialised with {@link #DEFAULT_SEED}.
   *
   * @param architecture {@code albunet}, {@code resnet50} or {@code seunet}
   * @return a model whose block is initialised for N×3×H×W float32 input
   * @throws PneumoException if the name is unknown
   */
  public static Model create(String architecture) {
    return create(Architecture.byName(architecture), DEFAULT_SEED);
  }

  /**
   * Creates a network with a deterministic initialisation: convolution weights He-normal (fan-in,
   * gain √2, drawn from a seeded Java generator in parameter order), biases 0, BatchNorm weight 1 /
   * bias 0, running mean 0 / variance 1.
   *
   * @param architecture the architecture
   * @param seed the weight seed
   * @return a model whose block is initialised for N×3×H×W float32 input
   */
  public static Model create(Architecture architecture, long seed) {
    return create(architecture, seed, Device.cpu());
  }

  /**
   * Creates a network on a device (e.g. {@code Device.gpu(1)}), initialised as {@link #create(Architecture,
   * long)} does.
   *
   * @param architecture the architecture
   * @param seed the weight seed
   * @param device where the parameters live
   * @return a model whose block is initialised for N×3×H×W float32 input
   */
  public static Model create(Architecture architecture, long seed, Device device) {
    checkAvailable(device);
    SegmentationNetwork network = architecture.newNetwork();
    network.setInitializer(new KaimingNormalInitializer(seed), Parameter.Type.WEIGHT);
    Model model = Model.newInstance(architecture.id(), device, ENGINE);
    int d = network.inputDivisor();
    network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, d, d));
    model.setBlock(network);
    model.setDataType(DataType.FLOAT32);
    model.setProperty("architecture", architecture.id());
    return model;
  }

  /**
   * Checks that a device exists for the PyTorch engine, so that asking for a GPU on a machine (or a
   * native library) without one is an error instead of a failure deep in the engine or a CPU run.
   *
   * @param device the device
   * @throws PneumoException naming the device and the GPUs the engine sees
   */
  public static void checkAvailable(Device device) {
    if (device.isGpu()) {
      int gpus = Engine.getEngine(ENGINE).getGpuCount();
      if (device.getDeviceId() >= gpus) {
        throw new PneumoException("device " + device + " was asked for, but the " + ENGINE + " engine sees "
            + (gpus == 0 ? "no GPU (CPU-only native library or no CUDA device); use cpu"
                : gpus + " GPU(s): gpu0" + (gpus > 1 ? " … gpu" + (gpus - 1) : "")));
      }
    }
  }

  /**
   * The segmentation network of a model created by this class.
   *
   * @param model the model
   * @return its block
   * @throws PneumoException if the model's block is not a pneumo segmentation network
   */
  public static SegmentationNetwork network(Model model) {
    Block block = model.getBlock();
    if (block instanceof SegmentationNetwork network) {
      return network;
    }
    throw new PneumoException("model '" + model.getName() + "' is not a pneumo segmentation network: "
        + (block == null ? "no block" : block.getClass().getName()));
  }

  /**
   * Every parameter and BatchNorm running statistic of a model, by its original PyTorch state_dict
   * name.
   *
   * @param model the model
   * @return an ordered, unmodifiable name → parameter map
   */
  public static Map<String, Parameter> parameters(Model model) {
    return network(model).namedParameters();
  }

  /**
   * Freezes the encoder (its weights, biases and BatchNorm affine parameters get no gradient and are
   * not updated) or makes it trainable again.
   *
   * @param model the model
   * @param frozen true to freeze, false to unfreeze
   */
  public static void setEncoderFrozen(Model model, boolean frozen) {
    network(model).setEncoderTrainable(!frozen);
  }
}
