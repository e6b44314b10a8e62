package io.github.pneumo.data.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.image.GreyImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachePreparerTest {
  @TempDir Path tmp;

  private static final int SRC = 64;

  /** Synthetic "DICOM" reader: the image is derived from the file name; names with "bad" fail. */
  private static final Function<Path, GreyImage> READER = p -> {
    String id = DicomTree.imageId(p);
    if (id.contains("bad")) {
      throw new PneumoException(p + ": not a DICOM file (no DICM prefix at byte 128)");
    }
    return CacheFileTest.smooth(SRC, SRC, id.hashCode());
  };

  private static List<Mask> labels(String id) {
    if (id.endsWith("1")) {
      return List.of(Mask.builder(SRC, SRC).setRun(100, 300).build(), Mask.builder(SRC, SRC).setRun(350, 40).build());
    }
    return List.of();
  }

  private Path tree(String root, String... ids) throws Exception {
    Path r = tmp.resolve(root);
    for (int i = 0; i < ids.length; i++) {
      Path d = r.resolve("study" + (i % 2)).resolve("series" + i);
      Files.createDirectories(d);
      Files.writeString(d.resolve(ids[i] + ".dcm"), "x");
    }
    // files at other depths are ignored, as by the original's glob
    Files.writeString(r.resolve("top.dcm"), "x");
    Files.createDirectories(r.resolve("a/b/c"));
    Files.writeString(r.resolve("a/b/c/deep.dcm"), "x");
    Files.writeString(r.resolve("a/b/notes.txt"), "x");
    return r;
  }

  private CachePreparer preparer(Path out, int size, AtomicInteger calls) {
    return CachePreparer.builder().output(out).size(size).threads(2)
        .reader(p -> {
          calls.incrementAndGet();
          return READER.apply(p);
        })
        .labels(CachePreparerTest::labels).build();
  }

  @Test
  void findsExactlyTwoFolderLevelsSorted() throws Exception {
    Path root = tree("train", "id3", "id1", "id2");
    List<Path> files = DicomTree.find(root);
    assertThat(files).extracting(DicomTree::imageId).containsExactly("id3", "id2", "id1");
    assertThat(files).isSortedAccordingTo((a, b) -> a.toString().compareTo(b.toString()));
    assertThatThrownBy(() -> DicomTree.find(tmp.resolve("nope"))).hasMessageContaining("nope");
  }

  @Test
  void preparesReportsBadFilesAndResumes() throws Exception {
    Path train = tree("train", "img01", "img02", "bad03", "img11");
    Path test = tree("test", "tst01", "tst02");
    Path out = tmp.resolve("cache");
    AtomicInteger calls = new AtomicInteger();
    List<int[]> progress = new ArrayList<>();
    CachePreparer p = CachePreparer.builder().output(out).size(32).threads(2).reader(READER)
        .labels(CachePreparerTest::labels).progress((d, t) -> {
          synchronized (progress) {
            progress.add(new int[] {d, t});
          }
        }).build();

    PrepareSummary s = p.prepare(DicomTree.find(train), DicomTree.find(test));
    assertThat(s.written()).isEqualTo(5);
    assertThat(s.alreadyPresent()).isZero();
    assertThat(s.failures()).hasSize(1);
    assertThat(s.failures().get(0).file().toString()).endsWith("bad03.dcm");
    assertThat(s.failures().get(0).reason()).contains("not a DICOM file");
    assertThat(s.skippedByReason()).containsExactly(Map.entry("<file>: not a DICOM file (no DICM prefix at byte 128)", 1));
    assertThat(s.describe()).contains("skipped 1").contains("not a DICOM file");
    assertThat(progress).hasSize(6).allSatisfy(e -> assertThat(e[1]).isEqualTo(6));
    assertThat(progress.stream().mapToInt(e -> e[0]).max().getAsInt()).isEqualTo(6);

    TrainingCache cache = TrainingCache.open(out);
    assertThat(cache.size()).isEqualTo(32);
    assertThat(cache.ids()).containsExactly("img01", "img02", "img11");
    assertThat(cache.testIds()).containsExactly("tst01", "tst02");
    GreyImage source = READER.apply(Path.of("img11.dcm"));
    assertThat(cache.image("img11")).isEqualTo(PrepareResize.image(source, 32));
    assertThat(cache.mask("img11")).isEqualTo(PrepareResize.mask(labels("img11"), SRC, SRC, 32));
    assertThat(cache.mask("img02").pixels()).containsOnly((byte) 0);
    assertThat(cache.sample("tst01").mask()).isNull();
    assertThatThrownBy(() -> cache.mask("tst01")).isInstanceOf(CacheFormatException.class).hasMessageContaining("tst01");
    assertThatThrownBy(() -> cache.image("nope")).isInstanceOf(CacheFormatException.class).hasMessageContaining("nope");

    // a rerun reads nothing that is already there; the bad file is reported again
    PrepareSummary again = preparer(out, 32, calls).prepare(DicomTree.find(train), DicomTree.find(test));
    assertThat(again.written()).isZero();
    assertThat(again.alreadyPresent()).isEqualTo(5);
    assertThat(again.failures()).hasSize(1);
    assertThat(calls.get()).isEqualTo(1);

    // a killed run leaves at most a temporary file, which is neither listed nor kept; missing items are redone
    Path cacheFile = out.resolve("train/img02" + CacheFile.EXTENSION);
    byte[] before = Files.readAllBytes(cacheFile);
    Files.delete(cacheFile);
    Path stale = out.resolve("train/.pneumo-999999999-abc.tmp"); // a dead process's, two hours old
    Files.write(stale, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
    Path live = out.resolve("train/.pneumo-" + ProcessHandle.current().pid() + "-def.tmp"); // a live writer's
    Files.write(live, new byte[] {4});
    Files.setLastModifiedTime(live, Files.getLastModifiedTime(stale));
    Path young = out.resolve("train/.pneumo-999999999-ghi.tmp"); // maybe another machine's, being written
    Files.write(young, new byte[] {5});
    Path foreign = out.resolve("train/.img02" + CacheFile.EXTENSION + ".tmp1234"); // not pneumo's pattern
    Files.write(foreign, new byte[] {6});
    assertThat(TrainingCache.open(out).ids()).containsExactly("img01", "img11");
    calls.set(0);
    PrepareSummary resumed = preparer(out, 32, calls).prepare(DicomTree.find(train), DicomTree.find(test));
    assertThat(resumed.written()).isEqualTo(1);
    assertThat(resumed.alreadyPresent()).isEqualTo(4);
    assertThat(Files.exists(stale)).isFalse();
    assertThat(live).exists();
    assertThat(young).exists();
    assertThat(foreign).exists();
    assertThat(Files.readAllBytes(cacheFile)).isEqualTo(before);

    // another size in the same folder is refused
    assertThatThrownBy(() -> preparer(out, 64, calls).prepare(DicomTree.find(train), List.of()))
        .isInstanceOf(CacheFormatException.class).hasMessageContaining("size 32");
  }

  @Test
  void duplicateIdsAndLabelErrorsAreSkippedWithReasons() throws Exception {
    Path train = tree("train", "img01", "img02");
    Path copy = train.resolve("study9/series9");
    Files.createDirectories(copy);
    Files.writeString(copy.resolve("img01.dcm"), "x");
    CachePreparer p = CachePreparer.builder().output(tmp.resolve("c")).size(SRC).threads(1).reader(READER)
        .labels(id -> {
          if (id.equals("img02")) {
            throw new PneumoException("train-rle.csv line 7: run outside the image");
          }
          return labels(id);
        }).build();
    PrepareSummary s = p.prepare(DicomTree.find(train), List.of());
    assertThat(s.written()).isEqualTo(1);
    assertThat(s.failures()).extracting(PrepareSummary.Failure::reason)
        .anySatisfy(r -> assertThat(r).contains("duplicate image ID img01"))
        .anySatisfy(r -> assertThat(r).contains("line 7"));
    // at the source size the mask is the exact union
    TrainingCache cache = TrainingCache.open(tmp.resolve("c"));
    assertThat(Mask.fromRowMajor(SRC, SRC, cache.mask("img01").pixels()))
        .isEqualTo(labels("img01").get(0).union(labels("img01").get(1)));
  }

  @Test
  void openingAFolderWithoutManifestFails() {
    assertThatThrownBy(() -> TrainingCache.open(tmp)).isInstanceOf(CacheFormatException.class)
        .hasMessageContaining("cache.properties");
  }

  @Test
  void nonRegularDcmEntriesAreListedAsSkipped() throws Exception {
    Path train = tree("train", "img01");
    Path series = train.resolve("study0/series0");
    Files.createDirectories(series.resolve("folder.dcm"));
    Files.createSymbolicLink(series.resolve("dangling.dcm"), tmp.resolve("nowhere"));
    Path fifo = series.resolve("pipe.dcm");
    boolean fifoMade = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    DicomTree.Scan scan = DicomTree.scan(train);
    assertThat(scan.files()).extracting(DicomTree::imageId).containsExactly("img01");
    List<String> expected = new ArrayList<>(List.of(
        series.resolve("dangling.dcm") + ": a dangling symbolic link",
        series.resolve("folder.dcm") + ": a folder named *.dcm, not a DICOM file"));
    if (fifoMade) {
      expected.add(fifo + ": not a regular file (a FIFO, socket or device)");
    }
    assertThat(scan.skipped()).extracting(f -> f.file() + ": " + f.reason()).containsExactlyElementsOf(expected);
    // at any depth: the files at the root and three levels down are found too
    assertThat(DicomTree.scanAnyDepth(train).files()).extracting(DicomTree::imageId)
        .containsExactlyInAnyOrder("img01", "top", "deep");
  }

  @Test
  void labelsAreDecodedAtEachImagesSizeAndAMisfitFailsOnlyItsImage() throws Exception {
    Path train = tree("train", "small1", "big01", "big11");
    Path csv = tmp.resolve("labels.csv");
    // small1 is 8x8 and sorts first; its run ends at pixel 4000, inside a 64x64 image but past an 8x8 one
    Files.writeString(csv, "ImageId,EncodedPixels\nbig01,-1\nbig11,3001 1000\nsmall1,3001 1000\n");
    PrepareLabels labels = PrepareLabels.read(csv, io.github.pneumo.RleCodec.standard());
    Function<Path, GreyImage> reader = p -> DicomTree.imageId(p).startsWith("small")
        ? CacheFileTest.smooth(8, 8, 1) : READER.apply(p);
    PrepareSummary s = CachePreparer.builder().output(tmp.resolve("mixed")).size(SRC).threads(1).reader(reader)
        .labelsAtSize(labels).build().prepare(DicomTree.find(train), List.of());
    assertThat(s.written()).isEqualTo(2);
    assertThat(s.failures()).extracting(f -> f.file().getFileName() + ": " + f.reason()).containsExactly(
        "small1.dcm: " + csv + ":4: image small1 is 8x8, its label does not fit: "
            + "standard RLE: token 2 ('1000', character 6) ends the run [3000, 4000) (0-based) outside the 8x8 image "
            + "of 64 pixels");
    // big11 (64x64) got its label at its own size
    assertThat(Mask.fromRowMajor(SRC, SRC, TrainingCache.open(tmp.resolve("mixed")).mask("big11").pixels()))
        .isEqualTo(io.github.pneumo.RleCodec.standard().decode("3001 1000", SRC, SRC));
  }

  @Test
  void aCacheOfOtherLabelsIsNeverReusedSilently() throws Exception {
    Path train = tree("train", "img01", "img02");
    Path out = tmp.resolve("c");
    Path csv = tmp.resolve("train-rle.csv");
    Files.writeString(csv, "ImageId,EncodedPixels\nimg01,-1\nimg02,-1\n");
    PrepareLabels empty = PrepareLabels.read(csv, io.github.pneumo.RleCodec.standard());
    CachePreparer.builder().output(out).size(32).threads(1).reader(READER).labelsAtSize(empty)
        .labelsIdentity(empty.identity()).build().prepare(DicomTree.find(train), List.of());
    assertThat(Files.readString(out.resolve(TrainingCache.MANIFEST))).contains("labels=sha256\\:"
        + com.google.common.hash.Hashing.sha256().hashBytes(Files.readAllBytes(csv)) + " standard (train-rle.csv)");
    // the same labels: resumed
    assertThat(CachePreparer.builder().output(out).size(32).threads(1).reader(READER).labelsAtSize(empty)
        .labelsIdentity(empty.identity()).build().prepare(DicomTree.find(train), List.of()).alreadyPresent())
        .isEqualTo(2);
    // other labels: refused, saying why, nothing rewritten
    Files.writeString(csv, "ImageId,EncodedPixels\nimg01,101 300\nimg02,-1\n");
    PrepareLabels right = PrepareLabels.read(csv, io.github.pneumo.RleCodec.standard());
    assertThatThrownBy(() -> CachePreparer.builder().output(out).size(32).threads(1).reader(READER)
        .labelsAtSize(right).labelsIdentity(right.identity()).build().prepare(DicomTree.find(train), List.of()))
        .isInstanceOf(CacheFormatException.class)
        .hasMessage("cache " + out + " holds train masks made from other labels (" + empty.identity()
            + "), not from " + right.identity() + "; they would be stale: use another output folder (or delete "
            + "this one)");
    assertThat(TrainingCache.open(out).mask("img01").pixels()).containsOnly((byte) 0);
  }

  @Test
  void aLabelFileThatLabelsNoneOrFewImagesIsRefused() throws Exception {
    Path csv = tmp.resolve("l.csv");
    List<String> ids = List.of("a", "b", "c", "d");
    Files.writeString(csv, "");
    assertThatThrownBy(() -> PrepareLabels.read(csv, io.github.pneumo.RleCodec.relative()).checkCoverage(ids))
        .hasMessage("label file " + csv + " has no rows, so it labels none of the 4 train images; refusing to "
            + "cache them all as negatives");
    Files.writeString(csv, "ImageId, EncodedPixels\n");
    assertThatThrownBy(() -> PrepareLabels.read(csv, io.github.pneumo.RleCodec.relative()).checkCoverage(ids))
        .hasMessageContaining("has no rows");
    Files.writeString(csv, "ImageId, EncodedPixels\nx, -1\ny, -1\n");
    assertThatThrownBy(() -> PrepareLabels.read(csv, io.github.pneumo.RleCodec.relative()).checkCoverage(ids))
        .hasMessage("label file " + csv + " labels none of the 4 train images (e.g. image a; its first id is x): "
            + "wrong label file or data folder?");
    Files.writeString(csv, "ImageId, EncodedPixels\na, -1\n");
    assertThatThrownBy(() -> PrepareLabels.read(csv, io.github.pneumo.RleCodec.relative()).checkCoverage(ids))
        .hasMessage("label file " + csv + " labels only 1 of the 4 train images (fewer than half; e.g. no row for b): "
            + "wrong or truncated label file?");
    Files.writeString(csv, "ImageId, EncodedPixels\na, -1\nc, -1\n");
    assertThat(PrepareLabels.read(csv, io.github.pneumo.RleCodec.relative()).checkCoverage(ids)).isEqualTo(2);
  }
}
