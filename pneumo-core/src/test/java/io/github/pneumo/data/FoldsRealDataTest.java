package io.github.pneumo.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.testdata.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original folds files against spec §11. */
class FoldsRealDataTest {

  /** The original 5-fold file (shared data: skips without -Dpneumo.shared.dir). */
  static Path folds5() {
    return TestData.shared("data/folds/train_folds_5.csv.gz");
  }

  /** The original second-stage folds file (shared data). */
  static Path folds2nd() {
    return TestData.shared("data/folds/2nd_stage_folds.csv.gz");
  }

  @Test
  void trainFolds5MatchesSpec() {
    Folds f = Folds.read(folds5());
    assertThat(f.size()).isEqualTo(10_679);
    assertThat(f.positiveIds()).hasSize(2_379);
    assertThat(f.foldNames()).containsExactly("0", "1", "2", "3", "4");
    int[][] expected = {{2137, 469}, {2135, 464}, {2134, 484}, {2138, 480}, {2135, 482}};
    for (int k = 0; k < 5; k++) {
      List<Folds.Entry> v = f.validation(Integer.toString(k));
      assertThat(v).as("fold %s", k).hasSize(expected[k][0]);
      assertThat(v.stream().filter(Folds.Entry::positive).count()).isEqualTo(expected[k][1]);
      assertThat(f.training(Integer.toString(k))).hasSize(10_679 - expected[k][0]);
    }
    assertThat(f.entries().get(0).imageId()).isEqualTo("1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027");
  }

  @Test
  void secondStageFoldsMatchSpec() {
    Folds f2 = Folds.read(folds2nd());
    Folds f5 = Folds.read(folds5());
    assertThat(f2.size()).isEqualTo(12_047);
    assertThat(f2.positiveIds()).hasSize(2_669);
    assertThat(f2.foldNames()).containsExactly("0", "1", "2", "3", "4", "stage_2");
    List<Folds.Entry> stage2 = f2.validation("stage_2");
    assertThat(stage2).hasSize(1_372);
    assertThat(stage2.stream().filter(Folds.Entry::positive).count()).isEqualTo(290);
    // stage_2 rows are always training rows
    for (String fold : List.of("0", "1", "2", "3", "4")) {
      assertThat(f2.trainingIds(fold)).containsAll(f2.validationIds("stage_2"));
    }
    // the first 10,675 rows are train_folds_5 minus 4 negatives, same order, fold and label
    List<Folds.Entry> head = f2.entries().subList(0, 10_675);
    List<Folds.Entry> expected = f5.entries().stream().filter(e -> f2.contains(e.imageId())).toList();
    assertThat(head).isEqualTo(expected);
    List<Folds.Entry> dropped = f5.entries().stream().filter(e -> !f2.contains(e.imageId())).toList();
    assertThat(dropped).hasSize(4).noneMatch(Folds.Entry::positive);
    assertThat(dropped).extracting(Folds.Entry::imageId).anyMatch(id -> id.endsWith("4843.1517875185.73985"));
  }

  @Test
  void foldLabelsAgreeWithTheLabelSet() {
    SiimLabels labels = SharedData.fullLabels();
    Folds f2 = Folds.read(folds2nd());
    assertThat(new HashSet<>(f2.trainingIds("none"))).isEqualTo(new HashSet<>(labels.imageIds()));
    for (Folds.Entry e : f2.entries()) {
      assertThat(labels.isPositive(e.imageId())).as(e.imageId()).isEqualTo(e.positive());
    }
  }

  @Test
  void writeReproducesTheOriginalFileByteForByte(@TempDir Path dir) throws Exception {
    Folds f = Folds.read(folds2nd());
    Path out = dir.resolve("folds.csv");
    f.write(out);
    String original = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(folds2nd())).readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Files.readString(out)).isEqualTo(original);
    Path gz = dir.resolve("folds.csv.gz");
    f.write(gz);
    assertThat(Folds.read(gz).entries()).isEqualTo(f.entries());
  }

  @Test
  void stratifiedFoldsOfTheRealLabelsAreBalanced() {
    SiimLabels labels = SharedData.fullLabels();
    Folds f = Folds.stratified(labels, 5, 42);
    assertThat(f.size()).isEqualTo(12_047);
    Set<String> seen = new HashSet<>();
    for (String fold : f.foldNames()) {
      List<Folds.Entry> v = f.validation(fold);
      assertThat(v.size()).isBetween(12_047 / 5, 12_047 / 5 + 1);
      assertThat(v.stream().filter(Folds.Entry::positive).count()).isBetween(2_669L / 5, 2_669L / 5 + 1);
      v.forEach(e -> seen.add(e.imageId()));
    }
    assertThat(seen).hasSize(12_047);
    assertThat(Folds.stratified(labels, 5, 42).entries()).isEqualTo(f.entries());
    assertThat(Folds.stratified(labels, 5, 43).entries()).isNotEqualTo(f.entries());
  }
}
