package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.PrepareResize;
import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.testdata.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {
  private static final Path SAMPLE = TestData.vendored("data/siim-sample");
  private static final String POS1 = "1.2.276.0.7230010.3.1.4.8323329.4904.1517875185.355709";
  private static final String POS2 = "1.2.276.0.7230010.3.1.4.8323329.1314.1517875167.222290";
  private static final String NEG1 = "1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027";
  private static final String NEG2 = "1.2.276.0.7230010.3.1.4.8323329.10000.1517875220.938530";
  private static final String TEST1 = "1.2.276.0.7230010.3.1.4.8323329.10001.1517875220.930580";

  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new PneumoCli(List.of(new PrepareCommand(o, e)), o, e).run(List.of(args));
  }

  private Path dataset() throws Exception {
    Path data = tmp.resolve("data");
    int i = 0;
    for (String id : List.of(NEG2, POS1, NEG1, POS2)) {
      Path d = data.resolve("dicom-images-train").resolve(id).resolve("series" + i++);
      Files.createDirectories(d);
      Files.copy(SAMPLE.resolve(id + ".dcm"), d.resolve(id + ".dcm"));
    }
    Path bad = data.resolve("dicom-images-train/broken/s");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("broken.dcm"), "this is not a DICOM file");
    Path t = data.resolve("dicom-images-test/x/y");
    Files.createDirectories(t);
    Files.copy(SAMPLE.resolve(TEST1 + ".dcm"), t.resolve(TEST1 + ".dcm"));
    List<String> lines = new ArrayList<>();
    lines.add("ImageId, EncodedPixels");
    for (String line : Files.readAllLines(SAMPLE.resolve("train-rle-sample.csv"), StandardCharsets.UTF_8)) {
      String clean = line.replace("\uFEFF", "");
      if (clean.startsWith(POS1) || clean.startsWith(POS2) || clean.startsWith(NEG1) || clean.startsWith(NEG2)) {
        lines.add(clean);
      }
    }
    Files.write(data.resolve("train-rle.csv"), lines, StandardCharsets.UTF_8);
    return data;
  }

  @Test
  void preparesTheCacheSkipsTheBadFileAndResumes() throws Exception {
    Path data = dataset();
    Path cacheDir = tmp.resolve("cache");
    int code = run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "256",
        "--threads", "2");
    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderr).isEqualTo(3);
    assertThat(stdout).contains("written 5").contains("already present 0").contains("skipped 1");
    Path broken = data.resolve("dicom-images-train/broken/s/broken.dcm");
    assertThat(stderr).contains("  skipped " + broken + ": ")
        .endsWith("pneumo prepare: 1 input(s) skipped, listed in " + cacheDir.resolve("skipped.csv") + "\n");
    List<String> skipped = Files.readAllLines(cacheDir.resolve("skipped.csv"));
    assertThat(skipped).hasSize(2);
    assertThat(skipped.get(0)).isEqualTo("input,reason");
    assertThat(skipped.get(1)).startsWith(broken + ",");

    TrainingCache cache = TrainingCache.open(cacheDir);
    assertThat(cache.size()).isEqualTo(256);
    assertThat(cache.ids()).containsExactly(NEG1, NEG2, POS2, POS1);
    assertThat(cache.testIds()).containsExactly(TEST1);
    SiimLabels labels = SiimLabels.read(data.resolve("train-rle.csv"), RleCodec.relative());
    for (String id : List.of(POS1, NEG1)) {
      var image = Dicom.readGreyImage(SAMPLE.resolve(id + ".dcm"));
      assertThat(cache.image(id)).isEqualTo(PrepareResize.image(image, 256));
      assertThat(cache.mask(id)).isEqualTo(PrepareResize.mask(labels.annotationMasks(id), 1024, 1024, 256));
    }
    assertThat(cache.mask(POS1).pixels()).contains((byte) 255);
    assertThat(cache.mask(NEG1).pixels()).containsOnly((byte) 0);

    out.reset();
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "256")).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("written 0").contains("already present 5");

    // once the bad file is gone: exit 0 and a skipped.csv with the header alone
    Files.delete(broken);
    out.reset();
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "256")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("written 0, already present 5, skipped 0");
    assertThat(Files.readString(cacheDir.resolve("skipped.csv"))).isEqualTo("input,reason\n");
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLabelFileThatLabelsNoImageIsRefusedBeforeAnythingIsCached() throws Exception {
    Path data = dataset();
    Path cacheDir = tmp.resolve("cache");
    Path labels = tmp.resolve("labels.csv");
    for (String content : List.of("", "ImageId, EncodedPixels\n", "ImageId, EncodedPixels\n1.2.3, -1\n")) {
      Files.writeString(labels, content);
      err.reset();
      assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "64",
          "--labels", labels.toString())).isEqualTo(1);
      assertThat(stderr()).isEqualTo("pneumo prepare: label file " + labels + (content.contains("1.2.3")
          ? " labels none of the 5 train images (e.g. image " + NEG1 + "; its first id is 1.2.3): wrong label "
              + "file or data folder?\n"
          : " has no rows, so it labels none of the 5 train images; refusing to cache them all as negatives\n"));
      assertThat(cacheDir).doesNotExist();
    }
  }

  @Test
  void aRerunWithOtherLabelsRefusesToReuseTheMasks() throws Exception {
    Path data = dataset();
    Path cacheDir = tmp.resolve("cache");
    Path labels = data.resolve("train-rle.csv");
    List<String> right = Files.readAllLines(labels);
    // first run: every image labelled negative
    Files.write(labels, right.stream().map(l -> l.startsWith("ImageId") ? l : l.substring(0, l.indexOf(',')) + ", -1")
        .distinct().toList());
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "64")).isEqualTo(3);
    String negatives = io.github.pneumo.data.cache.PrepareLabels.read(labels, RleCodec.relative()).identity();
    // the right labels: refused, nothing reused
    Files.write(labels, right);
    String fixed = io.github.pneumo.data.cache.PrepareLabels.read(labels, RleCodec.relative()).identity();
    err.reset();
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "64")).isEqualTo(1);
    assertThat(stderr()).endsWith("pneumo prepare: cache " + cacheDir + " holds train masks made from other labels ("
        + negatives + "), not from " + fixed + "; they would be stale: use another output folder (or delete this "
        + "one)\n");
    assertThat(TrainingCache.open(cacheDir).mask(POS1).pixels()).containsOnly((byte) 0);
    // another size: refused as before
    err.reset();
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "128")).isEqualTo(1);
    assertThat(stderr()).endsWith("pneumo prepare: cache " + cacheDir + " was prepared at size 64, not 128; use "
        + "another output folder\n");
  }

  @Test
  void anImageOfAnotherSizeSortedFirstIsReportedAloneAndTheBatchGoesOn() throws Exception {
    Path data = dataset();
    String small = "0.0.0.8";
    Path dir = data.resolve("dicom-images-train/0/0");
    Files.createDirectories(dir);
    io.github.pneumo.dicom.DicomWriter.builder().sopInstanceUid(small).studyInstanceUid("0.0.0.1")
        .seriesInstanceUid("0.0.0.2").build()
        .write(new io.github.pneumo.image.GreyImage(8, 8, new byte[64]), dir.resolve(small + ".dcm"));
    Files.writeString(data.resolve("train-rle.csv"), small + ", 40 30\n", StandardOpenOption.APPEND);
    // and entries named *.dcm that are not files
    Path series = data.resolve("dicom-images-train/x/y");
    Files.createDirectories(series.resolve("folder.dcm"));
    Files.createSymbolicLink(series.resolve("dangling.dcm"), tmp.resolve("nowhere.dcm"));
    Path cacheDir = tmp.resolve("cache");
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "256",
        "--threads", "2")).as(stderr()).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("written 5, already present 0, skipped 4");
    assertThat(Files.readAllLines(cacheDir.resolve("skipped.csv"))).hasSize(5).contains(
        series.resolve("dangling.dcm") + ",a dangling symbolic link",
        series.resolve("folder.dcm") + ",\"a folder named *.dcm, not a DICOM file\"",
        dir.resolve(small + ".dcm") + ",\"" + data.resolve("train-rle.csv") + ":6: image " + small + " is 8x8, its "
            + "label does not fit: relative RLE: token 2 ('30', character 4) ends the run [40, 70) (0-based) outside "
            + "the 8x8 image of 64 pixels\"");
    // the 1024² images got their labels at their own size
    TrainingCache cache = TrainingCache.open(cacheDir);
    SiimLabels labels = SiimLabels.read(data.resolve("train-rle.csv"), RleCodec.relative());
    assertThat(cache.mask(POS1)).isEqualTo(PrepareResize.mask(labels.annotationMasks(POS1), 1024, 1024, 256));
  }

  @Test
  void labelsAreDecodedAtTheImagesOwnSize() throws Exception {
    Path data = tmp.resolve("synthetic");
    io.github.pneumo.synth.SyntheticDataset.builder().train(12).test(0).size(64).seed(11).positiveRate(0.5)
        .folds(2).threads(1).build().write(data);
    Path cacheDir = tmp.resolve("c64");
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--size", "64")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("written 12").contains("skipped 0");
    TrainingCache cache = TrainingCache.open(cacheDir);
    SiimLabels labels = SiimLabels.read(data.resolve("train-rle.csv"), RleCodec.relative(), 64, 64);
    assertThat(labels.positiveIds()).isNotEmpty();
    for (String id : labels.positiveIds()) {
      assertThat(cache.mask(id)).isEqualTo(new io.github.pneumo.image.GreyImage(64, 64,
          labels.mask(id).toRowMajor((byte) 255)));
    }
  }

  @Test
  void atSourceSizeTheCacheHoldsTheDicomPixelsExactly() throws Exception {
    Path data = dataset();
    Path cacheDir = tmp.resolve("c1024");
    assertThat(run("prepare", "--data", data.toString(), "--out", cacheDir.toString(), "--threads", "1"))
        .isEqualTo(3); // broken.dcm
    TrainingCache cache = TrainingCache.open(cacheDir);
    assertThat(cache.image(POS2)).isEqualTo(Dicom.readGreyImage(SAMPLE.resolve(POS2 + ".dcm")));
    SiimLabels labels = SiimLabels.read(data.resolve("train-rle.csv"), RleCodec.relative());
    assertThat(cache.mask(POS2).pixels()).isEqualTo(labels.mask(POS2).toRowMajor((byte) 255));
    assertThat(Files.size(cacheDir.resolve("train").resolve(POS2 + ".ptc"))).isLessThan(1 << 20);
  }

  @Test
  void badArgumentsAreUsageErrors() throws Exception {
    Path data = dataset();
    assertThat(run("prepare", "--data", data.toString(), "--out", tmp.resolve("c").toString(), "--codec", "rle"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--codec");
    assertThat(run("prepare", "--data", data.toString(), "--out", tmp.resolve("c").toString(), "--szie", "5"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--szie");
    assertThat(run("prepare", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("c").toString()))
        .isEqualTo(1);
  }
}
