package io.github.pneumo.djl.inference;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import com.google.common.base.Preconditions;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.augment.ToTensor;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.layers.Autograd;
import io.github.pneumo.djl.models.SegmentationNetwork;
import io.github.pneumo.djl.weights.Checkpoints;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.image.Resampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SegmentationModel} on DJL: one or more members whose sigmoid probabilities are averaged with
 * equal weight (the original's ensemble over folds × top-k checkpoints). A member is either one
 * checkpoint or the weight average of several checkpoints of one run (one forward pass instead of k).
 *
 * <p>Per call: the image is resized to the model's input size (bilinear, when set), turned into a
 * 3-channel tensor with the training normalisation ({@link ToTensor}; x/255 for the original's {@code
 * _old} transforms, ImageNet for the others), run through every member — with flip TTA, as one batch of
 * the image and its width-flipped copy, whose output is flipped back and averaged — and the mean map is
 * resized back to the image's size. Every call works in its own sub-{@link NDManager}, so native memory
 * does not grow with the number of calls.
 *
 * <p>Thread-safety: {@link #predict} is synchronised (calls are serialised); use one instance per thread
 * for parallel inference.
 */
public final class DjlSegmentationModel implements SegmentationModel {
  private final List<Model> members;
  private final boolean flip;
  private final int inputSize;
  private final Normalization normalization;
  private boolean closed;

  private DjlSegmentationModel(List<Model> members, boolean flip, int inputSize, Normalization normalization) {
    this.members = members;
    this.flip = flip;
    this.inputSize = inputSize;
    this.normalization = normalization;
  }

  /**
   * A builder.
   *
   * @param architecture {@code albunet}, {@code resnet50} or {@code seunet}
   * @return the builder
   */
  public static Builder builder(String architecture) {
    return new Builder(architecture);
  }

  List<Model> members() {
    return members;
  }

  /** @return the number of forward passes per image (members × (flip ? 2 : 1)) */
  public int passesPerImage() {
    return members.size() * (flip ? 2 : 1);
  }

  @Override
  public synchronized ProbabilityMap predict(GreyImage image) {
    Preconditions.checkState(!closed, "model is closed");
    GreyImage input = inputSize > 0 ? resize(image, inputSize) : image;
    int h = input.height();
    int w = input.width();
    float[] data = ToTensor.image(input, normalization);
    // libtorch records autograd per thread, and on in any thread but the engine's first: not for inference
    float[] sum = Autograd.withoutRecording(() -> predictSum(data, w, h));
    float n = members.size();
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= n;
    }
    ProbabilityMap map = new ProbabilityMap(w, h, sum);
    return map.resized(image.width(), image.height());
  }

  /** The members' probability maps of an input, summed. */
  private float[] predictSum(float[] data, int w, int h) {
    float[] sum = null;
    for (Model member : members) {
      try (NDManager manager = member.getNDManager().newSubManager()) {
        NDArray x = manager.create(data, new Shape(1, 3, h, w));
        if (flip) {
          x = x.concat(x.flip(3), 0);
        }
        NDArray logits;
        try {
          logits = member.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        } catch (RuntimeException e) {
          throw new PneumoException("inference failed on a " + w + "x" + h + " input: " + e.getMessage(), e);
        }
        NDArray p = Activation.sigmoid(logits);
        if (flip) {
          p = p.get(0).addi(p.get(1).flip(2)).muli(0.5f);
        }
        float[] v = p.toFloatArray();
        if (sum == null) {
          sum = v;
        } else {
          for (int i = 0; i < v.length; i++) {
            sum[i] += v[i];
          }
        }
      }
    }
    return sum;
  }

  static GreyImage resize(GreyImage image, int size) {
    return Resampling.bilinearRounded(image, size, size);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      members.forEach(Model::close);
    }
  }

  /** Collects members and options; not thread-safe. */
  public static final class Builder {
    private final String architecture;
    private final List<List<Path>> members = new ArrayList<>();
    private final List<Model> ready = new ArrayList<>();
    private boolean flip = true;
    private int inputSize;
    private Normalization normalization = Normalization.UNIT;
    private Device device = Device.cpu();
    private boolean foldBatchNorm = true;

    private Builder(String architecture) {
      this.architecture = architecture;
    }

    /**
     * Adds one member per checkpoint (ensemble by mean probability).
     *
     * @param checkpoints checkpoint files
     * @return this builder
     */
    public Builder ensemble(List<Path> checkpoints) {
      checkpoints.forEach(c -> members.add(List.of(c)));
      return this;
    }

    /**
     * Adds one member whose weights are the mean of several checkpoints of one run (e.g. a fold's top-k).
     *
     * @param checkpoints checkpoint files of the same architecture
     * @return this builder
     */
    public Builder weightAverage(List<Path> checkpoints) {
      Preconditions.checkArgument(!checkpoints.isEmpty(), "weight averaging needs checkpoints");
      members.add(List.copyOf(checkpoints));
      return this;
    }

    /**
     * Adds an already loaded network as a member; the built model takes ownership and closes it.
     *
     * @param model a network from {@link SegmentationNetworks}
     * @return this builder
     */
    public Builder member(Model model) {
      ready.add(model);
      return this;
    }

    /**
     * Flip TTA (default on, as the original's FLIP: True).
     *
     * @param on whether to average with the width-flipped image
     * @return this builder
     */
    public Builder flip(boolean on) {
      this.flip = on;
      return this;
    }

    /**
     * The side the model runs at (0, the default, runs at the image's size).
     *
     * @param size a multiple of the architecture's input divisor, or 0
     * @return this builder
     */
    public Builder inputSize(int size) {
      Preconditions.checkArgument(size >= 0, "input size must be >= 0");
      this.inputSize = size;
      return this;
    }

    /**
     * The input normalisation used in training (default {@link Normalization#UNIT}, x/255).
     *
     * @param normalization the normalisation
     * @return this builder
     */
    public Builder normalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    /**
     * The device the members built from checkpoints run on (default the CPU). A GPU that the engine does
     * not see is an error when the model is built, never a silent CPU run.
     *
     * @param device e.g. {@code Device.gpu(0)}
     * @return this builder
     */
    public Builder device(Device device) {
      this.device = device;
      return this;
    }

    /**
     * Whether BatchNorm is folded into the convolutions once the weights are loaded (default on; same
     * logits up to float rounding, one pass less per BatchNorm; see {@link
     * SegmentationNetwork#foldBatchNorm()}).
     *
     * @param on false to run BatchNorm as separate passes
     * @return this builder
     */
    public Builder foldBatchNorm(boolean on) {
      this.foldBatchNorm = on;
      return this;
    }

    /**
     * Loads the checkpoints and builds the model (members given with {@link #member} included), with
     * BatchNorm folded unless switched off.
     *
     * @return the model
     * @throws PneumoException naming a checkpoint that cannot be loaded, or a device that does not exist
     */
    public DjlSegmentationModel build() {
      Preconditions.checkState(!members.isEmpty() || !ready.isEmpty(), "no checkpoints");
      SegmentationNetworks.checkAvailable(device);
      List<Model> models = new ArrayList<>(ready);
      try {
        for (List<Path> files : members) {
          Model m = SegmentationNetworks.create(Architecture.byName(architecture), SegmentationNetworks.DEFAULT_SEED,
              device);
          models.add(m);
          Checkpoints.loadAverage(m, files, architecture);
        }
        if (foldBatchNorm) {
          models.forEach(m -> SegmentationNetworks.network(m).foldBatchNorm());
        }
      } catch (RuntimeException e) {
        models.forEach(Model::close);
        throw e;
      }
      return new DjlSegmentationModel(List.copyOf(models), flip, inputSize, normalization);
    }
  }
}
