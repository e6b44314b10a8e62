package io.github.pneumo.spark;

import ai.djl.Model;
import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.TorchWeights;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What the module's tests share, made once per test JVM: one local Spark session ({@code local[2,2]}: two
 * cores, a failed task is retried once) and a tiny synthetic SIIM set with randomly initialised AlbuNet
 * weights.
 */
final class SparkTestData {
  /** Test images in the synthetic set. */
  static final int TEST_IMAGES = 10;
  /** Side of the synthetic images. */
  static final int SIZE = 64;

  private static SparkSession spark;
  private static SparkTestData data;

  final Path root;
  final Path dicoms;
  final Path weights;
  final Path sample;

  private SparkTestData(Path root) {
    this.root = root;
    this.dicoms = root.resolve("data").resolve(SyntheticDataset.TEST_DIR);
    this.weights = root.resolve("albunet.safetensors");
    this.sample = root.resolve("sample.csv");
  }

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2,2]").appName("pneumo-spark tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
    }
    return spark;
  }

  static synchronized SparkTestData get() {
    if (data == null) {
      try {
        Path root = Files.createTempDirectory("pneumo-spark-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        SparkTestData d = new SparkTestData(root);
        SyntheticDataset.builder().train(8).test(TEST_IMAGES).size(SIZE).seed(11).build().write(root.resolve("data"));
        try (Model m = SegmentationNetworks.create(Architecture.ALBUNET, 1)) {
          TorchWeights.save(m, d.weights);
        }
        // The synthetic sample submission (test ids, generation order) plus a second row for its third id,
        // so that the stage-1 "leak" rule (several rows → bottom threshold, no area gate) is exercised.
        List<String> lines = Files.readAllLines(root.resolve("data").resolve(SyntheticDataset.SAMPLE_SUBMISSION));
        String third = lines.get(3);
        lines.add(third);
        Files.write(d.sample, lines, StandardCharsets.UTF_8);
        data = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return data;
  }

  /** The model of the tests: AlbuNet, flip TTA, at the images' size. */
  ModelSpec spec() {
    return ModelSpec.builder("albunet").ensemble(List.of(ModelSpec.Checkpoint.path(weights))).flip(true).build();
  }

  /** A copy of the test DICOM tree in a new folder. */
  Path copyOfDicoms(Path target) {
    try (Stream<Path> s = Files.walk(dicoms)) {
      for (Path p : s.toList()) {
        Path t = target.resolve(dicoms.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new PneumoException("cannot copy " + dicoms + ": " + e, e);
    }
    return target;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
