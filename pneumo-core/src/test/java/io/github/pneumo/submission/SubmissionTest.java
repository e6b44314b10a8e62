package io.github.pneumo.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.maps.MapBlend;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.threshold.SearchResult;
import io.github.pneumo.threshold.ThresholdGrid;
import io.github.pneumo.threshold.ThresholdSearch;
import io.github.pneumo.threshold.ValidationSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTest {
  @TempDir Path tmp;

  private static final int SIDE = 32;

  /** Writes n maps and a truth CSV (relative RLE, one positive id with two rows). */
  private List<String> fixture(MapStore store, Path truthCsv, Path sampleCsv, int n) throws Exception {
    Random r = new Random(7);
    List<String> ids = new ArrayList<>();
    StringBuilder truth = new StringBuilder("ImageId, EncodedPixels\n");
    StringBuilder sample = new StringBuilder("ImageId,EncodedPixels\n");
    for (int i = 0; i < n; i++) {
      String id = String.format("img%03d", i);
      ids.add(id);
      boolean positive = r.nextBoolean();
      int cx = 4 + r.nextInt(SIDE - 8);
      int cy = 4 + r.nextInt(SIDE - 8);
      float[] v = new float[SIDE * SIDE];
      Mask.Builder t = Mask.builder(SIDE, SIDE);
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          double d = Math.hypot(x - cx, y - cy);
          v[y * SIDE + x] = (float) Math.max(0, Math.min(1, (positive ? 0.95 : 0.6) - d / 10 + 0.1 * r.nextGaussian()));
          if (positive && d < 5 + r.nextInt(2)) {
            t.set(x, y);
          }
        }
      }
      store.write(id, new ProbabilityMap(SIDE, SIDE, v));
      Mask m = t.build();
      if (i == 3 && !m.isEmpty()) { // split into two rows: the union is the truth
        Mask left = Mask.builder(SIDE, SIDE).setRun(0, (long) SIDE * SIDE / 2).build();
        truth.append(id).append(", ").append(RleCodec.relative().encode(intersect(m, left))).append('\n');
      }
      truth.append(id).append(", ").append(RleCodec.relative().encode(m)).append('\n');
      sample.append(id).append(",-1\n");
    }
    Files.writeString(truthCsv, truth.toString());
    Files.writeString(sampleCsv, sample.toString());
    return ids;
  }

  private static Mask intersect(Mask a, Mask b) {
    Mask.Builder out = Mask.builder(a.width(), a.height());
    for (int x = 0; x < a.width(); x++) {
      for (int y = 0; y < a.height(); y++) {
        if (a.get(x, y) && b.get(x, y)) {
          out.set(x, y);
        }
      }
    }
    return out.build();
  }

  @Test
  void submissionOfTheBestTripletScoresWhatTheSearchReported() throws Exception {
    MapStore store = MapStore.open(tmp.resolve("maps"));
    Path truthCsv = tmp.resolve("truth.csv");
    Path sampleCsv = tmp.resolve("sample.csv");
    List<String> ids = fixture(store, truthCsv, sampleCsv, 40);
    SiimLabels truth = SiimLabels.read(truthCsv, RleCodec.relative(), SIDE, SIDE);
    SiimLabels sample = SiimLabels.read(sampleCsv, RleCodec.relative(), SIDE, SIDE);
    ThresholdGrid grid = new ThresholdGrid(ThresholdGrid.parseDoubles("0.5:0.9:0.1"),
        ThresholdGrid.parseInts("0:40:5"), ThresholdGrid.parseDoubles("0.2:0.6:0.1"));
    SearchResult result = ThresholdSearch.of(grid, 2).search(ids.size(), i -> ValidationSample.of(ids.get(i),
        store.read(ids.get(i)), truth.mask(ids.get(i))));
    assertThat(result.bestScore()).isGreaterThan(0.5).isLessThan(1.0);

    for (RleCodec codec : List.of(RleCodec.relative(), RleCodec.standard())) {
      Path out = tmp.resolve("sub-" + codec.name() + ".csv");
      MapBlend maps = MapBlend.single(store);
      SubmissionRule rule = new SubmissionRule(result.best(), null, 0, false, SIDE);
      SubmissionWriter.Summary s = SubmissionWriter.write(out, sample, maps::contains,
          maps::read, rule, codec);
      assertThat(s.rows()).isEqualTo(40);
      SiimLabels written = SiimLabels.read(out, codec, SIDE, SIDE);
      assertThat(written.imageIds()).containsExactlyElementsOf(ids);
      assertThat(Files.readAllLines(out).get(0)).isEqualTo("ImageId,EncodedPixels");
      assertThat(written.rows()).extracting(SiimLabels.Row::encodedPixels).contains("-1");
      assertThat(written.positiveIds()).isNotEmpty();
      double dice = SubmissionScorer.meanDice(written, truth);
      assertThat(dice).isEqualTo(result.bestScore());
      // and another triplet of the grid
      TripletThreshold other = new TripletThreshold(0.6, 10, 0.3);
      SubmissionWriter.write(out, sample, maps::contains, maps::read,
          new SubmissionRule(other, null, 0, false, SIDE), codec);
      assertThat(SubmissionScorer.meanDice(SiimLabels.read(out, codec, SIDE, SIDE), truth))
          .isEqualTo(result.score(other));
    }
  }

  @Test
  void aSubmissionWritesTheSampleOrderAndScoresTheFileAsWritten() throws Exception {
    MapStore store = MapStore.open(tmp.resolve("maps"));
    Path truthCsv = tmp.resolve("truth.csv");
    Path sampleCsv = tmp.resolve("sample.csv");
    List<String> ids = fixture(store, truthCsv, sampleCsv, 20);
    TripletThreshold triplet = new TripletThreshold(0.7, 10, 0.4);
    SubmissionRule rule = new SubmissionRule(triplet, null, 0, false, SIDE);
    Path out = tmp.resolve("subs/sub.csv");
    Submission.Result r = Submission.of(MapBlend.single(store), sampleCsv, rule, RleCodec.standard(), out)
        .scoredAgainst(truthCsv, RleCodec.relative()).write();

    SiimLabels written = SiimLabels.read(out, RleCodec.standard(), SIDE, SIDE);
    SiimLabels truth = SiimLabels.read(truthCsv, RleCodec.relative(), SIDE, SIDE);
    assertThat(written.imageIds()).containsExactlyElementsOf(ids);
    assertThat(r.rows()).isEqualTo(20);
    assertThat(r.nonEmpty()).isEqualTo(written.positiveIds().size()).isPositive();
    assertThat(r.meanDice()).isEqualTo(SubmissionScorer.meanDice(written, truth));
    for (String id : ids) {
      assertThat(written.mask(id)).isEqualTo(rule.apply(store.read(id).toProbabilityMap(), 1));
    }
    assertThat(r.lines()).containsExactly(
        "wrote " + out + ": 20 rows, " + r.nonEmpty() + " non-empty (standard RLE, triplet (0.7, 10, 0.4))",
        String.format(java.util.Locale.ROOT, "mean Dice against %s: %.6f", truthCsv, r.meanDice()));

    Submission.Result unscored = Submission.of(MapBlend.single(store), sampleCsv, rule, RleCodec.relative(), out).write();
    assertThat(unscored.meanDice()).isNaN();
    assertThat(unscored.lines()).hasSize(1);
    assertThat(SiimLabels.read(out, RleCodec.relative(), SIDE, SIDE).positiveIds()).isEqualTo(written.positiveIds());
  }

  @Test
  void missingPredictionsAreNamed() throws Exception {
    MapStore store = MapStore.open(tmp.resolve("maps"));
    store.write("a", new ProbabilityMap(2, 2, new float[4]));
    Path sample = tmp.resolve("s.csv");
    Files.writeString(sample, "ImageId,EncodedPixels\na,-1\nb,-1\nc,-1\n");
    Path out = tmp.resolve("out.csv");
    MapBlend maps = MapBlend.single(store);
    assertThatThrownBy(() -> SubmissionWriter.write(out, SiimLabels.read(sample, RleCodec.relative(), 2, 2),
        maps::contains, maps::read,
        SubmissionRule.of(new TripletThreshold(0.5, 1, 0.5)), RleCodec.relative()))
        .isInstanceOf(PneumoException.class).hasMessageContaining("2 image id(s)").hasMessageContaining("b, c");
    assertThat(out).doesNotExist();
    assertThat(tmp.toFile().list()).containsExactlyInAnyOrder("maps", "s.csv");
  }

  @Test
  void leakRowsBypassTheGateAndSmallMasksAreResized() {
    ProbabilityMap map = new ProbabilityMap(2, 2, new float[] {0.5f, 0.1f, 0.1f, 0.1f});
    SubmissionRule rule = new SubmissionRule(new TripletThreshold(0.75, 1, 0.4), null, 0, false, 4);
    assertThat(rule.apply(map, 1).isEmpty()).isTrue(); // gate: nothing above 0.75
    Mask leak = rule.apply(map, 2); // two rows: p > bottom without the gate, resized to 4x4
    assertThat(leak.width()).isEqualTo(4);
    assertThat(leak.toRowMajor((byte) 1)).containsExactly(
        1, 1, 0, 0,
        1, 1, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0);
    SubmissionRule withLeak = new SubmissionRule(new TripletThreshold(0.75, 1, 0.4), 0.05, 0, false, 2);
    assertThat(withLeak.apply(map, 3).area()).isEqualTo(4);
  }
}
