package io.github.pneumo.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.testdata.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2 §3 acceptance on the real SIIM label set and the published sample CSV. */
class SiimLabelsRealDataTest {


  private static long[] ints(String rle) {
    return Arrays.stream(rle.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
  }

  @Test
  void fullLabelSetCountsAndExactRoundTripOfEveryRow() {
    SiimLabels labels = SharedData.fullLabels();
    assertThat(labels.rows()).hasSize(12_954);
    assertThat(labels.imageIds()).hasSize(12_047);
    RleCodec rel = RleCodec.relative();
    RleCodec std = RleCodec.standard();
    int nonEmptyRows = 0;
    for (SiimLabels.Row row : labels.rows()) {
      if (!row.isAnnotation()) {
        assertThat(row.encodedPixels()).isEqualTo("-1");
        continue;
      }
      nonEmptyRows++;
      Mask m = rel.decode(row.encodedPixels(), 1024, 1024);
      String again = rel.encode(m);
      assertThat(ints(again)).as("line %s", row.line()).containsExactly(ints(row.encodedPixels()));
      // relative -> standard -> relative is the identity, through masks and run for run
      String standard = std.encode(m);
      assertThat(std.decode(standard, 1024, 1024)).isEqualTo(m);
      assertThat(rel.transcode(row.encodedPixels(), std, 1024, 1024)).isEqualTo(standard);
      assertThat(std.transcode(standard, rel, 1024, 1024)).isEqualTo(again);
      assertThat(m.area()).isEqualTo(sumOfLengths(row.encodedPixels()));
    }
    assertThat(nonEmptyRows).isEqualTo(12_954 - (12_047 - 2_669));
    assertThat(labels.positiveIds()).hasSize(2_669);
    int nonEmptyMasks = 0;
    int maxAnnotations = 0;
    for (String id : labels.imageIds()) {
      maxAnnotations = Math.max(maxAnnotations, labels.annotationCount(id));
      if (!labels.mask(id).isEmpty()) {
        nonEmptyMasks++;
      }
    }
    assertThat(nonEmptyMasks).isEqualTo(2_669);
    assertThat(maxAnnotations).isEqualTo(10);
  }

  private static long sumOfLengths(String rle) {
    long[] t = ints(rle);
    long s = 0;
    for (int i = 1; i < t.length; i += 2) {
      s += t[i];
    }
    return s;
  }

  @Test
  void unionOfSeveralAnnotationsEqualsMaskBuiltFromEachRow() {
    SiimLabels labels = SharedData.fullLabels();
    String id = labels.imageIds().stream().filter(i -> labels.annotationCount(i) == 10).findFirst().orElseThrow();
    List<Mask> parts = labels.annotationMasks(id);
    assertThat(parts).hasSize(10);
    Mask.Builder b = Mask.builder(1024, 1024);
    parts.forEach(b::or);
    Mask union = labels.mask(id);
    assertThat(union).isEqualTo(b.build());
    assertThat(union.area()).isLessThanOrEqualTo(parts.stream().mapToInt(Mask::area).sum());
  }

  @Test
  void fullSetWrittenInStandardFormatReadsBackToTheSameMasks(@TempDir Path dir) {
    SiimLabels labels = SharedData.fullLabels();
    Path std = dir.resolve("stage2.csv.gz");
    labels.writeRows(std, RleCodec.standard());
    SiimLabels back = SiimLabels.read(std, RleCodec.standard());
    assertThat(back.rows()).hasSize(12_954);
    assertThat(back.imageIds()).isEqualTo(labels.imageIds());
    Path rel = dir.resolve("stage1.csv");
    back.writeRows(rel, RleCodec.relative());
    SiimLabels again = SiimLabels.read(rel, RleCodec.relative());
    for (int i = 0; i < labels.rows().size(); i++) {
      assertThat(again.rows().get(i).imageId()).isEqualTo(labels.rows().get(i).imageId());
      assertThat(again.rows().get(i).encodedPixels()).isEqualTo(labels.rows().get(i).encodedPixels());
    }
  }

  @Test
  void publishedSampleCsvParsesDespiteItsQuirks() {
    // UTF-8 BOM, no header, leading spaces before the runs, -1, no final newline
    SiimLabels sample = publishedSample();
    assertThat(sample.imageIds()).hasSize(10);
    assertThat(sample.imageIds().get(0)).isEqualTo("1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027");
    assertThat(sample.positiveIds()).hasSize(5);
    assertThat(sample.mask("1.2.276.0.7230010.3.1.4.8323329.4904.1517875185.355709").get(171, 245)).isTrue();
  }

  @Test
  void publishedSampleAgreesWithTheFullLabelSet() {
    SiimLabels sample = publishedSample();
    SiimLabels full = SharedData.fullLabels();
    for (String id : sample.imageIds()) {
      assertThat(sample.mask(id)).as(id).isEqualTo(full.mask(id));
    }
  }

  private static SiimLabels publishedSample() {
    return SiimLabels.read(TestData.vendored("data/siim-sample/train-rle-sample.csv"), RleCodec.relative());
  }
}
