package io.github.pneumo.data;

import io.github.pneumo.RleCodec;
import io.github.pneumo.testdata.TestData;
import java.nio.file.Path;

/**
 * The test data of pneumo-core's tests, through {@link TestData}: vendored fixtures are always there; the large
 * shared files (full label set, original folds) skip the calling test when {@code -Dpneumo.shared.dir} does not
 * hold them.
 */
public final class SharedData {
  private SharedData() {}

  private static SiimLabels fullLabels;

  /** The full SIIM label set (relative RLE, shared data), read once per test JVM; skips when absent. */
  public static synchronized SiimLabels fullLabels() {
    if (fullLabels == null) {
      fullLabels = SiimLabels.read(TestData.shared("data/siim-labels/siim-train-rle.csv.gz"), RleCodec.relative());
    }
    return fullLabels;
  }

  /**
   * A file under the shared folder's {@code data/}: its vendored copy when there is one, else the shared file
   * (skipping the test when absent).
   */
  public static Path file(String relative) {
    return TestData.file("data/" + relative);
  }
}
