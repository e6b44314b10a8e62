package io.github.pneumo.djl.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs training in a real child JVM, kills it with SIGKILL (destroyForcibly) at random moments, restarts
 * it with resume until it completes, and compares every output with an uninterrupted run.
 */
class KillAndResumeTest {

  private static final int EPOCHS = 8;

  private static Process start(Path dir, boolean resume) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true", "-Dai.djl.default_engine=PyTorch", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        TrainerProcess.class.getName(), dir.toString(), Integer.toString(EPOCHS), resume ? "resume" : "fresh"));
    // the oneDNN settings of this JVM (docs/troubleshooting.md) apply to the child too
    System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("pneumo.onednn.")).sorted()
        .forEach(n -> cmd.add(cmd.size() - 4, "-D" + n + "=" + System.getProperty(n)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling(dir.getFileName() + ".out").toFile());
    Files.createDirectories(dir);
    return pb.start();
  }

  private static Map<String, byte[]> outputs(Path dir) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir.resolve("checkpoints"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace(File.separatorChar, '/'), Files.readAllBytes(p));
      }
    }
    return files;
  }

  private static int rows(Path summary) throws Exception {
    try {
      return Files.exists(summary) ? Files.readAllLines(summary).size() - 1 : 0;
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    }
  }

  @Test
  void aRunKilledAtRandomMomentsResumesToTheSameResult(@TempDir Path tmp) throws Exception {
    Path reference = tmp.resolve("reference");
    Process p = start(reference, false);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("reference.out"))).isZero();

    Path killed = tmp.resolve("killed");
    Path summary = killed.resolve("checkpoints/fold0/summary.csv");
    Random random = new Random(12345);
    // kill -9 before the first epoch completes, then after 2, 4 and 6 completed epochs plus a random delay
    int[] killAfterRows = {0, 2, 4, 6};
    int kills = 0;
    boolean resume = false;
    while (true) {
      Process run = start(killed, resume);
      if (kills < killAfterRows.length) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (run.isAlive() && rows(summary) < killAfterRows[kills] && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        Thread.sleep(kills == 0 ? 1500 + random.nextInt(1500) : random.nextInt(400));
      }
      if (kills >= killAfterRows.length || !run.isAlive()) {
        assertThat(run.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(Files.readString(tmp.resolve("killed.out"))).isZero();
        break;
      }
      run.destroyForcibly().waitFor();
      kills++;
      resume = true;
      // after every kill the summary is a well-formed prefix of the reference's
      if (Files.exists(summary)) {
        List<String> ref = Files.readAllLines(reference.resolve("checkpoints/fold0/summary.csv"));
        List<String> got = Files.readAllLines(summary);
        assertThat(ref).startsWith(got.toArray(String[]::new));
      }
    }
    assertThat(kills).as("kills that landed mid-run").isEqualTo(killAfterRows.length);
    List<String> resumes = Files.readAllLines(killed.resolve("log/train_fold_0.log")).stream()
        .filter(l -> l.contains("resuming at epoch")).toList();
    assertThat(resumes).as("resumed from completed epochs").hasSizeGreaterThanOrEqualTo(3);

    Map<String, byte[]> expected = outputs(reference);
    Map<String, byte[]> actual = outputs(killed);
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(expected.keySet()).contains("checkpoints/fold0/summary.csv", "checkpoints/tiny_fold0.params")
        .doesNotContain("checkpoints/fold0/resume.bin");
    assertThat(expected.keySet().stream().filter(k -> k.contains("_epoch"))).hasSize(2);
    for (String k : expected.keySet()) {
      assertThat(actual.get(k)).as(k).isEqualTo(expected.get(k));
    }
    assertThat(Files.readAllLines(killed.resolve("checkpoints/fold0/summary.csv"))).hasSize(EPOCHS + 1);
  }
}
