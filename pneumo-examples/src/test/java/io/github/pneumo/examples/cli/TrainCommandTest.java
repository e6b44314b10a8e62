package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.synth.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth → prepare → train from the command line, then a second part that uptrains from the first. */
class TrainCommandTest {

  @Test
  void trainsAnExperimentPartFromYamlAndUptrainsTheNextPart(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    SyntheticDataset.builder().train(24).test(0).size(64).seed(5).positiveRate(0.5).folds(2).threads(2).build()
        .write(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PneumoCli cli = PneumoCli.withDefaultCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.run(List.of("prepare", "--data", data.toString(), "--out", dir.resolve("cache").toString(),
        "--size", "64", "--threads", "2"))).as(err.toString(StandardCharsets.UTF_8)).isZero();

    String part0 = """
        name: albunet_64
        output: experiment
        data: {cache: cache, folds_file: data/folds.csv, folds: [0]}
        model: {architecture: albunet}
        loss: {bce: 3, dice: 1, focal: 4}
        optimizer: {lr: 0.0003, weight_decay: 0.000005}
        scheduler: {class: ReduceLROnPlateau, args: {mode: max, factor: 0.1, patience: 2, threshold: 0.0000001, min_lr: 0.0000001}}
        sampler: {rate: 0.5}
        transforms: {size: 64, train: train_complex_old, valid: valid_old}
        triplets: [[0.75, 20, 0.3], [0.6, 40, 0.4]]
        epochs: 2
        early_stopping: 5
        top_k: 1
        batch_size: 4
        gradient_clipping: 0.1
        workers: 1
        """;
    Files.writeString(dir.resolve("part0.yaml"), part0);
    assertThat(cli.run(List.of("train", dir.resolve("part0.yaml").toString(), "--quiet")))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(dir.resolve("experiment/log/train_fold_0.log")))
        .contains("fold 0 epoch 1:").contains("bce").contains("focal");
    Path checkpoints = dir.resolve("experiment/checkpoints");
    assertThat(checkpoints.resolve("albunet_64_fold0.safetensors")).exists();
    try (Stream<Path> s = Files.list(checkpoints.resolve("fold0"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors"))).hasSize(1);
    }
    assertThat(Files.readAllLines(checkpoints.resolve("fold0/summary.csv")))
        .hasSize(3).first().isEqualTo("epoch,best_metric,\"(0.75, 20, 0.3)\",\"(0.6, 40, 0.4)\"");

    // part 1: uptrain from part 0's best checkpoint, another schedule and rate; rows accumulate
    String part1 = part0.replace("epochs: 2", "epochs: 1").replace("rate: 0.5", "rate: 0.4")
        .replace("scheduler: {class: ReduceLROnPlateau, args: {mode: max, factor: 0.1, patience: 2, threshold: 0.0000001, min_lr: 0.0000001}}",
            "scheduler: {class: CosineAnnealingLR, args: {T_max: 8, eta_min: 0.0000001}}")
        + "uptrain:\n  checkpoint: experiment/checkpoints/albunet_64_fold{fold}.safetensors\n";
    Files.writeString(dir.resolve("part1.yaml"), part1);
    assertThat(cli.run(List.of("train", dir.resolve("part1.yaml").toString(), "--fold", "0", "--quiet")))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readAllLines(checkpoints.resolve("fold0/summary.csv"))).hasSize(4);
    assertThat(Files.readString(dir.resolve("experiment/log/train_fold_0.log"))).contains("uptraining from");

    // a missing uptrain checkpoint is an error naming the file
    Files.writeString(dir.resolve("part2.yaml"), part1.replace("albunet_64_fold{fold}", "nothing_fold{fold}"));
    err.reset();
    assertThat(cli.run(List.of("train", dir.resolve("part2.yaml").toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing_fold0.safetensors");
    // an unknown key is an error naming it
    Files.writeString(dir.resolve("bad.yaml"), part0 + "EPOCHES: 3\n");
    err.reset();
    assertThat(cli.run(List.of("train", dir.resolve("bad.yaml").toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown key 'EPOCHES'");
  }
}
