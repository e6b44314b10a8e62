package io.github.pneumo.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared (set by surefire as pneumo.shared.dir). */
public final class SharedData {
  private SharedData() {}

  private static SiimLabels fullLabels;

  /** The full SIIM label set (relative RLE), read once per test JVM. */
  public static synchronized SiimLabels fullLabels() {
    if (fullLabels == null) {
      fullLabels = SiimLabels.read(file("siim-labels/siim-train-rle.csv.gz"), io.github.pneumo.RleCodec.relative());
    }
    return fullLabels;
  }

  /** Returns a file under shared/data, failing the test if it is missing. */
  public static Path file(String relative) {
    String dir = System.getProperty("pneumo.shared.dir");
    Assumptions.assumeTrue(dir != null, "pneumo.shared.dir not set");
    Path p = Path.of(dir, "data", relative);
    if (!Files.isRegularFile(p)) {
      throw new AssertionError("shared data file missing: " + p);
    }
    return p;
  }
}
