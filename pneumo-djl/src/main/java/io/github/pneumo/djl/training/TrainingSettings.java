package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import io.github.pneumo.TripletThreshold;
import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a training run (one experiment part), independent of where the data and the model come
 * from. Build with {@link #builder(String, Path)}; defaults are the original's part-0 values.
 *
 * @param name the pipeline name, used in checkpoint names ({@code <name>_fold<f>.<ext>})
 * @param outputDir the experiment folder: {@code checkpoints/} and {@code log/} go below it
 * @param epochs the maximum number of epochs
 * @param earlyStopping stop when {@code epoch − bestEpoch > earlyStopping}
 * @param topK epoch checkpoints kept per fold
 * @param batchSize training batch size
 * @param validationBatchSize validation batch size (does not change the exact-mean score)
 * @param accumulationSteps batches per optimizer step (the loss is not divided)
 * @param gradientClipping global L2 norm limit, 0 for none
 * @param learningRate Adam's initial learning rate (the schedule's base)
 * @param weightDecay Adam's coupled L2 weight decay
 * @param triplets validation triplets, summary.csv columns
 * @param seed the run's seed (sampler, augmentation, initialisation)
 * @param freezeEncoderEpochs epochs at the start of the run during which the encoder is frozen
 * @param uptrainFrom checkpoint to start from, {@code {fold}} replaced by the fold; null for none
 * @param uptrainAllowMissing when true a missing uptrain checkpoint means starting fresh; else an error
 * @param workers prefetch threads producing batches (0: load on the training thread)
 * @param prefetchBatches batches prepared ahead of the model, &gt;= 1
 * @param device the training device
 */
public record TrainingSettings(String name, Path outputDir, int epochs, int earlyStopping, int topK, int batchSize,
    int validationBatchSize, int accumulationSteps, double gradientClipping, double learningRate, double weightDecay,
    List<TripletThreshold> triplets, long seed, int freezeEncoderEpochs, @Nullable String uptrainFrom,
    boolean uptrainAllowMissing, int workers, int prefetchBatches, Device device) {

  /** Validates every setting, naming the offending one. */
  public TrainingSettings {
    check(!name.isBlank() && name.matches("[A-Za-z0-9._-]+"), "name", name + " (letters, digits, . _ - only)");
    check(epochs >= 1, "epochs", epochs);
    check(earlyStopping >= 0, "early_stopping", earlyStopping);
    check(topK >= 1, "top_k", topK);
    check(batchSize >= 1, "batch_size", batchSize);
    check(validationBatchSize >= 1, "validation_batch_size", validationBatchSize);
    check(accumulationSteps >= 1, "accumulation_steps", accumulationSteps);
    check(gradientClipping >= 0 && Double.isFinite(gradientClipping), "gradient_clipping", gradientClipping);
    check(learningRate > 0 && Double.isFinite(learningRate), "lr", learningRate);
    check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", weightDecay);
    check(!triplets.isEmpty(), "triplets", "empty");
    triplets = List.copyOf(triplets);
    check(freezeEncoderEpochs >= 0, "freeze_encoder_epochs", freezeEncoderEpochs);
    check(workers >= 0 && workers <= 256, "workers", workers);
    check(prefetchBatches >= 1 && prefetchBatches <= 1024, "prefetch_batches", prefetchBatches);
  }

  private static void check(boolean ok, String key, Object value) {
    if (!ok) {
      throw new TrainingException("training setting '" + key + "' is out of range: " + value);
    }
  }

  /**
   * @param name the pipeline name
   * @param outputDir the experiment folder
   * @return a builder with the original's part-0 defaults
   */
  public static Builder builder(String name, Path outputDir) {
    return new Builder(name, outputDir);
  }

  /** @return a builder holding these settings */
  public Builder toBuilder() {
    Builder b = new Builder(name, outputDir);
    b.epochs = epochs;
    b.earlyStopping = earlyStopping;
    b.topK = topK;
    b.batchSize = batchSize;
    b.validationBatchSize = validationBatchSize;
    b.accumulationSteps = accumulationSteps;
    b.gradientClipping = gradientClipping;
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.triplets = triplets;
    b.seed = seed;
    b.freezeEncoderEpochs = freezeEncoderEpochs;
    b.uptrainFrom = uptrainFrom;
    b.uptrainAllowMissing = uptrainAllowMissing;
    b.workers = workers;
    b.prefetchBatches = prefetchBatches;
    b.device = device;
    return b;
  }

  /**
   * The uptrain checkpoint of a fold, or null when the run starts from the model as given.
   *
   * @param fold the fold
   * @return the checkpoint path
   */
  public @Nullable Path uptrainCheckpoint(String fold) {
    return uptrainFrom == null ? null : Path.of(uptrainFrom.replace("{fold}", fold));
  }

  /** Builder of {@link TrainingSettings}. */
  public static final class Builder {
    private final String name;
    private final Path outputDir;
    private int epochs = 50;
    private int earlyStopping = 10;
    private int topK = 5;
    private int batchSize = 2;
    private int validationBatchSize = 2;
    private int accumulationSteps = 1;
    private double gradientClipping = 0.1;
    private double learningRate = 1e-4;
    private double weightDecay = 5e-6;
    private List<TripletThreshold> triplets = TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS;
    private long seed = 42;
    private int freezeEncoderEpochs;
    private @Nullable String uptrainFrom;
    private boolean uptrainAllowMissing;
    private int workers = 2;
    private int prefetchBatches = 4;
    private Device device = Device.cpu();

    private Builder(String name, Path outputDir) {
      this.name = name;
      this.outputDir = outputDir;
    }

    /** @param v maximum epochs @return this */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** @param v early-stopping patience @return this */
    public Builder earlyStopping(int v) {
      earlyStopping = v;
      return this;
    }

    /** @param v epoch checkpoints kept @return this */
    public Builder topK(int v) {
      topK = v;
      return this;
    }

    /** @param v training batch size @return this */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** @param v validation batch size @return this */
    public Builder validationBatchSize(int v) {
      validationBatchSize = v;
      return this;
    }

    /** @param v batches per optimizer step @return this */
    public Builder accumulationSteps(int v) {
      accumulationSteps = v;
      return this;
    }

    /** @param v global gradient norm limit, 0 for none @return this */
    public Builder gradientClipping(double v) {
      gradientClipping = v;
      return this;
    }

    /** @param v initial learning rate @return this */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** @param v coupled L2 weight decay @return this */
    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** @param v validation triplets @return this */
    public Builder triplets(List<TripletThreshold> v) {
      triplets = v;
      return this;
    }

    /** @param v seed @return this */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** @param v epochs with a frozen encoder @return this */
    public Builder freezeEncoderEpochs(int v) {
      freezeEncoderEpochs = v;
      return this;
    }

    /**
     * @param checkpoint path template ({@code {fold}} is replaced), null for none
     * @param allowMissing whether a missing file means starting fresh instead of an error
     * @return this
     */
    public Builder uptrain(@Nullable String checkpoint, boolean allowMissing) {
      uptrainFrom = checkpoint;
      uptrainAllowMissing = allowMissing;
      return this;
    }

    /** @param v prefetch worker threads @return this */
    public Builder workers(int v) {
      workers = v;
      return this;
    }

    /** @param v batches prepared ahead @return this */
    public Builder prefetchBatches(int v) {
      prefetchBatches = v;
      return this;
    }

    /** @param v training device @return this */
    public Builder device(Device v) {
      device = v;
      return this;
    }

    /** @return the validated settings */
    public TrainingSettings build() {
      return new TrainingSettings(name, outputDir, epochs, earlyStopping, topK, batchSize, validationBatchSize,
          accumulationSteps, gradientClipping, learningRate, weightDecay, triplets, seed, freezeEncoderEpochs,
          uptrainFrom, uptrainAllowMissing, workers, prefetchBatches, device);
    }
  }
}
