package io.github.pneumo.djl.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import com.google.common.base.Preconditions;
import io.github.pneumo.djl.losses.SegmentationLoss;
import io.github.pneumo.djl.onednn.OneDnnGuard;
import io.github.pneumo.djl.weights.CheckpointFormat;
import io.github.pneumo.io.SafeNames;
import io.github.pneumo.training.EarlyStopping;
import io.github.pneumo.training.EpochSampler;
import io.github.pneumo.training.LearningRateScheduler;
import io.github.pneumo.training.SummaryFile;
import io.github.pneumo.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Trains one fold the way the original does (spec §5), made robust.
 *
 * <p>Per epoch ({@code trainEpoch}, the training loop): the sampler's indices are encoded by prefetch
 * workers into batches; each batch runs forward, loss and backward in a {@link TrainingStep}; every
 * {@code accumulationSteps} batches the gradients are clipped by their global L2 norm and Adam (coupled L2)
 * updates the weights; a non-finite loss stops the run there. Then the validation set is scored with every triplet (exact per-image mean), a
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

  final TrainingSettings settings;
  final Model model;
  final SegmentationLoss loss;
  final SampleSource trainSource;
  final EpochSampler sampler;
  final SampleEncoder trainEncoder;
  final SampleSource validSource;
  final SampleEncoder validEncoder;
  final LearningRateScheduler schedule;
  final CheckpointFormat format;
  final @Nullable EncoderFreeze encoderFreeze;
  final TrainingListener listener;
  final OneDnnGuard oneDnn;

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
    return new CheckpointKeeper(settings, format, fold).best();
  }

  /**
   * The fold's folder of epoch checkpoints, summary.csv and resume file.
   *
   * @param fold the fold
   * @return {@code <output>/checkpoints/fold<f>}
   */
  public Path foldDirectory(String fold) {
    return new CheckpointKeeper(settings, format, fold).foldDirectory();
  }

  /**
   * The resume file of a fold, present while a run is unfinished.
   *
   * @param fold the fold
   * @return the file
   */
  public Path resumeFile(String fold) {
    return new CheckpointKeeper(settings, format, fold).resumeFile();
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
    CheckpointKeeper keeper = new CheckpointKeeper(settings, format, fold);
    Path resumeFile = keeper.resumeFile();
    if (!resume && Files.exists(resumeFile)) {
      throw new TrainingException(resumeFile + " holds an unfinished run of fold " + fold
          + ": continue it with --resume, or delete the file to start over");
    }
    keeper.deleteStaleTemporaries();
    SummaryFile summary = SummaryFile.open(keeper.foldDirectory().resolve("summary.csv"), settings.triplets());
    Engine.getEngine(model.getNDManager().getEngine().getEngineName()).setRandomSeed((int) settings.seed());
    try (FoldLog log = new FoldLog(settings.outputDir().resolve("log").resolve("train_fold_" + fold + ".log"));
        CoupledAdam adam = CoupledAdam.builder().learningRate(settings.learningRate())
            .weightDecay(settings.weightDecay()).build(model.getNDManager());
        BatchLoader trainLoader = new BatchLoader(trainSource, trainEncoder, settings.workers(), settings.prefetchBatches());
        BatchLoader validLoader = new BatchLoader(validSource, validEncoder, settings.workers(), settings.prefetchBatches())) {
      ResumeState state;
      if (resume && Files.exists(resumeFile)) {
        state = keeper.readResume(model, adam);
        summary.truncate(state.summaryRows);
        schedule.restore(state.schedule);
        log.info(String.format(Locale.ROOT, "fold %s: resuming at epoch %d (best %.6f at epoch %d)",
            fold, state.nextEpoch, state.bestScore, state.bestEpoch));
      } else {
        state = startPart(fold, summary, keeper, log);
      }
      keeper.restore(state.heap, resume, state.nextEpoch);
      EarlyStopping stopping = new EarlyStopping(settings.earlyStopping(), state.bestScore, state.bestEpoch);
      int lastDone = state.nextEpoch - 1;
      boolean stoppedEarly = !state.epochs.isEmpty() && stopping.shouldStop(lastDone) && state.nextEpoch < settings.epochs();
      if (!stoppedEarly) {
        stoppedEarly = new EpochLoop(this, fold, keeper, summary, adam, log, trainLoader, validLoader).run(state, stopping);
      }
      keeper.finish();
      Path best = keeper.best();
      return new FoldResult(fold, List.copyOf(state.epochs), state.bestScore, state.bestEpoch,
          Files.exists(best) ? best : null, keeper.entries(), stoppedEarly);
    }
  }

  private ResumeState startPart(String fold, SummaryFile summary, CheckpointKeeper keeper, FoldLog log) {
    ResumeState state = new ResumeState();
    state.name = settings.name();
    state.fold = fold;
    state.bestScore = summary.bestMetric();
    state.summaryRows = summary.rowCount();
    keeper.uptrain(model, log);
    log.info(String.format(Locale.ROOT, "fold %s: %s, %d training / %d validation samples, best so far %.6f",
        fold, settings, trainSource.size(), validSource.size(), state.bestScore));
    return state;
  }

  /** Builder of {@link SegmentationTrainer}. */
  public static final class Builder {
    private @Nullable TrainingSettings settings;
    private @Nullable Model model;
    private @Nullable SegmentationLoss loss;
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

    /**
     * @param v the loss on (targets N×1×H×W, logits N×1×H×W); a DJL loss through {@link SegmentationLoss#of}
     * @return this
     */
    public Builder loss(SegmentationLoss v) {
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
