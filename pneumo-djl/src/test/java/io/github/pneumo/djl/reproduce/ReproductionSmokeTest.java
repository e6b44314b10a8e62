package io.github.pneumo.djl.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.maps.MapStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the smoke profile of every experiment (albunet_valid and its restart, seunet, resnet50,
 * albunet_public) and of the two blends in one output folder, and checks the chain's artefacts (about a
 * minute on an idle 2-core machine).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReproductionSmokeTest {
  @TempDir static Path out;

  private static Reproduction.Summary run(String experiment, ByteArrayOutputStream log) {
    return Reproduction.builder(experiment).output(out).profile(Profile.SMOKE)
        .log(new PrintStream(log, true, StandardCharsets.UTF_8)).build().run();
  }

  private static String checkExperiment(String experiment, String name) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Reproduction.Summary s = run(experiment, log);
    Path dir = out.resolve("experiments").resolve(experiment);
    Path fold = dir.resolve("checkpoints").resolve("fold0");
    assertThat(s.parts()).extracting(Reproduction.PartOutcome::part).containsExactlyElementsOf(ExperimentResources.PARTS);
    assertThat(s.parts()).allSatisfy(p -> {
      assertThat(p.skipped()).isFalse();
      assertThat(p.epochs()).isEqualTo(1);
      assertThat(p.bestScore()).isBetween(0.0, 1.0);
    });
    // one summary.csv shared by the chained parts: one row per part
    List<String> rows = Files.readAllLines(fold.resolve("summary.csv"));
    assertThat(rows).hasSize(1 + ExperimentResources.PARTS.size());
    for (String part : ExperimentResources.PARTS) {
      assertThat(fold.resolve(part + ".done")).exists();
    }
    assertThat(dir.resolve("checkpoints").resolve(name + "_fold0.safetensors")).exists();
    assertThat(fold.resolve(name + "_fold0_epoch0.safetensors")).exists();
    assertThat(fold.resolve("resume.bin")).doesNotExist();
    // maps for every test image, at the cache's size
    MapStore maps = MapStore.existing(dir.resolve("maps"));
    assertThat(maps.ids()).hasSize(SmokeData.TEST_IMAGES);
    assertThat(maps.read(maps.ids().get(0)).width()).isEqualTo(SmokeData.SIZE);
    // the submission parses, in standard RLE, one row per sample-submission id
    Path sub = out.resolve("experiments/subs/2nd_stage_" + experiment + ".csv");
    assertThat(s.submission()).isEqualTo(sub);
    SiimLabels labels = SiimLabels.read(sub, RleCodec.standard(), SmokeData.SIZE, SmokeData.SIZE);
    SiimLabels sample = SiimLabels.read(out.resolve("data/sample_submission.csv"), RleCodec.standard(), SmokeData.SIZE,
        SmokeData.SIZE);
    assertThat(labels.imageIds()).containsExactlyElementsOf(sample.imageIds());
    assertThat(s.rows()).isEqualTo(SmokeData.TEST_IMAGES);
    assertThat(s.dice()).isBetween(0.0, 1.0);
    assertThat(s.line()).startsWith("reproduce " + experiment + " (smoke): 4 part-fold run(s), 0 skipped");
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void albunetValid() throws Exception {
    String log = checkExperiment("albunet_valid", "albunet_1024");
    // part0 names the ImageNet resnet34 file, which the smoke profile skips when absent
    assertThat(log).contains("albunet_valid part0: no ImageNet encoder weights resnet34-333f7ec4.pth, the encoder "
        + "starts from its seeded initialisation (smoke profile)");
    // the smoke profile scales the submit config's 1024² pixel area to 64²: round(800 / 256) = 3
    assertThat(log).contains("4 rows").contains("(standard RLE, triplet (0.75, 3, 0.4))").contains("mean Dice against ");
    assertThat(out.resolve("experiments/albunet_valid/2nd_stage_submit.effective.yaml")).doesNotExist();
  }

  @Test
  @Order(2)
  void rerunSkipsEveryFinishedPartAndKeepsTheMapsAndWritesOutOfFoldMaps() throws Exception {
    Path map = out.resolve("experiments/albunet_valid/maps");
    long before = Files.list(map).filter(p -> p.toString().endsWith(MapStore.SUFFIX)).count();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Reproduction.Summary s = Reproduction.builder("albunet_valid").output(out).profile(Profile.SMOKE).oof(true)
        .log(new PrintStream(log, true, StandardCharsets.UTF_8)).build().run();
    assertThat(s.parts()).allSatisfy(p -> assertThat(p.skipped()).isTrue());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("out-of-fold maps of (\\d+) validation images "
        + "\\(1 fold\\(s\\)\\) in (.*): (\\d+) written, 0 already there").matcher(log.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).as(log.toString(StandardCharsets.UTF_8)).isTrue();
    MapStore oof = MapStore.existing(out.resolve("experiments/albunet_valid/" + Reproduction.OOF_FOLDER));
    assertThat(oof.ids()).hasSize(Integer.parseInt(m.group(1))).isNotEmpty();
    assertThat(m.group(3)).isEqualTo(m.group(1));
    assertThat(oof.ids()).doesNotContainAnyElementsOf(MapStore.existing(map).ids());
    assertThat(Files.list(map).filter(p -> p.toString().endsWith(MapStore.SUFFIX)).count()).isEqualTo(before);
    assertThat(Files.readAllLines(out.resolve("experiments/albunet_valid/checkpoints/fold0/summary.csv"))).hasSize(5);
  }

  @Test
  @Order(3)
  void seunet() throws Exception {
    checkExperiment("seunet", "seunet");
  }

  @Test
  @Order(4)
  void resnet50() throws Exception {
    checkExperiment("resnet50", "resnet50");
  }

  @Test
  @Order(5)
  void albunetPublic() throws Exception {
    checkExperiment("albunet_public", "albunet_1024");
  }

  @Test
  @Order(6)
  void blendsUseTheFourExperimentsMaps() {
    for (String blend : ExperimentResources.BLENDS) {
      Reproduction.Summary s = run(blend, new ByteArrayOutputStream());
      assertThat(s.submission()).isEqualTo(out.resolve("experiments/subs/" + blend + ".csv"));
      assertThat(s.rows()).isEqualTo(SmokeData.TEST_IMAGES);
    }
  }

  @Test
  @Order(7)
  void theFullProfileNeedsTheImageNetFileBeforeTrainingPart0(@TempDir Path empty) {
    assertThatThrownBy(() -> Reproduction.builder("seunet").output(empty).data(out.resolve("data"))
        .folds(List.of("0")).log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .build().run())
        .isInstanceOf(ReproductionException.class)
        .hasMessage("seunet part0 initialises its encoder from se_resnext50_32x4d-a260b3a4.pth (ENCODER_WEIGHTS), "
            + "which is not at " + empty.resolve("weights/se_resnext50_32x4d-a260b3a4.pth") + ": get it as "
            + "docs/weights.md says and put it there or pass --encoder-weights DIR");
    assertThat(empty.resolve("experiments/seunet/checkpoints/fold0/part0.done")).doesNotExist();
  }

  @Test
  void blendWithoutMapsNamesTheMissingExperiment(@TempDir Path empty) {
    // reuse the generated data to avoid generating it twice
    assertThatThrownBy(() -> Reproduction.builder("2nd_stage-v2").output(empty).data(out.resolve("data"))
        .profile(Profile.SMOKE).build().run())
        .isInstanceOf(ReproductionException.class)
        .hasMessageContaining("run pneumo reproduce albunet_valid first");
  }
}
