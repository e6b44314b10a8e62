package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import io.github.pneumo.training.CheckpointHeap;
import io.github.pneumo.djl.weights.CheckpointFormat;
import io.github.pneumo.training.ConstantLr;
import io.github.pneumo.training.LearningRateScheduler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.training.loss.Loss;
import io.github.pneumo.djl.losses.SegmentationLoss;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationTrainerTest {

  static final SampleSource TRAIN = TinySegmentation.blobs(48, 32, 1);
  static final SampleSource VALID = TinySegmentation.blobs(16, 32, 2);

  static TrainingSettings.Builder settings(Path dir) {
    return TrainingSettings.builder("tiny", dir).epochs(4).earlyStopping(10).topK(2).batchSize(4)
        .learningRate(0.01).weightDecay(1e-5).gradientClipping(1.0).triplets(TinySegmentation.smallTriplets())
        .workers(2).prefetchBatches(3);
  }

  static SegmentationTrainer trainer(TrainingSettings s, Model model, LearningRateScheduler schedule) {
    return SegmentationTrainer.builder().settings(s).model(model)
        .loss(SegmentationLoss.of(Loss.sigmoidBinaryCrossEntropyLoss()))
        .training(TRAIN, TinySegmentation.shuffle(TRAIN.size(), s.seed()), SampleEncoder.plain())
        .validation(VALID, SampleEncoder.plain())
        .schedule(schedule).encoderFreeze(TinySegmentation.freeze(model))
        .build();
  }

  @Test
  void learnsAndKeepsSummaryBestAndTopK(@TempDir Path dir) throws Exception {
    TrainingSettings s = settings(dir).build();
    try (Model model = TinySegmentation.model(7)) {
      SegmentationTrainer t = trainer(s, model, new ConstantLr(s.learningRate()));
      FoldResult r = t.train("0", false);

      assertThat(r.epochs()).hasSize(4);
      assertThat(r.epochs().get(3).meanLoss()).isLessThan(r.epochs().get(0).meanLoss() * 0.8);
      assertThat(r.bestScore()).isGreaterThan(TinySegmentation.allEmptyBaseline(VALID) + 0.2);

      // summary.csv: header with quoted triplet columns, one row per epoch matching the results
      List<String> lines = Files.readAllLines(t.foldDirectory("0").resolve("summary.csv"), StandardCharsets.UTF_8);
      assertThat(lines.get(0)).isEqualTo("epoch,best_metric,\"(0.75, 10, 0.3)\",\"(0.75, 10, 0.5)\",\"(0.6, 20, 0.4)\"");
      assertThat(lines).hasSize(5);
      for (int e = 0; e < 4; e++) {
        EpochResult er = r.epochs().get(e);
        String[] cells = lines.get(e + 1).split(",");
        assertThat(Integer.parseInt(cells[0])).isEqualTo(e);
        assertThat(Double.parseDouble(cells[1])).isEqualTo(er.score());
        double max = Math.max(er.tripletScores()[0], Math.max(er.tripletScores()[1], er.tripletScores()[2]));
        assertThat(er.score()).isEqualTo(max);
      }

      // top-2 heap: exactly the two best epochs' files remain, the others were deleted
      List<Integer> byScore = r.epochs().stream()
          .sorted((a, b) -> Double.compare(b.score(), a.score())).map(EpochResult::epoch).toList();
      try (Stream<Path> files = Files.list(t.foldDirectory("0"))) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".params")).sorted())
            .containsExactlyInAnyOrder("tiny_fold0_epoch" + byScore.get(0) + ".params",
                "tiny_fold0_epoch" + byScore.get(1) + ".params");
      }
      assertThat(r.topK()).extracting(CheckpointHeap.Entry::epoch).containsExactly(byScore.get(0), byScore.get(1));
      assertThat(r.bestCheckpoint()).isEqualTo(dir.resolve("checkpoints/tiny_fold0.params")).exists();
      assertThat(t.resumeFile("0")).doesNotExist();
      assertThat(dir.resolve("log/train_fold_0.log")).content().contains("fold 0 epoch 3");
    }
  }

  @Test
  void noArrayOutlivesItsStep(@TempDir Path dir) throws Exception {
    TrainingSettings s = settings(dir).epochs(5).build();
    try (Model model = TinySegmentation.model(7)) {
      List<Integer> live = new java.util.ArrayList<>();
      SegmentationTrainer t = SegmentationTrainer.builder().settings(s).model(model)
          .loss(SegmentationLoss.of(Loss.sigmoidBinaryCrossEntropyLoss()))
          .training(TRAIN, TinySegmentation.shuffle(TRAIN.size(), 1), SampleEncoder.plain())
          .validation(VALID, SampleEncoder.plain())
          .schedule(new ConstantLr(0.01))
          .listener(new TrainingListener() {
            @Override
            public void epochFinished(EpochResult result) {
              live.add(model.getNDManager().getManagedArrays().size());
            }
          }).build();
      int before = model.getNDManager().getManagedArrays().size();
      t.train("0", false);
      // after the first epoch only the optimizer's moments (2 per trainable parameter) are new
      assertThat(live).hasSize(5).allMatch(n -> n.equals(live.get(0)));
      assertThat(model.getNDManager().getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void stopsAfterPatiencePlusOneEpochsWhenTheInheritedBestIsNeverBeaten(@TempDir Path dir) throws Exception {
    TrainingSettings s = settings(dir).epochs(10).earlyStopping(2).build();
    Path summary = dir.resolve("checkpoints/fold1/summary.csv");
    Files.createDirectories(summary.getParent());
    Files.writeString(summary, "epoch,best_metric,\"(0.75, 10, 0.3)\",\"(0.75, 10, 0.5)\",\"(0.6, 20, 0.4)\"\n"
        + "0,1.5,1.5,1.0,1.0\n");
    try (Model model = TinySegmentation.model(7)) {
      FoldResult r = trainer(s, model, new ConstantLr(1e-3)).train("1", false);
      assertThat(r.epochs()).hasSize(3);
      assertThat(r.stoppedEarly()).isTrue();
      assertThat(r.bestScore()).isEqualTo(1.5);
      assertThat(r.bestEpoch()).isEqualTo(-1);
      assertThat(r.bestCheckpoint()).isNull();
      assertThat(Files.readAllLines(summary)).hasSize(5).element(1).isEqualTo("0,1.5,1.5,1.0,1.0");
    }
  }

  @Test
  void uptrainsAtAnotherSizeAndInheritsTheBestScore(@TempDir Path dir) throws Exception {
    TrainingSettings part0 = settings(dir).epochs(2).build();
    double best0;
    try (Model model = TinySegmentation.model(7)) {
      best0 = trainer(part0, model, new ConstantLr(0.01)).train("0", false).bestScore();
    }
    SampleSource train64 = TinySegmentation.blobs(16, 64, 3);
    SampleSource valid64 = TinySegmentation.blobs(8, 64, 4);
    TrainingSettings part1 = settings(dir).epochs(1).learningRate(1e-3).freezeEncoderEpochs(1)
        .uptrain(dir.resolve("checkpoints/tiny_fold{fold}.params").toString(), false).build();
    try (Model model = TinySegmentation.model(99)) {
      float[] encoderBefore = model.getBlock().getChildren().get(0).getValue().getParameters().valueAt(0).getArray().toFloatArray();
      SegmentationTrainer t = SegmentationTrainer.builder().settings(part1).model(model)
          .loss(SegmentationLoss.of(Loss.sigmoidBinaryCrossEntropyLoss()))
          .training(train64, TinySegmentation.shuffle(16, 5), SampleEncoder.plain())
          .validation(valid64, SampleEncoder.plain())
          .schedule(new ConstantLr(1e-3)).encoderFreeze(TinySegmentation.freeze(model)).build();
      FoldResult r = t.train("0", false);
      float[] encoderAfter = model.getBlock().getChildren().get(0).getValue().getParameters().valueAt(0).getArray().toFloatArray();
      // the uptrain checkpoint replaced the fresh weights, and the frozen encoder kept the loaded values
      try (Model reference = TinySegmentation.model(1)) {
        CheckpointFormat.djl().load(reference, dir.resolve("checkpoints/tiny_fold0.params"));
        float[] loaded = reference.getBlock().getChildren().get(0).getValue().getParameters().valueAt(0).getArray()
            .toFloatArray();
        assertThat(encoderAfter).isEqualTo(loaded).isNotEqualTo(encoderBefore);
      }
      assertThat(r.epochs().get(0).bestScore()).isGreaterThanOrEqualTo(best0);
      assertThat(Files.readAllLines(t.foldDirectory("0").resolve("summary.csv"))).hasSize(4);
    }
    TrainingSettings missing = settings(dir).uptrain(dir.resolve("nowhere_{fold}.params").toString(), false).build();
    try (Model model = TinySegmentation.model(7)) {
      assertThatThrownBy(() -> trainer(missing, model, new ConstantLr(0.01)).train("3", false))
          .isInstanceOf(TrainingException.class).hasMessageContaining("nowhere_3.params");
    }
  }

  @Test
  void refusesToOverwriteAnUnfinishedRun(@TempDir Path dir) throws Exception {
    TrainingSettings s = settings(dir).build();
    Path resume = dir.resolve("checkpoints/fold0/resume.bin");
    Files.createDirectories(resume.getParent());
    Files.writeString(resume, "x");
    try (Model model = TinySegmentation.model(7)) {
      assertThatThrownBy(() -> trainer(s, model, new ConstantLr(0.01)).train("0", false))
          .isInstanceOf(TrainingException.class).hasMessageContaining("--resume");
      assertThatThrownBy(() -> trainer(s, model, new ConstantLr(0.01)).train("0", true))
          .isInstanceOf(TrainingException.class).hasMessageContaining("resume.bin");
    }
  }
}
