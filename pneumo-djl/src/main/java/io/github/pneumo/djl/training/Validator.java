package io.github.pneumo.djl.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.training.TrainingException;
import io.github.pneumo.training.ValidationScores;
import java.util.Iterator;
import java.util.List;

/**
 * Scores the whole validation set after an epoch (spec §10): inference without gradients in batches, the
 * sigmoid of the logits, every triplet applied per image, the exact per-image mean ({@link ValidationScores}).
 */
final class Validator {

  private final Model model;
  private final int size;
  private final List<TripletThreshold> triplets;
  private final int batchSize;

  /**
   * @param model the model being trained
   * @param size the number of validation samples
   * @param triplets the validation triplets
   * @param batchSize the validation batch size
   */
  Validator(Model model, int size, List<TripletThreshold> triplets, int batchSize) {
    this.model = model;
    this.size = size;
    this.triplets = triplets;
    this.batchSize = batchSize;
  }

  /**
   * Scores every validation sample once, in order.
   *
   * @param store the training's parameter store
   * @param loader the validation batches
   * @return the scores per triplet
   */
  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  ValidationScores validate(ParameterStore store, BatchLoader loader) {
    ValidationScores scores = new ValidationScores(triplets);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    TrainingStep.gradientMode(model, false);
    Iterator<Batch> it = loader.epoch(order, batchSize, 0);
    while (it.hasNext()) {
      Batch batch = it.next();
      int pixels = batch.height() * batch.width();
      float[] probabilities;
      try (NDScope scope = new NDScope(); NDManager step = model.getNDManager().newSubManager()) {
        NDArray x = step.create(batch.images(), new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
        NDList out = model.getBlock().forward(store, new NDList(x), false);
        probabilities = out.singletonOrThrow().getNDArrayInternal().sigmoid().toFloatArray();
      }
      if (probabilities.length != batch.size() * pixels) {
        throw new TrainingException("the model gave " + probabilities.length + " outputs for a batch of "
            + batch.size() + " images of " + pixels + " pixels (expected one channel at input size)");
      }
      for (int i = 0; i < batch.size(); i++) {
        float[] p = new float[pixels];
        float[] t = new float[pixels];
        System.arraycopy(probabilities, i * pixels, p, 0, pixels);
        System.arraycopy(batch.masks(), i * pixels, t, 0, pixels);
        scores.add(p, t);
      }
    }
    return scores;
  }
}
