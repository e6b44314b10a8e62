package io.github.pneumo.djl.training;

import io.github.pneumo.djl.weights.CheckpointFormat;
import io.github.pneumo.training.LearningRateScheduler;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.io.SafeNames;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.google.common.base.Preconditions;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.onednn.OneDnnGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Trains one fold the way the original does (spec §5), made robust.
 *
 * <p>Per epoch: the sampler's indices are encoded by prefetch workers into batches; each batch runs
 * forward, loss and backward inside its own {@link NDScope} (so native memory stays flat); every
 * {@code accumulationSteps} batches the gradients are clipped by their global L2 norm and Adam (coupled L2)
 * updates the weights. Then the validation set is scored with every triplet (exact per-image mean), a
 * row goes into {@code summary.csv}, the epoch checkpoint joins the top-k heap (dropped files deleted),
 * the best checkpoint is replaced when the score beats the best so far, the schedule is stepped and a
 * resume file is written. The run stops after {@code epochs} epochs or when {@code epoch − bestEpoch >
 * earlyStopping}.
 *
 * <p>Files, for pipeline name {@code N} and fold {@code F}, under the output folder:
 * {@code checkpoints/N_foldF.<ext>} (best), {@code checkpoints/foldF/N_foldF_epochE.<ext>} (top-k),
 * {@code checkpoints/foldF/summary.csv}, {@code checkpoints/foldF/resume.bin} (while a run is unfinished)
 * and {@code log/train_fold_F.log}. Every file is written atomically.
 */
public final class SegmentationTrainer {

  private final TrainingSettings settings;
  private final Model model;
  private final Loss loss;
  private final SampleSource trainSource;
  private final EpochSampler sampler;
  private final SampleEncoder trainEncoder;
  private final SampleSource validSource;
  private final SampleEncoder validEncoder;
  private final LearningRateScheduler schedule;
  private final CheckpointFormat format;
  private final @Nullable EncoderFreeze encoderFreeze;
  private final TrainingListener listener;
  private final OneDnnGuard oneDnn;

  private SegmentationTrainer(Builder b) {
    this.settings = Preconditions.checkNotNull(b.settings, "settings");
    this.model = Preconditions.checkNotNull(b.model, "model");
    this.loss = Preconditions.checkNotNull(b.loss, "loss");
    this.trainSource = Preconditions.checkNotNull(b.trainSource, "training samples");
    this.sampler = Preconditions.checkNotNull(b.sampler, "sampler");
    this.trainEncoder = b.trainEncoder;
    this.validSource = Preconditions.checkNotNull(b.validSource, "validation samples");
    this.validEncoder = b.validEncoder;
    this.schedule = Preconditions.checkNotNull(b.schedule, "schedule");
    this.format = b.format;
    this.encoderFreeze = b.encoderFreeze;
    this.listener = b.listener;
    if (settings.freezeEncoderEpochs() > 0 && encoderFreeze == null) {
      throw new TrainingException("freeze_encoder_epochs is " + settings.freezeEncoderEpochs()
          + " but the model offers no encoder freeze");
    }
    if (!model.getNDManager().getDevice().equals(settings.device())) {
      throw new TrainingException("the model lives on " + model.getNDManager().getDevice()
          + " but the settings ask for " + settings.device());
    }
    this.oneDnn = b.oneDnnGuard != null ? b.oneDnnGuard : OneDnnGuard.current();
    oneDnn.checkTraining(settings.device());
    if (validSource.size() == 0) {
      throw new TrainingException("the validation set is empty");
    }
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the settings */
  public TrainingSettings settings() {
    return settings;
  }

  /**
   * The fold's best checkpoint file.
   *
   * @param fold the fold
   * @return {@code <output>/checkpoints/<name>_fold<f>.<ext>}
   */
  public Path bestCheckpoint(String fold) {
    return checkpoints().resolve(settings.name() + "_fold" + fold + "." + format.extension());
  }

  /**
   * The fold's folder of epoch checkpoints, summary.csv and resume file.
   *
   * @param fold the fold
   * @return {@code <output>/checkpoints/fold<f>}
   */
  public Path foldDirectory(String fold) {
    return checkpoints().resolve("fold" + SafeNames.require("fold name", fold));
  }

  /**
   * The resume file of a fold, present while a run is unfinished.
   *
   * @param fold the fold
   * @return the file
   */
  public Path resumeFile(String fold) {
    return foldDirectory(fold).resolve("resume.bin");
  }

  private Path checkpoints() {
    return settings.outputDir().resolve("checkpoints");
  }

  private Path epochCheckpoint(String fold, int epoch) {
    return foldDirectory(fold).resolve(settings.name() + "_fold" + fold + "_epoch" + epoch + "." + format.extension());
  }

  /**
   * Trains a fold.
   *
   * @param fold the fold (validation fold name, as in the folds file)
   * @param resume continue an unfinished run from its resume file (a missing file starts afresh)
   * @return the outcome
   */
  public FoldResult train(String fold, boolean resume) {
    SafeNames.require("fold name", fold); // it becomes part of paths: checkpoints/fold<F>, log/train_fold_<F>.log
    Path resumeFile = resumeFile(fold);
    if (!resume && Files.exists(resumeFile)) {
      throw new TrainingException(resumeFile + " holds an unfinished run of fold " + fold
          + ": continue it with --resume, or delete the file to start over");
    }
    deleteStaleTemporaries(checkpoints());
    deleteStaleTemporaries(foldDirectory(fold));
    SummaryFile summary = SummaryFile.open(foldDirectory(fold).resolve("summary.csv"), settings.triplets());
    Engine.getEngine(model.getNDManager().getEngine().getEngineName()).setRandomSeed((int) settings.seed());
    try (FoldLog log = new FoldLog(settings.outputDir().resolve("log").resolve("train_fold_" + fold + ".log"));
        CoupledAdam adam = CoupledAdam.builder().learningRate(settings.learningRate())
            .weightDecay(settings.weightDecay()).build(model.getNDManager());
        BatchLoader trainLoader = new BatchLoader(trainSource, trainEncoder, settings.workers(), settings.prefetchBatches());
        BatchLoader validLoader = new BatchLoader(validSource, validEncoder, settings.workers(), settings.prefetchBatches())) {
      ResumeState state;
      if (resume && Files.exists(resumeFile)) {
        state = ResumeState.read(resumeFile, model, adam);
        if (!state.fold.equals(fold) || !state.name.equals(settings.name())) {
          throw new TrainingException(resumeFile + " belongs to " + state.name + " fold " + state.fold);
        }
        summary.truncate(state.summaryRows);
        schedule.restore(state.schedule);
        log.info(String.format(Locale.ROOT, "fold %s: resuming at epoch %d (best %.6f at epoch %d)",
            fold, state.nextEpoch, state.bestScore, state.bestEpoch));
      } else {
        state = startPart(fold, summary, log);
      }
      CheckpointHeap heap = new CheckpointHeap(settings.topK());
      state.heap.forEach(heap::push);
      if (resume) {
        deleteDroppedCheckpoints(fold, state.nextEpoch, heap);
      }
      EarlyStopping stopping = new EarlyStopping(settings.earlyStopping(), state.bestScore, state.bestEpoch);
      int lastDone = state.nextEpoch - 1;
      boolean stoppedEarly = !state.epochs.isEmpty() && stopping.shouldStop(lastDone) && state.nextEpoch < settings.epochs();
      attachGradients();
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      for (int epoch = state.nextEpoch; epoch < settings.epochs() && !stoppedEarly; epoch++) {
        EpochResult r = runEpoch(fold, epoch, state, stopping, summary, heap, adam, store, trainLoader, validLoader, log,
            resumeFile);
        state.epochs.add(r);
        listener.epochFinished(r);
        if (stopping.shouldStop(epoch) && epoch + 1 < settings.epochs()) {
          stoppedEarly = true;
          log.info(String.format(Locale.ROOT, "fold %s: early stop after epoch %d (best epoch %d)", fold, epoch,
              stopping.bestEpoch()));
        }
      }
      Files.deleteIfExists(resumeFile);
      Path best = bestCheckpoint(fold);
      return new FoldResult(fold, List.copyOf(state.epochs), state.bestScore, state.bestEpoch,
          Files.exists(best) ? best : null, heap.entries(), stoppedEarly);
    } catch (IOException e) {
      throw new TrainingException("fold " + fold + ": " + e.getMessage(), e);
    }
  }

  /**
   * A run killed after writing its resume file but before deleting the checkpoint the heap dropped leaves
   * that file behind. Every epoch before {@code nextEpoch} was written by this run, so an epoch file that
   * is not in the restored heap is such a leftover.
   */
  private void deleteDroppedCheckpoints(String fold, int nextEpoch, CheckpointHeap heap) throws IOException {
    java.util.Set<Path> kept = new java.util.HashSet<>();
    heap.entries().forEach(e -> kept.add(e.file().getFileName()));
    for (int e = 0; e < nextEpoch; e++) {
      Path file = epochCheckpoint(fold, e);
      if (!kept.contains(file.getFileName())) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void deleteStaleTemporaries(Path dir) {
    AtomicFiles.removeStaleTemporaries(dir); // only a dead process's, never a live writer's
  }

  private ResumeState startPart(String fold, SummaryFile summary, FoldLog log) {
    ResumeState state = new ResumeState();
    state.name = settings.name();
    state.fold = fold;
    state.bestScore = summary.bestMetric();
    state.summaryRows = summary.rowCount();
    Path uptrain = settings.uptrainCheckpoint(fold);
    if (uptrain != null) {
      if (Files.exists(uptrain)) {
        format.load(model, uptrain);
        log.info("fold " + fold + ": uptraining from " + uptrain);
      } else if (settings.uptrainAllowMissing()) {
        log.info("fold " + fold + ": uptrain checkpoint " + uptrain + " is missing; starting fresh as configured");
      } else {
        throw new TrainingException("uptrain checkpoint " + uptrain + " of fold " + fold
            + " does not exist (set uptrain.allow_missing to start fresh)");
      }
    }
    log.info(String.format(Locale.ROOT, "fold %s: %s, %d training / %d validation samples, best so far %.6f",
        fold, settings, trainSource.size(), validSource.size(), state.bestScore));
    return state;
  }

  private EpochResult runEpoch(String fold, int epoch, ResumeState state, EarlyStopping stopping, SummaryFile summary, CheckpointHeap heap,
      CoupledAdam adam, ParameterStore store, BatchLoader trainLoader, BatchLoader validLoader, FoldLog log,
      Path resumeFile) {
    double lr = schedule.learningRate();
    adam.setLearningRate(lr);
    if (encoderFreeze != null && settings.freezeEncoderEpochs() > 0) {
      encoderFreeze.setFrozen(epoch < settings.freezeEncoderEpochs());
    }
    int[] indices = sampler.indices(epoch);
    if (indices.length == 0) {
      throw new TrainingException("the sampler gave no training sample for epoch " + epoch);
    }
    int batches = (indices.length + settings.batchSize() - 1) / settings.batchSize();
    listener.epochStarted(fold, epoch, settings.epochs(), batches, lr);
    long start = System.nanoTime();
    double lossSum = 0;
    java.util.Map<String, Double> componentSums = new java.util.LinkedHashMap<>();
    Iterator<Batch> it = trainLoader.epoch(indices, settings.batchSize(), epoch);
    List<Pair<String, Parameter>> parameters = model.getBlock().getParameters().stream().toList();
    zeroGradients(parameters);
    for (int b = 0; b < batches; b++) {
      Batch batch = it.next();
      double value = trainBatch(batch, store, componentSums);
      if (!Double.isFinite(value)) {
        throw new TrainingException(String.format(Locale.ROOT,
            "fold %s epoch %d batch %d: the loss is %s (%s)", fold, epoch, b, value, oneDnn.nonFiniteLossAdvice()));
      }
      lossSum += value;
      if ((b + 1) % settings.accumulationSteps() == 0 || b == batches - 1) {
        optimizerStep(parameters, adam);
      }
      java.util.Map<String, Double> means = new java.util.LinkedHashMap<>();
      means.put("loss", lossSum / (b + 1));
      int done = b + 1;
      componentSums.forEach((k, v) -> means.put(k, v / done));
      listener.batchTrained(b, batches, means);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double meanLoss = lossSum / batches;
    java.util.Map<String, Double> meanComponents = new java.util.LinkedHashMap<>();
    componentSums.forEach((k, v) -> meanComponents.put(k, v / batches));

    ValidationScores scores = validate(store, validLoader);
    double[] means = scores.means();
    double score = scores.best();
    summary.append(epoch, score, means);

    Path epochFile = epochCheckpoint(fold, epoch);
    format.save(model, epochFile);
    Optional<CheckpointHeap.Entry> dropped = heap.push(new CheckpointHeap.Entry(score, epoch, epochFile));
    boolean improved = stopping.offer(epoch, score);
    if (improved) {
      format.save(model, bestCheckpoint(fold));
    }
    state.bestScore = stopping.bestScore();
    state.bestEpoch = stopping.bestEpoch();
    schedule.step(score);
    EpochResult result = new EpochResult(fold, epoch, lr, meanLoss, meanComponents, means, score, improved, state.bestScore,
        state.bestEpoch, indices.length / seconds);

    state.nextEpoch = epoch + 1;
    state.summaryRows = summary.rowCount();
    state.heap = heap.entries();
    state.schedule = schedule.state();
    List<EpochResult> withThis = new ArrayList<>(state.epochs);
    withThis.add(result);
    List<EpochResult> saved = state.epochs;
    state.epochs = withThis;
    ResumeState.write(resumeFile, state, model, adam);
    state.epochs = saved;
    if (dropped.isPresent()) {
      try {
        Files.deleteIfExists(dropped.get().file());
      } catch (IOException e) {
        throw new TrainingException("cannot delete dropped checkpoint " + dropped.get().file() + ": " + e.getMessage(), e);
      }
    }
    log.info(String.format(Locale.ROOT,
        "fold %s epoch %d: lr %.3g loss %.6f%s score %.6f%s best %.6f (epoch %d) %.1f img/s",
        fold, epoch, lr, meanLoss, componentText(meanComponents), score, improved ? " (new best)" : "", state.bestScore, state.bestEpoch,
        result.imagesPerSecond()));
    return result;
  }

  private static String componentText(java.util.Map<String, Double> components) {
    StringBuilder b = new StringBuilder();
    components.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.6f", k, v)));
    return b.length() == 0 ? "" : " (" + b.substring(1) + ")";
  }

  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  private double trainBatch(Batch batch, ParameterStore store, java.util.Map<String, Double> componentSums) {
    NDManager manager = model.getNDManager();
    Block block = model.getBlock();
    try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
      NDArray x = step.create(batch.images(), new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
      NDArray y = step.create(batch.masks(), new Shape(batch.size(), 1, batch.height(), batch.width()));
      float value;
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDList out = block.forward(store, new NDList(x), true);
        NDArray l = loss.evaluate(new NDList(y), out);
        collector.backward(l);
        value = l.getFloat();
        if (loss instanceof DjlComboLoss combo && combo.lastResult() != null) {
          ComboLoss.Result c = combo.lastResult();
          componentSums.merge("bce", c.bce(), Double::sum);
          componentSums.merge("dice", c.dice(), Double::sum);
          componentSums.merge("focal", c.focal(), Double::sum);
        }
      } finally {
        gradientMode(false);
      }
      return value;
    }
  }

  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  private void optimizerStep(List<Pair<String, Parameter>> parameters, CoupledAdam adam) {
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
      if (settings.gradientClipping() > 0) {
        GradientClipping.clipGlobalNorm(grads, settings.gradientClipping());
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

  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  private ValidationScores validate(ParameterStore store, BatchLoader validLoader) {
    ValidationScores scores = new ValidationScores(settings.triplets());
    int n = validSource.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    gradientMode(false);
    Iterator<Batch> it = validLoader.epoch(order, settings.validationBatchSize(), 0);
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

  private void gradientMode(boolean enabled) {
    if ("PyTorch".equals(model.getNDManager().getEngine().getEngineName())) {
      JniUtils.setGradMode(enabled);
    }
  }

  /** Builder of {@link SegmentationTrainer}. */
  public static final class Builder {
    private @Nullable TrainingSettings settings;
    private @Nullable Model model;
    private @Nullable Loss loss;
    private @Nullable SampleSource trainSource;
    private @Nullable EpochSampler sampler;
    private SampleEncoder trainEncoder = SampleEncoder.plain();
    private @Nullable SampleSource validSource;
    private SampleEncoder validEncoder = SampleEncoder.plain();
    private @Nullable LearningRateScheduler schedule;
    private CheckpointFormat format = CheckpointFormat.djl();
    private @Nullable EncoderFreeze encoderFreeze;
    private TrainingListener listener = TrainingListener.none();
    private @Nullable OneDnnGuard oneDnnGuard;

    private Builder() {}

    /** @param v the run's settings @return this */
    public Builder settings(TrainingSettings v) {
      settings = v;
      return this;
    }

    /** @param v the model, initialised, on the training device @return this */
    public Builder model(Model v) {
      model = v;
      return this;
    }

    /** @param v the loss on (labels N×1×H×W, logits N×1×H×W) @return this */
    public Builder loss(Loss v) {
      loss = v;
      return this;
    }

    /**
     * @param source the training samples
     * @param sampler chooses each epoch's samples
     * @param encoder augmentation and tensor conversion for training
     * @return this
     */
    public Builder training(SampleSource source, EpochSampler sampler, SampleEncoder encoder) {
      trainSource = source;
      this.sampler = sampler;
      trainEncoder = encoder;
      return this;
    }

    /**
     * @param source the validation samples (all scored every epoch)
     * @param encoder tensor conversion for validation (no augmentation)
     * @return this
     */
    public Builder validation(SampleSource source, SampleEncoder encoder) {
      validSource = source;
      validEncoder = encoder;
      return this;
    }

    /** @param v the learning-rate schedule (its base rate should equal the settings' lr) @return this */
    public Builder schedule(LearningRateScheduler v) {
      schedule = v;
      return this;
    }

    /** @param v how checkpoints are written @return this */
    public Builder checkpointFormat(CheckpointFormat v) {
      format = v;
      return this;
    }

    /** @param v the model's encoder freeze, needed when freeze_encoder_epochs &gt; 0 @return this */
    public Builder encoderFreeze(@Nullable EncoderFreeze v) {
      encoderFreeze = v;
      return this;
    }

    /** @param v progress listener @return this */
    public Builder listener(TrainingListener v) {
      listener = v;
      return this;
    }

    /**
     * @param v the oneDNN check run when the trainer is built (default {@link OneDnnGuard#current()})
     * @return this
     */
    public Builder oneDnnGuard(OneDnnGuard v) {
      oneDnnGuard = v;
      return this;
    }

    /**
     * @return the trainer
     * @throws io.github.pneumo.djl.onednn.UnsafeOneDnnException on a CPU where libtorch's oneDNN is known to
     *     give NaN or crash, without the safe setting (see {@link OneDnnGuard})
     */
    public SegmentationTrainer build() {
      return new SegmentationTrainer(this);
    }
  }
}
