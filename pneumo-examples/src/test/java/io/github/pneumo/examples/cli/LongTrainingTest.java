package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.djl.experiment.Experiment;
import io.github.pneumo.djl.experiment.ExperimentReader;
import io.github.pneumo.djl.experiment.ExperimentRunner;
import io.github.pneumo.djl.training.EpochResult;
import io.github.pneumo.djl.training.FoldResult;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A longer learning run (profile {@code -Plong-tests}): AlbuNet with the original's recipe (ComboLoss
 * 3/1/4, Adam 1e-4 with coupled L2, clipping 0.1, plateau schedule, sampler 0.8, complex augmentations)
 * on synthetic chest radiographs at 128², one fold. The score must clearly beat the all-empty baseline.
 * Set {@code -Dpneumo.long.dir=DIR} to keep the outputs. Results are in docs/training.md.
 */
@Tag("long")
class LongTrainingTest {

  @Test
  void albuNetLearnsSyntheticPneumothoraxAt128() throws Exception {
    Path dir = Path.of(System.getProperty("pneumo.long.dir", Files.createTempDirectory("pneumo-long").toString()));
    int epochs = Integer.getInteger("pneumo.long.epochs", 12);
    SyntheticDataset.builder().train(240).test(0).size(128).seed(11).folds(5).build().write(dir.resolve("data"));
    PneumoCli cli = new PneumoCli(PneumoCli.defaultCommands(), System.out, System.err);
    assertThat(cli.run(List.of("prepare", "--data", dir.resolve("data").toString(), "--out",
        dir.resolve("cache").toString(), "--size", "128"))).isZero();
    Files.writeString(dir.resolve("part0.yaml"), """
        name: albunet_128
        output: experiment
        data: {cache: cache, folds_file: data/folds.csv, folds: [0]}
        model: {architecture: albunet}
        loss: {bce: 3, dice: 1, focal: 4}
        optimizer: {lr: 0.0001, weight_decay: 0.000005}
        scheduler: {class: ReduceLROnPlateau, args: {mode: max, factor: 0.1, patience: 2, threshold: 0.0000001, min_lr: 0.0000001}}
        sampler: {rate: 0.8}
        transforms: {size: 128, train: train_complex_old, valid: valid_old}
        triplets: [[0.75, 16, 0.3], [0.75, 16, 0.4], [0.75, 32, 0.3], [0.75, 32, 0.4],
                   [0.6, 32, 0.3], [0.6, 32, 0.4], [0.6, 48, 0.3], [0.6, 48, 0.4]]
        epochs: %d
        early_stopping: 10
        top_k: 3
        batch_size: 4
        gradient_clipping: 0.1
        workers: 2
        """.formatted(epochs));
    Experiment config = ExperimentReader.read(dir.resolve("part0.yaml"));
    PrintStream out = System.out;
    FoldResult r = ExperimentRunner.trainFold(config, "0", false, new TrainingListener() {
      @Override
      public void epochFinished(EpochResult e) {
        out.printf(Locale.ROOT, "epoch %d lr %.1e loss %.4f %s score %.4f%n", e.epoch(), e.learningRate(),
            e.meanLoss(), e.lossComponents(), e.score());
      }
    });
    double baseline = emptyBaseline(dir);
    out.printf(Locale.ROOT, "best %.4f (epoch %d), all-empty baseline %.4f%n", r.bestScore(), r.bestEpoch(), baseline);
    assertThat(r.epochs().get(r.epochs().size() - 1).meanLoss()).isLessThan(r.epochs().get(0).meanLoss());
    assertThat(r.bestScore()).isGreaterThan(baseline + 0.05);
  }

  /** The share of validation images of fold 0 without pneumothorax. */
  private static double emptyBaseline(Path dir) {
    io.github.pneumo.data.Folds folds = io.github.pneumo.data.Folds.read(dir.resolve("data/folds.csv"));
    List<io.github.pneumo.data.Folds.Entry> valid = folds.validation("0");
    return valid.stream().filter(e -> !e.positive()).count() / (double) valid.size();
  }
}
