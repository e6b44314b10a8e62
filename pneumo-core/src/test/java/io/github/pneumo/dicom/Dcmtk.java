package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Runs Debian's dcmtk tools for the conformance cross-checks; tests skip when they are not installed. */
public final class Dcmtk {
  private Dcmtk() {}

  /** Skips the calling test, with a message, unless {@code dcmdump} and {@code dcmj2pnm} are on the PATH. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(onPath("dcmdump") && onPath("dcmj2pnm"),
        "dcmtk (dcmdump, dcmj2pnm) is not installed: skipping the dcmtk conformance check");
  }

  /**
   * Runs a command and asserts that it exits with 0 within a minute.
   *
   * @param command the command and its arguments
   * @return its standard output and error, merged
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted while waiting
   */
  public static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null && Stream.of(path.split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
