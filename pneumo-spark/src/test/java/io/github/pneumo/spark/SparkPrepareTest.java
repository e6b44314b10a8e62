package io.github.pneumo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.data.cache.CacheFormatException;
import io.github.pneumo.data.cache.CachePreparer;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.data.cache.PrepareSummary;
import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.dicom.RadiographReader;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distributed prepare against {@link CachePreparer} as {@code pneumo prepare} runs it. */
class SparkPrepareTest {
  @TempDir Path dir;
  final SparkTestData data = SparkTestData.get();
  final SparkSession spark = SparkTestData.spark();

  private SiimLabels labels() {
    return SiimLabels.read(data.root.resolve("data").resolve(SyntheticDataset.TRAIN_LABELS), RleCodec.relative(),
        SparkTestData.SIZE, SparkTestData.SIZE);
  }

  private Path trainDicoms() {
    return data.root.resolve("data").resolve(SyntheticDataset.TRAIN_DIR);
  }

  @Test
  void cacheIsByteIdenticalToPrepareAndABadFileIsListed() throws Exception {
    Path testTree = data.copyOfDicoms(dir.resolve("test-tree"));
    Path trainTree = copy(trainDicoms(), dir.resolve("train-tree"));
    Path bad = trainTree.resolve("s").resolve("r").resolve("9.9.9.dcm");
    Files.createDirectories(bad.getParent());
    Files.write(bad, new byte[] {'D', 'I', 'C', 'M'});
    SiimLabels labels = labels();

    Path reference = dir.resolve("reference");
    PrepareSummary expected = CachePreparer.builder().output(reference).size(32).threads(1)
        .reader(RadiographReader.builtIn()::read)
        .labels(id -> labels.contains(id) ? labels.annotationMasks(id) : List.of())
        .build().prepare(DicomTree.find(trainTree), DicomTree.find(testTree));

    Path cache = dir.resolve("cache");
    PrepareSummary s = SparkPrepare.prepare(DicomFiles.list(spark, trainTree.toString(), 3),
        DicomFiles.read(spark, testTree.toString()), labels, 32, cache);
    assertThat(s.written()).isEqualTo(expected.written()).isEqualTo(8 + SparkTestData.TEST_IMAGES);
    assertThat(s.alreadyPresent()).isZero();
    assertThat(s.failures()).hasSize(1);
    assertThat(s.failures().get(0).file()).isEqualTo(bad);
    assertThat(s.failures().get(0).reason()).isEqualTo(expected.failures().get(0).reason());
    // every entry byte for byte; the manifest differs only in the date comment Properties writes
    assertThat(files(cache)).isEqualTo(files(reference)).hasSize(8 + SparkTestData.TEST_IMAGES);
    assertThat(TrainingCache.open(cache).size()).isEqualTo(32);

    PrepareSummary again = SparkPrepare.prepare(DicomFiles.list(spark, trainTree.toString(), 2),
        DicomFiles.list(spark, testTree.toString(), 2), labels, 32, cache);
    assertThat(again.written()).isZero();
    assertThat(again.alreadyPresent()).isEqualTo(8 + SparkTestData.TEST_IMAGES);
    assertThat(again.failures()).hasSize(1);
  }

  @Test
  void duplicateIdsAreListedAndTheFirstPathWins() throws Exception {
    Path trainTree = copy(trainDicoms(), dir.resolve("a-tree"));
    Path first;
    try (Stream<Path> s = Files.walk(trainTree)) {
      first = s.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
    }
    Path second = trainTree.resolve("zz").resolve("zz").resolve(first.getFileName());
    Files.createDirectories(second.getParent());
    Files.copy(first, second);
    PrepareSummary s = SparkPrepare.prepare(DicomFiles.list(spark, trainTree.toString(), 2),
        DicomFiles.list(spark, trainTree.toString(), 1).limit(0), labels(), 32, dir.resolve("cache"));
    assertThat(s.written()).isEqualTo(8);
    assertThat(s.failures()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo(second);
      assertThat(f.reason()).isEqualTo("duplicate image ID " + DicomTree.imageId(first) + " (also " + first + ")");
    });
  }

  @Test
  void aCacheOfAnotherSizeIsRefused() {
    Path cache = dir.resolve("cache");
    SparkPrepare.prepare(DicomFiles.list(spark, trainDicoms().toString(), 1),
        DicomFiles.list(spark, trainDicoms().toString(), 1).limit(0), labels(), 32, cache);
    assertThatThrownBy(() -> SparkPrepare.prepare(DicomFiles.list(spark, trainDicoms().toString(), 1),
        DicomFiles.list(spark, trainDicoms().toString(), 1).limit(0), labels(), 16, cache))
        .isInstanceOf(CacheFormatException.class).hasMessageContaining("was prepared at size 32");
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  /** Cache entry name → SHA-256 of its bytes. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".ptc")).toList()) {
        out.put(root.relativize(p).toString(), Hashing.sha256().hashBytes(Files.readAllBytes(p)).toString());
      }
    }
    return out;
  }
}
