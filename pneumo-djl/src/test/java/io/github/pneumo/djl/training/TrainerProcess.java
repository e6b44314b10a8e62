package io.github.pneumo.djl.training;

import io.github.pneumo.training.LearningRateScheduler;
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
          .loss(io.github.pneumo.djl.losses.SegmentationLoss.of(ai.djl.training.loss.Loss.sigmoidBinaryCrossEntropyLoss()))
          .training(SegmentationTrainerTest.TRAIN, TinySegmentation.shuffle(SegmentationTrainerTest.TRAIN.size(), s.seed()),
              SampleEncoder.plain())
          .validation(SegmentationTrainerTest.VALID, SampleEncoder.plain())
          .schedule(new io.github.pneumo.training.ReduceLrOnPlateau(s.learningRate(), 0.5, 0, 1e-7, 0, 1e-6, 1e-8))
          .encoderFreeze(TinySegmentation.freeze(model))
          .listener(new TrainingListener() {
            @Override
            public void batchTrained(int batch, int batches, java.util.Map<String, Double> runningMeans) {
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
}
