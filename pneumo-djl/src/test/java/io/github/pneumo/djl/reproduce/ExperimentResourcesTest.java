package io.github.pneumo.djl.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.TripletThreshold;
import io.github.pneumo.djl.experiment.ConfigException;
import io.github.pneumo.djl.experiment.Experiment;
import io.github.pneumo.djl.experiment.ExperimentReader;
import io.github.pneumo.djl.experiment.LossWeights;
import io.github.pneumo.training.SchedulerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled configs carry the original's parameters (spec §6, §8, §9). */
class ExperimentResourcesTest {

  @Test
  void indexListsEveryConfigOfEveryExperiment() {
    List<String> files = ExperimentResources.files();
    for (String exp : ExperimentResources.EXPERIMENTS) {
      for (String part : ExperimentResources.PARTS) {
        assertThat(files).contains(exp + "/" + ExperimentResources.trainConfig(part));
      }
      assertThat(files).contains(exp + "/" + ExperimentResources.INFERENCE, exp + "/" + ExperimentResources.SUBMIT);
    }
    files.forEach(f -> assertThat(ExperimentResources.bytes(f)).isNotEmpty());
  }

  @Test
  void trainingConfigsCarryTheOriginalsParameters(@TempDir Path dir) {
    ExperimentResources.extract(dir);
    Experiment p0 = ExperimentReader.read(dir.resolve("albunet_valid/train_config_part0.yaml"));
    assertThat(p0.loss()).isEqualTo(new LossWeights(3, 1, 4));
    assertThat(p0.training().learningRate()).isEqualTo(1e-4);
    assertThat(p0.scheduler()).isEqualTo(SchedulerSpec.Plateau.original());
    assertThat(p0.training().topK()).isEqualTo(5);
    assertThat(p0.training().earlyStopping()).isEqualTo(10);
    assertThat(p0.sampleRate().rate(0)).isEqualTo(0.8);
    assertThat(p0.training().triplets()).isEqualTo(TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS);
    Experiment se2 = ExperimentReader.read(dir.resolve("seunet/train_config_2nd_stage.yaml"));
    assertThat(se2.training().weightDecay()).isEqualTo(5e-7);
    assertThat(se2.scheduler()).isEqualTo(new SchedulerSpec.Cosine(8, 1e-8));
    assertThat(se2.sampleRate().rate(0)).isEqualTo(0.5);
    assertThat(se2.training().epochs()).isEqualTo(40);
    assertThat(se2.foldsFile().getFileName().toString()).isEqualTo("2nd_stage_folds.csv.gz");
    Experiment pub1 = ExperimentReader.read(dir.resolve("albunet_public/train_config_part1.yaml"));
    assertThat(pub1.sampleRate().rate(0)).isEqualTo(0.4);
    assertThat(pub1.loss()).isEqualTo(new LossWeights(1, 1, 1));
    Experiment pub2 = ExperimentReader.read(dir.resolve("albunet_public/train_config_2nd_stage.yaml"));
    assertThat(pub2.sampleRate()).isNotNull();
    assertThat(pub2.training().uptrainCheckpoint("3")).isEqualTo(dir.resolve("albunet_public/checkpoints/albunet_1024_fold3.safetensors"));
    Experiment r0 = ExperimentReader.read(dir.resolve("resnet50/train_config_part0.yaml"));
    assertThat(r0.trainTransforms().preset()).isEqualTo("train_complex");
    assertThat(r0.loss()).isEqualTo(new LossWeights(2, 1, 2));
    Experiment r2 = ExperimentReader.read(dir.resolve("resnet50/train_config_2nd_stage.yaml"));
    assertThat(r2.trainTransforms().preset()).as("the original's _old 2nd stage").isEqualTo("train_complex_old");
    assertThat(r2.validTransforms().preset()).isEqualTo("valid_old");
  }

  @Test
  void part0ConfigsInitialiseTheEncoderFromTheOriginalsImageNetFiles(@TempDir Path dir) {
    ExperimentResources.extract(dir);
    java.util.Map<String, String> expected = java.util.Map.of(
        "albunet_valid", "resnet34-333f7ec4.pth 333f7ec4", "albunet_public", "resnet34-333f7ec4.pth 333f7ec4",
        "resnet50", "resnet50-19c8e357.pth 19c8e357", "seunet", "se_resnext50_32x4d-a260b3a4.pth a260b3a4");
    expected.forEach((exp, fileAndSha) -> {
      Experiment p0 = ExperimentReader.read(dir.resolve(exp + "/train_config_part0.yaml"));
      assertThat(p0.encoderWeights().file()).isEqualTo(dir.getParent().resolve("weights")
          .resolve(fileAndSha.split(" ")[0]));
      assertThat(p0.encoderWeights().sha256()).isEqualTo(fileAndSha.split(" ")[1]);
      for (String part : List.of("part1", "part2", "2nd_stage")) {
        assertThat(ExperimentReader.read(dir.resolve(exp + "/" + ExperimentResources.trainConfig(part)))
            .encoderWeights()).as(exp + " " + part).isNull();
      }
    });
  }

  @Test
  void inferenceConfigsCarryTheSelectedEpochs(@TempDir Path dir) {
    ExperimentResources.extract(dir);
    EnsembleConfig r = EnsembleConfig.read(dir.resolve("resnet50/" + ExperimentResources.INFERENCE));
    assertThat(r.transforms()).isEqualTo("valid");
    assertThat(r.selectedEpochs().get("3")).containsExactly(0, 2, 45);
    EnsembleConfig pub = EnsembleConfig.read(dir.resolve("albunet_public/" + ExperimentResources.INFERENCE));
    assertThat(pub.name()).isEqualTo("albunet_1024");
    assertThat(pub.flip()).isTrue();
    assertThat(r.checkpointsFolder()).isEqualTo(dir.resolve("resnet50/checkpoints"));
    assertThat(r.topK()).isZero();
    assertThat(r.checkpoint("fold3/resnet50_fold3_epoch45"))
        .isEqualTo(dir.resolve("resnet50/checkpoints/fold3/resnet50_fold3_epoch45.safetensors"));
    assertThat(r.withSelection("epochs").selection()).isEqualTo("epochs");
  }

  @Test
  void epochSelectionFindsTheOriginalsPthCheckpointsAndNamesTheMissingOnes(@TempDir Path dir) throws Exception {
    ExperimentResources.extract(dir);
    EnsembleConfig r = EnsembleConfig.read(dir.resolve("resnet50/" + ExperimentResources.INFERENCE))
        .withSelection("epochs");
    Path original = dir.resolve("resnet50/checkpoints/fold3/resnet50_fold3_epoch45.pth");
    Files.createDirectories(original.getParent());
    Files.write(original, new byte[] {1});
    assertThat(r.checkpoint("fold3/resnet50_fold3_epoch45")).isEqualTo(original);
    Path absent = r.checkpoint("fold3/resnet50_fold3_epoch2");
    assertThatThrownBy(() -> r.model(List.of(original, absent))).isInstanceOf(ReproductionException.class)
        .hasMessageContaining("1 selected checkpoint(s) do not exist")
        .hasMessageContaining("resnet50_fold3_epoch2.safetensors")
        .hasMessageContaining("SELECTED_EPOCHS are the original's hand-picked epochs");
    assertThatThrownBy(() -> r.withSelection("top3")).isInstanceOf(ReproductionException.class)
        .hasMessageContaining("top_k, epochs or best");
  }

  @Test
  void extractKeepsAnEditedConfig(@TempDir Path dir) throws Exception {
    ExperimentResources.extract(dir);
    Path f = dir.resolve("seunet/" + ExperimentResources.SUBMIT);
    Files.writeString(f, "edited");
    ExperimentResources.extract(dir);
    assertThat(Files.readString(f)).isEqualTo("edited");
  }

  @Test
  void inferenceConfigRejectsAnUnknownKey(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("i.yaml");
    Files.writeString(f, "NAME: a\nMODEL: albunet\nTEST_TRANSFORMS: valid_old\nSIZE: 64\nFLIP: true\n"
        + "USEFOLDS: [0]\nCHECKPOINTS: best\nRESULT: maps\nSUBMIT_BEST: true\n");
    assertThatThrownBy(() -> EnsembleConfig.read(f)).isInstanceOf(ConfigException.class)
        .hasMessage(f + " line 9: unknown key 'SUBMIT_BEST'");
  }

  @Test
  void unknownExperimentIsNamed() {
    assertThatThrownBy(() -> Reproduction.builder("albunet")).isInstanceOf(ReproductionException.class)
        .hasMessageContaining("albunet_valid");
  }
}
