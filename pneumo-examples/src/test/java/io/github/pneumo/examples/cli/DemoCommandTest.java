package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.submission.SubmissionScorer;
import io.github.pneumo.examples.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The demo's output contract, on the {@code --quick} variant, run once for both tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCommandTest {
  private Path demo;
  private int code;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  void runQuickDemo(@TempDir Path dir) {
    PneumoCli cli = PneumoCli.withDefaultCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    demo = dir.resolve("demo");
    code = cli.run(List.of("demo", "--out", demo.toString(), "--quick", "--seed", "7"));
  }

  private static final Pattern LAST_LINE = Pattern.compile(
      "demo: mean Dice ([0-9.]+) on (\\d+) held-out images \\(all-empty baseline ([0-9.]+), best triplet "
          + "\\(([0-9.]+), (\\d+), ([0-9.]+)\\)\\)");

  @Test
  void quickDemoHonoursTheOutputContract() throws Exception {
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    for (String f : List.of("data/train-rle.csv", "data/sample_submission.csv", "data/folds.csv",
        "data/test-rle.csv", "submission.csv", "report.html")) {
      assertThat(demo.resolve(f)).isRegularFile();
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    Matcher m = LAST_LINE.matcher(lines.get(lines.size() - 1));
    assertThat(m.matches()).as(lines.get(lines.size() - 1)).isTrue();

    // The printed score is the submission's mean Dice against the held-out truth, recomputed here.
    SiimLabels truth = SiimLabels.read(demo.resolve("data/test-rle.csv"), RleCodec.relative(), 64, 64);
    SiimLabels submission = SiimLabels.read(demo.resolve("submission.csv"), RleCodec.relative(), 64, 64);
    SiimLabels sample = SiimLabels.read(demo.resolve("data/sample_submission.csv"), RleCodec.relative(), 64, 64);
    assertThat(submission.imageIds()).containsExactlyInAnyOrderElementsOf(sample.imageIds());
    assertThat(m.group(1)).isEqualTo(String.format(Locale.ROOT, "%.4f",
        SubmissionScorer.meanDice(submission, truth)));
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(truth.imageIds().size());
    long empty = truth.imageIds().stream().filter(id -> !truth.isPositive(id)).count();
    assertThat(m.group(3)).isEqualTo(String.format(Locale.ROOT, "%.4f", empty / (double) truth.imageIds().size()));

    String html = Files.readString(demo.resolve("report.html"));
    assertThat(html).contains("Threshold search").contains("Training").contains("<img");
  }

  /**
   * The report as a person sees it: opened in headless Chromium, no console error, every image decoded
   * with a non-zero size, the training curve, the heat map and the overlays there. The screenshot is kept
   * in target/ (docs/images/report-chromium.png is one).
   */
  @Test
  void quickDemoReportRendersInChromium() throws Exception {
    Path chromium = HeadlessChromium.assumeInstalled();
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    HeadlessChromium.Page page = HeadlessChromium.open(chromium, demo.resolve("report.html"), 1280);
    assertThat(page.errors()).as("console errors").isEmpty();
    assertThat(page.headings()).contains("pneumo demo", "Training", "Threshold search")
        .anyMatch(h -> h.startsWith("Held-out images"));
    assertThat(page.images()).allSatisfy(i -> {
      assertThat(i.complete()).as(i.alt()).isTrue();
      assertThat(i.width()).as(i.alt()).isPositive();
      assertThat(i.height()).as(i.alt()).isPositive();
    });
    assertThat(page.images()).anyMatch(i -> i.alt().equals("Training"))
        .anyMatch(i -> i.alt().equals("Threshold search"))
        .anyMatch(HeadlessChromium.Image::inGallery);
    Path target = Path.of("target", "report-chromium.png");
    Files.createDirectories(target.getParent());
    Files.write(target, page.screenshot());
    java.awt.image.BufferedImage shot = javax.imageio.ImageIO.read(target.toFile());
    assertThat(shot.getWidth()).isGreaterThan(1200); // 1280 less the scroll bar
    assertThat(shot.getHeight()).isGreaterThan(600);
  }
}
