package io.github.pneumo.djl.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import com.google.common.base.Preconditions;
import io.github.pneumo.ComboLoss;
import org.jspecify.annotations.Nullable;

/**
 * The original {@link ComboLoss} as a DJL {@link Loss} on N×1×H×W logits (predictions) and 0/1
 * targets (labels): BCE on logits (mean), batch dice on sigmoid, focal on clamped sigmoid and target,
 * weighted and clamped below at 1e-5, in float32 on the engine, with gradients.
 *
 * <p>As a {@link SegmentationLoss} it reports {@code bce}, {@code dice} and {@code focal}. {@link
 * #components(NDArray, NDArray)} returns the three components with the total; {@link
 * #lastResult()} keeps the values of the latest {@link #evaluate(NDList, NDList)} for logging.
 */
public final class DjlComboLoss extends Loss implements SegmentationLoss {

  private final ComboLoss spec;
  private volatile ComboLoss.@Nullable Result lastResult;

  /**
   * Creates the loss.
   *
   * @param spec weights, focal gamma and dice epsilon
   */
  public DjlComboLoss(ComboLoss spec) {
    super("ComboLoss");
    this.spec = spec;
  }

  /**
   * The specification this loss computes.
   *
   * @return the specification
   */
  public ComboLoss spec() {
    return spec;
  }

  /**
   * The loss arrays of one evaluation.
   *
   * @param total the clamped weighted total (scalar, carries gradients)
   * @param bce the BCE component (scalar)
   * @param dice the dice component (scalar)
   * @param focal the focal component (scalar)
   */
  public record Components(NDArray total, NDArray bce, NDArray dice, NDArray focal) {

    /**
     * Reads the four scalars.
     *
     * @return the values
     */
    public ComboLoss.Result toResult() {
      return new ComboLoss.Result(total.getFloat(), bce.getFloat(), dice.getFloat(), focal.getFloat());
    }
  }

  /**
   * Computes the total and the components.
   *
   * @param logits raw network outputs (any shape, usually N×1×H×W)
   * @param targets targets with the same number of elements
   * @return total and components
   */
  public Components components(NDArray logits, NDArray targets) {
    Preconditions.checkArgument(logits.size() == targets.size(),
        "logits %s and targets %s differ in size", logits.getShape(), targets.getShape());
    NDArray x = logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
    NDArray t = targets.toType(x.getDataType(), false).reshape(x.getShape());

    NDArray bce = x.maximum(0).sub(x.mul(t)).add(x.abs().neg().exp().add(1).log()).mean();

    NDArray s = Activation.sigmoid(x);
    float eps = (float) spec.diceEpsilon();
    NDArray dice = s.mul(t).sum().mul(2).add(eps).div(s.sum().add(t.sum()).add(eps)).neg().add(1);

    // Numbers are passed as float so that no float64 scalar promotes the result.
    float low = (float) ComboLoss.FOCAL_CLAMP;
    float high = (float) (1 - ComboLoss.FOCAL_CLAMP);
    NDArray sc = s.clip(low, high);
    NDArray tc = t.clip(low, high);
    NDArray pt = tc.neg().add(1).mul(sc.neg().add(1)).add(tc.mul(sc));
    NDArray focal = pt.neg().add(1).pow((float) spec.focalGamma()).mul(pt.log()).neg().mean();

    NDArray total = x.getManager().create(0f);
    if (spec.bceWeight() != 0) {
      total = total.add(bce.mul((float) spec.bceWeight()));
    }
    if (spec.diceWeight() != 0) {
      total = total.add(dice.mul((float) spec.diceWeight()));
    }
    if (spec.focalWeight() != 0) {
      total = total.add(focal.mul((float) spec.focalWeight()));
    }
    return new Components(total.maximum((float) ComboLoss.MIN_TOTAL), bce, dice, focal);
  }

  /**
   * The clamped weighted total with the components {@code bce}, {@code dice} and {@code focal}.
   *
   * @param targets the 0/1 targets
   * @param logits the network's outputs
   * @return total and components
   */
  @Override
  public Value compute(NDArray targets, NDArray logits) {
    Components c = components(logits, targets);
    java.util.Map<String, NDArray> named = new java.util.LinkedHashMap<>();
    named.put("bce", c.bce());
    named.put("dice", c.dice());
    named.put("focal", c.focal());
    return new Value(c.total(), named);
  }

  /**
   * The clamped weighted total; also records the component values for {@link #lastResult()}.
   *
   * @param labels the targets (first array)
   * @param predictions the logits (first array)
   * @return the scalar loss
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    Components c = components(predictions.head(), labels.head());
    lastResult = c.toResult();
    return c.total();
  }

  /**
   * The values of the latest {@link #evaluate(NDList, NDList)}, or null before the first.
   *
   * @return total and components, or null
   */
  public ComboLoss.@Nullable Result lastResult() {
    return lastResult;
  }
}
