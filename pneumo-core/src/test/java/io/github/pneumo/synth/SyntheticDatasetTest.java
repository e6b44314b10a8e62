package io.github.pneumo.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.dicom.Dcmtk;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.dicom.DicomImage;
import io.github.pneumo.dicom.DicomTags;
import io.github.pneumo.image.GreyImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {

  static final int SIZE = 128;

  @TempDir static Path shared;
  static Path dataset;

  @BeforeAll
  static void writeDataset() {
    dataset = shared.resolve("ds");
    SyntheticDataset.Summary s = SyntheticDataset.builder().train(14).test(5).size(SIZE).seed(5)
        .positiveRate(0.5).threads(2).build().write(dataset);
    assertThat(s.trainImages()).isEqualTo(14);
    assertThat(s.trainPositives()).isEqualTo(7);
    assertThat(s.testPositives()).isEqualTo(Math.round(0.5 * 5));
  }

  /** Relative path of every .dcm under a folder -> file. */
  static Map<String, Path> dicoms(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".dcm"))
          .collect(Collectors.toMap(p -> dir.relativize(p).toString(), p -> p, (a, b) -> a, TreeMap::new));
    }
  }

  @Test
  void layoutAndFilesParseWithPneumosReaders() throws Exception {
    try (Stream<Path> s = Files.list(dataset)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("dicom-images-train",
          "dicom-images-test", "train-rle.csv", "test-rle.csv", "sample_submission.csv", "folds.csv",
          "dataset.json", "files.sha256");
    }
    for (String split : List.of("train", "test")) {
      Map<String, Path> files = dicoms(dataset.resolve("dicom-images-" + split));
      SiimLabels labels = SiimLabels.read(dataset.resolve(split + "-rle.csv"), RleCodec.relative(), SIZE, SIZE);
      assertThat(files).hasSize(split.equals("train") ? 14 : 5);
      Set<String> ids = new HashSet<>();
      for (Map.Entry<String, Path> e : files.entrySet()) {
        String[] parts = e.getKey().split("/");
        assertThat(parts).as("study/series/image.dcm").hasSize(3);
        DicomImage d = Dicom.read(e.getValue());
        assertThat(parts[0]).isEqualTo(d.studyInstanceUid());
        assertThat(parts[1]).isEqualTo(d.seriesInstanceUid());
        assertThat(parts[2]).isEqualTo(d.sopInstanceUid() + ".dcm");
        assertThat(d.sopInstanceUid()).startsWith("2.25.");
        assertThat(d.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(d.photometricInterpretation()).isEqualTo("MONOCHROME2");
        assertThat(d.bitsAllocated()).isEqualTo(8);
        assertThat(d.rows()).isEqualTo(SIZE);
        assertThat(d.columns()).isEqualTo(SIZE);
        assertThat(d.string(DicomTags.MODALITY)).contains("CR");
        assertThat(d.string(DicomTags.BODY_PART_EXAMINED)).contains("CHEST");
        assertThat(d.string(DicomTags.PATIENT_ID).orElseThrow()).matches("[0-9a-f-]{36}");
        ids.add(d.sopInstanceUid());
      }
      assertThat(labels.imageIds()).containsExactlyInAnyOrderElementsOf(ids);
    }
    String csv = Files.readString(dataset.resolve("train-rle.csv"));
    assertThat(csv).startsWith("ImageId, EncodedPixels\n");
    SiimLabels sample = SiimLabels.read(dataset.resolve("sample_submission.csv"), RleCodec.standard(), SIZE, SIZE);
    SiimLabels test = SiimLabels.read(dataset.resolve("test-rle.csv"), RleCodec.relative(), SIZE, SIZE);
    assertThat(sample.imageIds()).containsExactlyElementsOf(test.imageIds());
    assertThat(sample.positiveIds()).isEmpty();
    assertThat(Files.readString(dataset.resolve("sample_submission.csv"))).startsWith("ImageId,EncodedPixels\n");

    SiimLabels train = SiimLabels.read(dataset.resolve("train-rle.csv"), RleCodec.relative(), SIZE, SIZE);
    Folds folds = Folds.read(dataset.resolve("folds.csv"));
    assertThat(Files.readString(dataset.resolve("folds.csv"))).startsWith("fname,fold,exist_labels\n");
    assertThat(folds.foldNames()).containsExactly("0", "1", "2", "3", "4");
    assertThat(folds.entries()).hasSize(14);
    for (Folds.Entry e : folds.entries()) {
      assertThat(e.positive()).as(e.imageId()).isEqualTo(train.isPositive(e.imageId()));
    }
    assertThat(train.positiveIds()).hasSize(7);
    String json = Files.readString(dataset.resolve("dataset.json"));
    assertThat(json).contains("\"seed\": 5", "\"size\": 128", "\"train\": 14", "\"difficulty\": 0.0",
        "\"positiveRate\": 0.5", "\"rleCodec\": \"relative\"");
  }

  /** The check: inside each CSV mask the DICOM is darker than the lung just around it. */
  @Test
  void masksInTheCsvMatchTheLesionsPainted() throws Exception {
    SiimLabels train = SiimLabels.read(dataset.resolve("train-rle.csv"), RleCodec.relative(), SIZE, SIZE);
    Map<String, Path> byId = new TreeMap<>();
    for (Path p : dicoms(dataset.resolve("dicom-images-train")).values()) {
      byId.put(p.getFileName().toString().replace(".dcm", ""), p);
    }
    int checked = 0;
    for (String id : train.positiveIds()) {
      GreyImage img = Dicom.read(byId.get(id)).toGreyImage();
      Mask mask = train.mask(id);
      Mask ring = ChestRadiographGeneratorTest.dilate(mask, 3);
      double in = 0;
      double around = 0;
      int nIn = 0;
      int nAround = 0;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          if (mask.get(x, y)) {
            in += img.get(x, y);
            nIn++;
          } else if (ring.get(x, y)) {
            around += img.get(x, y);
            nAround++;
          }
        }
      }
      assertThat(in / nIn).as("image %s: inside vs around", id).isLessThan(around / nAround - 15);
      checked++;
    }
    assertThat(checked).isEqualTo(7);
  }

  @Test
  void sameSeedGivesByteIdenticalFilesWhateverTheThreadCount(@TempDir Path dir) throws Exception {
    Path one = dir.resolve("one");
    Path three = dir.resolve("three");
    SyntheticDataset.builder().train(7).test(3).size(64).seed(5).positiveRate(0.5).threads(1).build().write(one);
    SyntheticDataset.builder().train(7).test(3).size(64).seed(5).positiveRate(0.5).threads(3).build().write(three);
    Map<String, byte[]> a = contents(one);
    Map<String, byte[]> b = contents(three);
    assertThat(a.keySet()).hasSize(10 + 6).containsExactlyElementsOf(b.keySet());
    for (String k : a.keySet()) {
      assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
    Path other = dir.resolve("other");
    SyntheticDataset.builder().train(7).test(3).size(64).seed(6).positiveRate(0.5).build().write(other);
    assertThat(contents(other).keySet()).doesNotContainAnyElementsOf(
        a.keySet().stream().filter(k -> k.endsWith(".dcm")).toList());
  }

  static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void realShapesWithSeveralAnnotationsGiveSeveralRows(@TempDir Path dir) throws Exception {
    Path shapes = ChestRadiographGeneratorTest.twoAnnotationShapes(dir);
    Path out = dir.resolve("ds");
    SyntheticDataset.builder().train(3).test(1).size(64).seed(1).positiveRate(1).shapes(shapes)
        .codec(RleCodec.standard()).build().write(out);
    SiimLabels train = SiimLabels.read(out.resolve("train-rle.csv"), RleCodec.standard(), 64, 64);
    assertThat(train.imageIds()).hasSize(3);
    for (String id : train.imageIds()) {
      assertThat(train.annotationCount(id)).isEqualTo(2);
    }
    assertThat(Files.readString(out.resolve("train-rle.csv"))).startsWith("ImageId,EncodedPixels\n");
  }

  @Test
  void progressBarGoesToTheGivenStream(@TempDir Path dir) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SyntheticDataset.builder().train(2).test(1).size(64).progress(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .build().write(dir.resolve("ds"));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("synth train [", "2/2", "synth test [", "1/1");
  }

  @Test
  void badArgumentsGiveClearErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> SyntheticDataset.builder().train(-1))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("train").hasMessageContaining("-1");
    assertThatThrownBy(() -> SyntheticDataset.builder().test(-3))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("test").hasMessageContaining("-3");
    assertThatThrownBy(() -> SyntheticDataset.builder().size(1000))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("multiple of 64");
    assertThatThrownBy(() -> SyntheticDataset.builder().positiveRate(1.2))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("positive rate");
    assertThatThrownBy(() -> SyntheticDataset.builder().threads(0))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("threads");
    Path unreadable = dir.resolve("missing-labels.csv.gz");
    assertThatThrownBy(() -> SyntheticDataset.builder().shapes(unreadable).build())
        .isInstanceOf(PneumoException.class).hasMessageContaining(unreadable.toString());
    Path busy = dir.resolve("busy");
    Files.createDirectories(busy);
    Files.writeString(busy.resolve("keep.txt"), "x");
    assertThatThrownBy(() -> SyntheticDataset.builder().train(1).test(0).size(64).build().write(busy))
        .isInstanceOf(SyntheticDataException.class).hasMessageContaining("not empty");
    assertThat(Files.readString(busy.resolve("keep.txt"))).isEqualTo("x");
  }

  @Test
  void smallTrainSetsGetAsManyFoldsAsImages(@TempDir Path dir) throws Exception {
    SyntheticDataset.builder().train(1).test(0).size(64).build().write(dir.resolve("one"));
    Folds one = Folds.read(dir.resolve("one/folds.csv"));
    assertThat(one.entries()).hasSize(1);
    assertThat(one.foldNames()).containsExactly("0");
    SyntheticDataset.builder().train(3).test(0).size(64).build().write(dir.resolve("three"));
    assertThat(Folds.read(dir.resolve("three/folds.csv")).foldNames()).containsExactly("0", "1", "2");
    SyntheticDataset.builder().train(0).test(2).size(64).build().write(dir.resolve("none"));
    assertThat(Files.readString(dir.resolve("none/folds.csv"))).isEqualTo("fname,fold,exist_labels\n");
    assertThat(Files.readString(dir.resolve("none/train-rle.csv"))).isEqualTo("ImageId, EncodedPixels\n");
  }

  @Test
  void overwriteReplacesAPreviousDataset(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ds");
    SyntheticDataset.builder().train(3).test(1).size(64).seed(1).build().write(out);
    SyntheticDataset.builder().train(2).test(1).size(64).seed(2).overwrite(true).build().write(out);
    assertThat(dicoms(out.resolve("dicom-images-train"))).hasSize(2);
    List<String> listed = Files.readAllLines(out.resolve("files.sha256"));
    assertThat(listed).hasSize(2 + 1 + 5).allMatch(l -> l.matches("[0-9a-f]{64}  [^ ].*"));
    assertThat(listed).anyMatch(l -> l.endsWith("  dataset.json")).anyMatch(l -> l.endsWith("  train-rle.csv"));
  }

  @Test
  void overwriteRefusesAForeignDatasetAndDeletesNothing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("siim");
    Path dcm = out.resolve("dicom-images-train/1.2.3/1.2.3.4/1.2.3.4.5.dcm");
    Files.createDirectories(dcm.getParent());
    Files.write(dcm, new byte[] {1, 2, 3});
    Files.writeString(out.resolve("train-rle.csv"), "ImageId, EncodedPixels\n1.2.3.4.5, -1\n");
    SyntheticDataset gen = SyntheticDataset.builder().train(2).test(1).size(64).seed(2).overwrite(true).build();
    assertThatThrownBy(() -> gen.write(out)).isInstanceOf(SyntheticDataException.class)
        .hasMessage("output folder " + out + " holds files that pneumo synth did not write (no files.sha256 from "
            + "a finished synth run); nothing was deleted");
    assertThat(dcm).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(Files.readString(out.resolve("train-rle.csv"))).isEqualTo("ImageId, EncodedPixels\n1.2.3.4.5, -1\n");
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s).hasSize(2);
    }
  }

  @Test
  void overwriteRefusesAnAddedOrChangedFileAndDeletesNothing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ds");
    SyntheticDataset.builder().train(2).test(1).size(64).seed(1).build().write(out);
    Map<String, Path> before = dicoms(out);
    SyntheticDataset gen = SyntheticDataset.builder().train(1).test(1).size(64).seed(2).overwrite(true).build();
    Files.writeString(out.resolve("dicom-images-train/notes.txt"), "mine");
    assertThatThrownBy(() -> gen.write(out)).isInstanceOf(SyntheticDataException.class)
        .hasMessage("output folder " + out + " holds files that pneumo synth did not write or that were changed "
            + "since: dicom-images-train/notes.txt (not listed in files.sha256); nothing was deleted");
    assertThat(dicoms(out)).isEqualTo(before);
    Files.delete(out.resolve("dicom-images-train/notes.txt"));
    Files.writeString(out.resolve("folds.csv"), "fname,fold,exist_labels\nx.png,0,0\n");
    assertThatThrownBy(() -> gen.write(out)).hasMessageContaining("folds.csv (changed since synth wrote it)");
    assertThat(dicoms(out)).isEqualTo(before);
    Files.delete(out.resolve("folds.csv"));
    Files.createDirectories(out.resolve("dicom-images-test/extra"));
    assertThatThrownBy(() -> gen.write(out))
        .hasMessageContaining("dicom-images-test/extra/ (not a folder synth created)");
    Files.delete(out.resolve("dicom-images-test/extra"));
    // a deleted file of the old dataset is no obstacle
    gen.write(out);
    assertThat(dicoms(out.resolve("dicom-images-train"))).hasSize(1);
  }

  @Test
  void dcmtkReadsTheFilesWithoutWarnings() throws Exception {
    Dcmtk.assumeInstalled();
    int n = 0;
    for (Path file : dicoms(dataset).values()) {
      String dump = Dcmtk.run("dcmdump", file.toString());
      assertThat(dump).doesNotContainPattern("(?m)^(W|E|F): ");
      assertThat(dump).contains("(0002,0010) UI =JPEGBaseline", "(0008,0060) CS [CR]",
          "(0028,0004) CS [MONOCHROME2]", "(fffe,e000) pi (no value available)");
      Path pgm = shared.resolve("dcmtk-" + n++ + ".pgm");
      String convert = Dcmtk.run("dcmj2pnm", file.toString(), pgm.toString());
      assertThat(convert).doesNotContainPattern("(?m)^(W|E|F): ");
      byte[] netpbm = Files.readAllBytes(pgm);
      byte[] pixels = java.util.Arrays.copyOfRange(netpbm, netpbm.length - SIZE * SIZE, netpbm.length);
      assertThat(pixels).as("dcmtk's decode of " + file).isEqualTo(Dicom.read(file).toGreyImage().pixels());
    }
    assertThat(n).isEqualTo(19);
  }
}
