package io.github.pneumo.djl.training;

import ai.djl.Model;
import java.nio.file.Path;

/**
 * A training run in its own JVM, for the kill-and-resume test: {@code TrainerProcess DIR EPOCHS
 * resume|fresh}. Each batch sleeps a little so that a kill lands at arbitrary points of an epoch.
 */
public final class TrainerProcess {

  private TrainerProcess() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    boolean resume = args[2].equals("resume");
    TrainingSettings s = SegmentationTrainerTest.settings(dir).epochs(epochs).earlyStopping(100).topK(2)
        .freezeEncoderEpochs(1).build();
    try (Model model = TinySegmentation.model(7)) {
      SegmentationTrainer t = SegmentationTrainer.builder().settings(s).model(model)
          .loss(ai.djl.training.loss.Loss.sigmoidBinaryCrossEntropyLoss())
          .training(SegmentationTrainerTest.TRAIN, TinySegmentation.shuffle(SegmentationTrainerTest.TRAIN.size(), s.seed()),
              SampleEncoder.plain())
          .validation(SegmentationTrainerTest.VALID, SampleEncoder.plain())
          .schedule(new HalvingSchedule(s.learningRate()))
          .encoderFreeze(TinySegmentation.freeze(model))
          .listener(new TrainingListener() {
            @Override
            public void batchTrained(int batch, int batches, double loss, double meanLoss) {
              try {
                Thread.sleep(30);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          })
          .build();
      t.train("0", resume);
    }
  }

  /** A stateful schedule (halves the rate when the score does not improve) to prove its state is resumed. */
  static final class HalvingSchedule implements LearningRateSchedule {
    private double lr;
    private double best = -1;

    HalvingSchedule(double lr) {
      this.lr = lr;
    }

    @Override
    public double learningRate() {
      return lr;
    }

    @Override
    public void step(double score) {
      if (score > best) {
        best = score;
      } else {
        lr /= 2;
      }
    }

    @Override
    public String saveState() {
      return lr + " " + best;
    }

    @Override
    public void restoreState(String state) {
      String[] p = state.split(" ");
      lr = Double.parseDouble(p[0]);
      best = Double.parseDouble(p[1]);
    }
  }
}
