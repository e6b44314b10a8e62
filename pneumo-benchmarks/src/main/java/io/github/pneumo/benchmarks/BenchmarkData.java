package io.github.pneumo.benchmarks;

/** Default input locations of the benchmarks, relative to the repository root (where {@code run.sh} runs). */
final class BenchmarkData {
  /** The ten real SIIM sample radiographs vendored in pneumo-testdata (copied from ../shared/data/siim-sample). */
  static final String VENDORED_SAMPLE = "pneumo-testdata/src/main/resources/io/github/pneumo/testdata/data/siim-sample";

  private BenchmarkData() {}
}
