package io.github.pneumo.djl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.training.SchedulerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReaderTest {

  /** albunet_valid part 0 of the original, in pneumo's schema. */
  static final String PART0 = """
      name: albunet_1024
      output: experiments/albunet_valid
      data:
        cache: ../input/cache1024
        folds_file: folds/train_folds_5.csv
        folds: [0, 1, 2, 3, 4]
      seed: 42
      devices: [cpu]
      workers: 12
      model:
        architecture: albunet
      uptrain:
        checkpoint: experiments/albunet_valid/checkpoints/albunet_1024_fold{fold}.safetensors
        allow_missing: true
      sampler:
        rate: 0.8
      transforms:
        size: 1024
        train: train_complex_old
        valid: valid_old
      loss: {bce: 3, dice: 1, focal: 4}
      optimizer:
        lr: 0.0001
        weight_decay: 0.000005
      scheduler:
        class: ReduceLROnPlateau
        args: {mode: max, factor: 0.1, patience: 2, threshold: 0.0000001, min_lr: 0.0000001}
      batch_size: 2
      accumulation_steps: 1
      gradient_clipping: 0.1
      epochs: 50
      early_stopping: 10
      top_k: 5
      triplets: [[0.75, 1000, 0.3], [0.75, 1000, 0.4], [0.75, 2000, 0.3], [0.75, 2000, 0.4],
                 [0.6, 2000, 0.3], [0.6, 2000, 0.4], [0.6, 3000, 0.3], [0.6, 3000, 0.4]]
      """;

  private static Path write(Path dir, String yaml) throws Exception {
    Path f = dir.resolve("train_config_part0.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void readsTheOriginalsPart0(@TempDir Path dir) throws Exception {
    Experiment c = ExperimentReader.read(write(dir, PART0));
    TrainingSettings t = c.training();
    assertThat(t.name()).isEqualTo("albunet_1024");
    assertThat(t.outputDir()).isEqualTo(dir.toAbsolutePath().resolve("experiments/albunet_valid"));
    assertThat(c.cache()).isEqualTo(dir.toAbsolutePath().resolve("../input/cache1024").normalize());
    assertThat(c.folds()).containsExactly("0", "1", "2", "3", "4");
    assertThat(c.architecture()).isEqualTo("albunet");
    assertThat(c.loss()).isEqualTo(new LossWeights(3, 1, 4));
    assertThat(t.learningRate()).isEqualTo(1e-4);
    assertThat(t.weightDecay()).isEqualTo(5e-6);
    assertThat(c.scheduler()).isEqualTo(SchedulerSpec.Plateau.original());
    assertThat(c.sampleRate()).isEqualTo(SlidingSampler.Schedule.constant(0.8));
    assertThat(t.triplets()).isEqualTo(TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS);
    assertThat(t.epochs()).isEqualTo(50);
    assertThat(t.earlyStopping()).isEqualTo(10);
    assertThat(t.topK()).isEqualTo(5);
    assertThat(t.gradientClipping()).isEqualTo(0.1);
    assertThat(t.batchSize()).isEqualTo(2);
    assertThat(t.workers()).isEqualTo(12);
    assertThat(t.device()).isEqualTo(Device.cpu());
    assertThat(t.uptrainCheckpoint("3")).isEqualTo(
        dir.toAbsolutePath().resolve("experiments/albunet_valid/checkpoints/albunet_1024_fold3.safetensors"));
    assertThat(t.uptrainAllowMissing()).isTrue();
    assertThat(c.trainTransforms().preset()).isEqualTo("train_complex_old");
    assertThat(c.trainTransforms().build().transforms()).isNotEmpty();
  }

  @Test
  void readsCosineSchedulesSlidingRatesAndDefaults(@TempDir Path dir) throws Exception {
    String yaml = PART0.replace("""
        scheduler:
          class: ReduceLROnPlateau
          args: {mode: max, factor: 0.1, patience: 2, threshold: 0.0000001, min_lr: 0.0000001}
        """, """
        scheduler: {class: CosineAnnealingLR, args: {T_max: 8, eta_min: 1e-7}}
        """).replace("  rate: 0.8", "  rate: {start: 0.8, end: 0.4, mode: step, epochs: 30, levels: 3}")
        .replaceAll("triplets: \\[\\[.*\\n.*\\n", "");
    Experiment c = ExperimentReader.read(write(dir, yaml));
    assertThat(c.scheduler()).isEqualTo(new SchedulerSpec.Cosine(8, 1e-7));
    assertThat(c.sampleRate()).isEqualTo(SlidingSampler.Schedule.step(0.8, 0.4, 30, 3));
    assertThat(c.sampleRate().rate(9)).isEqualTo(0.8);
    assertThat(c.sampleRate().rate(10)).isEqualTo(0.6);
    assertThat(c.sampleRate().rate(25)).isEqualTo(0.4);
    assertThat(c.training().triplets()).isEqualTo(TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS);
  }

  @Test
  void unknownKeysAreErrorsNamingTheKey(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0 + "EPOCHES: 3\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'EPOCHES'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("mode: max,", "mode: max, verbose: true,"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'scheduler.args.verbose'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("  architecture: albunet", "  architecture: albunet\n  pretrained: false"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'model.pretrained'");
  }

  @Test
  void outOfRangeAndMissingValuesAreErrorsNamingTheKey(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("top_k: 5", "top_k: 0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'top_k'").hasMessageContaining("got 0");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("rate: 0.8", "rate: 1.5"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sampler.rate'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("lr: 0.0001", "lr: -1"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'optimizer.lr'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("  architecture: albunet", "  architecture: vgg"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'model.architecture'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("  folds_file: folds/train_folds_5.csv\n", ""))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'data.folds_file' is missing");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("[0.6, 3000, 0.4]]", "[0.6, 3000, 1.4]]"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 35: key 'triplets[7][2]' must be in [0.0, 1.0], got '1.4'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("devices: [cpu]", "devices: [gpu0, gpu1]"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'devices'").hasMessageContaining("--fold");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("train: train_complex_old", "train: fancy"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'transforms.train'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("class: ReduceLROnPlateau", "class: StepLR"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'scheduler.class'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0.replace("batch_size: 2", "batch_size: two"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'batch_size'");
    assertThatThrownBy(() -> ExperimentReader.read(write(dir, PART0 + "seed: 1\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 36: duplicate key 'seed' (first at line 7)");
  }

  @Test
  void readsEncoderWeightsAsAPathOrAFileWithItsChecksum(@TempDir Path dir) throws Exception {
    assertThat(ExperimentReader.read(write(dir, PART0)).encoderWeights()).isNull();
    Experiment plain = ExperimentReader.read(write(dir, PART0 + "ENCODER_WEIGHTS: weights/resnet34-333f7ec4.pth\n"));
    assertThat(plain.encoderWeights().file()).isEqualTo(dir.toAbsolutePath().resolve("weights/resnet34-333f7ec4.pth"));
    assertThat(plain.encoderWeights().sha256()).isNull();
    Experiment checked = ExperimentReader.read(write(dir, PART0
        + "ENCODER_WEIGHTS:\n  file: /w/se_resnext50_32x4d-a260b3a4.pth\n  sha256: A260B3A4\n"));
    assertThat(checked.encoderWeights().file()).isEqualTo(Path.of("/w/se_resnext50_32x4d-a260b3a4.pth"));
    assertThat(checked.encoderWeights().sha256()).isEqualTo("a260b3a4");
    assertThat(checked.toBuilder().build().encoderWeights()).isEqualTo(checked.encoderWeights());
    Path badSha = write(dir, PART0 + "ENCODER_WEIGHTS: {file: w.pth, sha256: nothex}\n");
    assertThatThrownBy(() -> ExperimentReader.read(badSha)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("ENCODER_WEIGHTS").hasMessageContaining("hexadecimal");
    Path typo = write(dir, PART0 + "ENCODER_WEIGHTS: {file: w.pth, sha: 12}\n");
    assertThatThrownBy(() -> ExperimentReader.read(typo)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'ENCODER_WEIGHTS.sha'");
  }

  @Test
  void parsesDeviceNames() {
    assertThat(Devices.parse("cpu")).isEqualTo(Device.cpu());
    assertThat(Devices.parse("cuda:1")).isEqualTo(Device.gpu(1));
    assertThat(Devices.parse("gpu")).isEqualTo(Device.gpu(0));
    assertThatThrownBy(() -> Devices.parse("tpu")).isInstanceOf(ConfigException.class);
  }
}
