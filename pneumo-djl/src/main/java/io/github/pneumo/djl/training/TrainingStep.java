package io.github.pneumo.djl.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.pneumo.djl.losses.SegmentationLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One optimisation step of the trainer: forward, loss and backward of a batch inside its own {@link
 * NDScope} (so native memory stays flat), gradients accumulated over batches, then global-L2-norm clipping
 * and the Adam (coupled L2) update, after which the gradients are zeroed.
 *
 * <p>{@link SegmentationTrainer} runs its epochs with it; it is public for custom loops and benchmarks
 * that time exactly the trainer's step: {@link #startEpoch()} once, then per step {@link
 * #forwardBackward} for each accumulated batch and {@link #update()}.
 */
public final class TrainingStep {

  private final Model model;
  private final SegmentationLoss loss;
  private final CoupledAdam adam;
  private final double clipNorm;
  private final ParameterStore store;
  private List<Pair<String, Parameter>> parameters = List.of();

  /**
   * Creates the step; the model's trainable parameters get gradients attached.
   *
   * @param model the model, initialised
   * @param loss the loss
   * @param adam the optimizer
   * @param clipNorm the global-norm clipping bound, 0 for none
   */
  public TrainingStep(Model model, SegmentationLoss loss, CoupledAdam adam, double clipNorm) {
    this.model = model;
    this.loss = loss;
    this.adam = adam;
    this.clipNorm = clipNorm;
    attachGradients();
    this.store = new ParameterStore(model.getNDManager(), false);
  }

  /** @return the parameter store the forward passes use (validation shares it) */
  ParameterStore store() {
    return store;
  }

  /** Starts an epoch: reads the parameters and zeroes their gradients. */
  public void startEpoch() {
    parameters = model.getBlock().getParameters().stream().toList();
    zeroGradients(parameters);
  }

  /**
   * Forward, loss and backward of one batch; the gradients add to those of earlier batches.
   *
   * @param batch the batch
   * @param componentSums the loss components of the batch are added here, by name
   * @return the batch's loss (may be NaN or infinite: the caller checks)
   */
  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  public double forwardBackward(Batch batch, Map<String, Double> componentSums) {
    NDManager manager = model.getNDManager();
    try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
      NDArray x = step.create(batch.images(), new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
      NDArray y = step.create(batch.masks(), new Shape(batch.size(), 1, batch.height(), batch.width()));
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDList out = model.getBlock().forward(store, new NDList(x), true);
        SegmentationLoss.Value l = loss.compute(y, out.singletonOrThrow());
        collector.backward(l.total());
        l.components().forEach((name, value) -> componentSums.merge(name, (double) value.getFloat(), Double::sum));
        return l.total().getFloat();
      } finally {
        gradientMode(model, false);
      }
    }
  }

  /** Clips the accumulated gradients by their global norm, updates the weights and zeroes the gradients. */
  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  public void update() {
    try (NDScope scope = new NDScope()) {
      List<String> names = new ArrayList<>();
      List<NDArray> weights = new ArrayList<>();
      List<NDArray> grads = new ArrayList<>();
      for (Pair<String, Parameter> p : parameters) {
        Parameter param = p.getValue();
        if (param.requiresGradient() && param.isInitialized() && param.getArray().hasGradient()) {
          names.add(p.getKey());
          weights.add(param.getArray());
          grads.add(param.getArray().getGradient());
        }
      }
      if (clipNorm > 0) {
        GradientClipping.clipGlobalNorm(grads, clipNorm);
      }
      for (int i = 0; i < names.size(); i++) {
        adam.update(names.get(i), weights.get(i), grads.get(i));
      }
    }
    zeroGradients(parameters);
  }

  /** Loading parameters replaces their arrays without gradients: attach them to every trainable one. */
  private void attachGradients() {
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      Parameter param = p.getValue();
      if (param.isInitialized() && param.requiresGradient() && !param.getArray().hasGradient()) {
        param.getArray().setRequiresGradient(true);
      }
    }
  }

  private static void zeroGradients(List<Pair<String, Parameter>> parameters) {
    for (Pair<String, Parameter> p : parameters) {
      Parameter param = p.getValue();
      if (param.isInitialized() && param.getArray().hasGradient()) {
        NDArray array = param.getArray();
        if (array instanceof PtNDArray pt) {
          JniUtils.zeroGrad(pt);
        } else {
          try (NDArray g = array.getGradient()) {
            g.subi(g);
          }
        }
      }
    }
  }

  /**
   * Switches PyTorch's autograd recording (the engine's gradient collector leaves it on).
   *
   * @param model the model whose engine to switch
   * @param enabled whether gradients are recorded
   */
  static void gradientMode(Model model, boolean enabled) {
    if ("PyTorch".equals(model.getNDManager().getEngine().getEngineName())) {
      JniUtils.setGradMode(enabled);
    }
  }
}
