package io.github.pneumo.djl.training;

import io.github.pneumo.training.CheckpointHeap;
import io.github.pneumo.training.EarlyStopping;
import io.github.pneumo.training.SummaryFile;
import io.github.pneumo.training.TrainingException;
import io.github.pneumo.training.ValidationScores;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The epochs of one fold's run, the trainer's loop: each epoch trains the sampler's batches through a
 * {@link TrainingStep} ({@link #trainEpoch}, where a non-finite loss stops the run), scores the validation
 * set with the {@link Validator}, and records the result (summary row, checkpoints through the {@link
 * CheckpointKeeper}, best score, schedule step, resume file, log line) until the last epoch or early stopping.
 */
final class EpochLoop {

  private final SegmentationTrainer t;
  private final String fold;
  private final CheckpointKeeper keeper;
  private final SummaryFile summary;
  private final CoupledAdam adam;
  private final FoldLog log;
  private final BatchLoader trainLoader;
  private final BatchLoader validLoader;
  private final TrainingStep step;
  private final Validator validator;

  EpochLoop(SegmentationTrainer trainer, String fold, CheckpointKeeper keeper, SummaryFile summary, CoupledAdam adam,
      FoldLog log, BatchLoader trainLoader, BatchLoader validLoader) {
    this.t = trainer;
    this.fold = fold;
    this.keeper = keeper;
    this.summary = summary;
    this.adam = adam;
    this.log = log;
    this.trainLoader = trainLoader;
    this.validLoader = validLoader;
    this.step = new TrainingStep(t.model, t.loss, adam, t.settings.gradientClipping());
    this.validator = new Validator(t.model, t.validSource.size(), t.settings.triplets(), t.settings.validationBatchSize());
  }

  /**
   * Runs the epochs from {@code state.nextEpoch}, adding their results to the state.
   *
   * @param state the run's state (fresh or resumed)
   * @param stopping the early-stopping bookkeeping
   * @return whether early stopping ended the run
   */
  boolean run(ResumeState state, EarlyStopping stopping) {
    for (int epoch = state.nextEpoch; epoch < t.settings.epochs(); epoch++) {
      double lr = t.schedule.learningRate();
      adam.setLearningRate(lr);
      double[] loss = new double[1];
      Map<String, Double> components = new LinkedHashMap<>();
      long start = System.nanoTime();
      int samples = trainEpoch(epoch, lr, loss, components);
      double seconds = (System.nanoTime() - start) / 1e9;
      ValidationScores scores = validator.validate(step.store(), validLoader);
      EpochResult r = finishEpoch(epoch, lr, loss[0], components, scores, samples / seconds, state, stopping);
      state.epochs.add(r);
      t.listener.epochFinished(r);
      if (stopping.shouldStop(epoch) && epoch + 1 < t.settings.epochs()) {
        log.info(String.format(Locale.ROOT, "fold %s: early stop after epoch %d (best epoch %d)", fold, epoch,
            stopping.bestEpoch()));
        return true;
      }
    }
    return false;
  }

  /**
   * The training loop of one epoch: the sampler's batches through {@link TrainingStep}, the weights updated
   * every {@code accumulationSteps} batches and after the last; a non-finite loss stops the run here.
   *
   * @param meanLoss receives the epoch's mean loss
   * @param meanComponents receives the epoch's mean loss components
   * @return the number of samples trained
   */
  private int trainEpoch(int epoch, double lr, double[] meanLoss, Map<String, Double> meanComponents) {
    if (t.encoderFreeze != null && t.settings.freezeEncoderEpochs() > 0) {
      t.encoderFreeze.setFrozen(epoch < t.settings.freezeEncoderEpochs());
    }
    int[] indices = t.sampler.indices(epoch);
    if (indices.length == 0) {
      throw new TrainingException("the sampler gave no training sample for epoch " + epoch);
    }
    int batches = (indices.length + t.settings.batchSize() - 1) / t.settings.batchSize();
    t.listener.epochStarted(fold, epoch, t.settings.epochs(), batches, lr);
    double lossSum = 0;
    Map<String, Double> componentSums = new LinkedHashMap<>();
    Iterator<Batch> it = trainLoader.epoch(indices, t.settings.batchSize(), epoch);
    step.startEpoch();
    for (int b = 0; b < batches; b++) {
      double value = step.forwardBackward(it.next(), componentSums);
      if (!Double.isFinite(value)) {
        throw new TrainingException(String.format(Locale.ROOT,
            "fold %s epoch %d batch %d: the loss is %s (%s)", fold, epoch, b, value, t.oneDnn.nonFiniteLossAdvice()));
      }
      lossSum += value;
      if ((b + 1) % t.settings.accumulationSteps() == 0 || b == batches - 1) {
        step.update();
      }
      t.listener.batchTrained(b, batches, means(lossSum, componentSums, b + 1));
    }
    meanLoss[0] = lossSum / batches;
    componentSums.forEach((k, v) -> meanComponents.put(k, v / batches));
    return indices.length;
  }

  private static Map<String, Double> means(double lossSum, Map<String, Double> sums, int done) {
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("loss", lossSum / done);
    sums.forEach((k, v) -> means.put(k, v / done));
    return means;
  }

  /** Records a validated epoch: summary row, checkpoints, best score, schedule, resume file, log line. */
  private EpochResult finishEpoch(int epoch, double lr, double meanLoss, Map<String, Double> meanComponents,
      ValidationScores scores, double imagesPerSecond, ResumeState state, EarlyStopping stopping) {
    double[] means = scores.means();
    double score = scores.best();
    summary.append(epoch, score, means);
    Optional<CheckpointHeap.Entry> dropped = keeper.saveEpoch(t.model, epoch, score);
    boolean improved = stopping.offer(epoch, score);
    if (improved) {
      keeper.saveBest(t.model);
    }
    state.bestScore = stopping.bestScore();
    state.bestEpoch = stopping.bestEpoch();
    t.schedule.step(score);
    EpochResult result = new EpochResult(fold, epoch, lr, meanLoss, meanComponents, means, score, improved, state.bestScore,
        state.bestEpoch, imagesPerSecond);

    state.nextEpoch = epoch + 1;
    state.summaryRows = summary.rowCount();
    state.heap = keeper.entries();
    state.schedule = t.schedule.state();
    List<EpochResult> withThis = new ArrayList<>(state.epochs);
    withThis.add(result);
    List<EpochResult> saved = state.epochs;
    state.epochs = withThis;
    keeper.writeResume(state, t.model, adam);
    state.epochs = saved;
    keeper.deleteDropped(dropped);
    log.info(String.format(Locale.ROOT,
        "fold %s epoch %d: lr %.3g loss %.6f%s score %.6f%s best %.6f (epoch %d) %.1f img/s",
        fold, epoch, lr, meanLoss, componentText(meanComponents), score, improved ? " (new best)" : "", state.bestScore, state.bestEpoch,
        result.imagesPerSecond()));
    return result;
  }

  private static String componentText(Map<String, Double> components) {
    StringBuilder b = new StringBuilder();
    components.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.6f", k, v)));
    return b.length() == 0 ? "" : " (" + b.substring(1) + ")";
  }

}
