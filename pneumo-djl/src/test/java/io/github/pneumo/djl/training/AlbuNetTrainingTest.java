package io.github.pneumo.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.training.SchedulerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance on the real network: AlbuNet trains on a small generated set on CPU at 64², the
 * run crashes after an epoch and resumes to completion, the loss falls, the score beats the all-empty
 * baseline, summary.csv and the top-k checkpoints are right. (The kill -9 of a real process is in
 * {@link KillAndResumeTest}; early stopping in {@link SegmentationTrainerTest} and {@link EarlyStoppingTest}.)
 */
class AlbuNetTrainingTest {

  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void albuNetLearnsCrashesAndResumes(@TempDir Path dir) throws Exception {
    SampleSource train = TinySegmentation.blobs(32, 64, 11);
    SampleSource valid = TinySegmentation.blobs(16, 64, 12);
    TrainingSettings s = TrainingSettings.builder("albunet_64", dir).epochs(3).earlyStopping(10).topK(2)
        .batchSize(4).validationBatchSize(8).learningRate(3e-4).weightDecay(5e-6).gradientClipping(1.0)
        .triplets(List.of(new TripletThreshold(0.75, 30, 0.3), new TripletThreshold(0.6, 60, 0.4)))
        .freezeEncoderEpochs(1).workers(1).prefetchBatches(2).build();
    boolean[] crash = {true};
    FoldResult r = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try (Model model = SegmentationNetworks.create("albunet")) {
        SegmentationTrainer trainer = SegmentationTrainer.builder().settings(s).model(model)
            .loss(new DjlComboLoss(ComboLoss.builder().bce(3).dice(1).focal(4).build()))
            .training(train, TinySegmentation.shuffle(train.size(), 42), SampleEncoder.plain())
            .validation(valid, SampleEncoder.plain())
            .schedule(new SchedulerSpec.Cosine(8, 1e-6).create(s.learningRate()))
            .encoderFreeze(frozen -> SegmentationNetworks.setEncoderFrozen(model, frozen))
            .listener(new TrainingListener() {
              @Override
              public void epochFinished(EpochResult e) {
                if (crash[0] && e.epoch() == 1) {
                  throw new Crash();
                }
              }
            })
            .build();
        if (attempt == 0) {
          assertThatThrownBy(() -> trainer.train("0", false)).isInstanceOf(Crash.class);
          assertThat(trainer.resumeFile("0")).exists();
          crash[0] = false;
        } else {
          r = trainer.train("0", true);
        }
      }
    }
    assertThat(r.epochs()).extracting(EpochResult::epoch).containsExactly(0, 1, 2);
    assertThat(r.epochs().get(2).meanLoss()).isLessThan(r.epochs().get(0).meanLoss());
    assertThat(r.epochs().get(2).lossComponents()).containsOnlyKeys("bce", "dice", "focal");
    assertThat(r.bestScore()).isGreaterThan(TinySegmentation.allEmptyBaseline(valid));
    assertThat(Files.readAllLines(dir.resolve("checkpoints/fold0/summary.csv"))).hasSize(4);
    try (Stream<Path> files = Files.list(dir.resolve("checkpoints/fold0"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".params")))
          .containsExactlyInAnyOrderElementsOf(
              r.topK().stream().map(e -> "albunet_64_fold0_epoch" + e.epoch() + ".params").toList())
          .hasSize(2);
    }
    assertThat(dir.resolve("checkpoints/albunet_64_fold0.params")).exists();
    assertThat(dir.resolve("checkpoints/fold0/resume.bin")).doesNotExist();
  }
}
