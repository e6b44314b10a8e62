package io.github.pneumo.djl.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training loss on N×1×H×W logits and 0/1 targets, as the trainer sees it: a scalar total that carries
 * gradients, and named scalar components to report (empty when the loss has none). The trainer backpropagates
 * the total and averages every component over the epoch; it never inspects the loss's type.
 */
@FunctionalInterface
public interface SegmentationLoss {

  /**
   * Evaluates the loss of one batch.
   *
   * @param targets the 0/1 targets, N×1×H×W
   * @param logits the network's outputs, N×1×H×W
   * @return the total and its components
   */
  Value compute(NDArray targets, NDArray logits);

  /**
   * One evaluation.
   *
   * @param total the scalar to backpropagate
   * @param components named scalars to report (e.g. {@code bce}, {@code dice}, {@code focal}), in report order
   */
  record Value(NDArray total, Map<String, NDArray> components) {

    /** Copies the components, keeping their order. */
    public Value {
      components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }
  }

  /**
   * Adapts a DJL loss evaluated on (labels, predictions), with no components.
   *
   * @param loss the DJL loss
   * @return the loss
   */
  static SegmentationLoss of(Loss loss) {
    return (targets, logits) -> new Value(loss.evaluate(new NDList(targets), new NDList(logits)), Map.of());
  }
}
