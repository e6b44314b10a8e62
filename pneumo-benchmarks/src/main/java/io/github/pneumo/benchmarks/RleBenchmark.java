package io.github.pneumo.benchmarks;

import io.github.pneumo.Mask;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RLE encode and decode of a 1024² mask holding one real pneumothorax annotation from the SIIM label set
 * ({@code ../shared/data/siim-labels/siim-train-rle.csv.gz}, or {@code -Dpneumo.labels=FILE}): the
 * single-annotation image of median area ({@code median}) and the largest single annotation
 * ({@code largest}). Targets (issue 2): encode ≤ 0.4 ms, decode ≤ 0.1 ms.
 *
 * <p>Run: {@code pneumo-benchmarks/run.sh 'RleBenchmark' -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RleBenchmark {

  /** Which real annotation to use. */
  @Param({"median", "largest"})
  public String region = "median";

  private Mask mask = Mask.empty(1, 1);
  private String relative = "";
  private String standard = "";

  /** Loads the labels and picks the annotation. */
  @Setup
  public void setup() {
    Path file = Path.of(System.getProperty("pneumo.labels", "../shared/data/siim-labels/siim-train-rle.csv.gz"));
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("label file not found: " + file.toAbsolutePath()
          + " (run from the repository root or pass -Dpneumo.labels=FILE)");
    }
    SiimLabels labels = SiimLabels.read(file, RleCodec.relative());
    List<Mask> single = labels.imageIds().stream()
        .filter(id -> labels.annotationCount(id) == 1)
        .map(labels::mask)
        .sorted(Comparator.comparingInt(Mask::area))
        .toList();
    mask = region.equals("largest") ? single.get(single.size() - 1) : single.get(single.size() / 2);
    relative = RleCodec.relative().encode(mask);
    standard = RleCodec.standard().encode(mask);
    System.err.printf("%s annotation: area %d px, %d runs%n", region, mask.area(), relative.split(" ").length / 2);
  }

  /** Relative (stage-1) encoding. */
  @Benchmark
  public String encodeRelative() {
    return RleCodec.relative().encode(mask);
  }

  /** Standard (stage-2) encoding. */
  @Benchmark
  public String encodeStandard() {
    return RleCodec.standard().encode(mask);
  }

  /** Relative (stage-1) decoding. */
  @Benchmark
  public Mask decodeRelative() {
    return RleCodec.relative().decode(relative, 1024, 1024);
  }

  /** Standard (stage-2) decoding. */
  @Benchmark
  public Mask decodeStandard() {
    return RleCodec.standard().decode(standard, 1024, 1024);
  }
}
