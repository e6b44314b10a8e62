package io.github.pneumo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs docs/notebook.jsh with the JDK's jshell tool and checks what it prints. */
class NotebookTest {

  private static final String ID = "1.2.276.0.7230010.3.1.4.8323329.1314.1517875167.222290";

  @Test
  void notebookRunsInJshell() throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("pneumo.repo.dir"));
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    ProcessBuilder pb = new ProcessBuilder(List.of(jshell.toString(),
        "--class-path", System.getProperty("java.class.path"),
        "-R-Dai.djl.offline=true", "-R-Dai.djl.default_engine=PyTorch", "-R-Xmx2g",
        "docs/notebook.jsh"))
        .directory(repo.toFile())
        .redirectErrorStream(true);
    pb.environment().remove("PNEUMO_CHECKPOINT");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    SiimLabels labels = SiimLabels.read(
        repo.resolve("pneumo-examples/src/test/resources/siim/train-rle-sample.csv"), RleCodec.relative());
    int area = labels.mask(ID).area();
    assertThat(out).as(out)
        .contains("dicom: 1024x1024 MONOCHROME2 1.2.840.10008.1.2.4.50")
        .contains("label: 1 annotation(s), " + area + " pixels")
        .contains("map: 1024x1024")
        .contains("label round trip: true")
        .contains("label (relative RLE, first 40 chars): "
            + RleCodec.relative().encode(labels.mask(ID)).substring(0, 40))
        .doesNotContain("Exception")
        .doesNotContain("Error:");
    Matcher m = Pattern.compile("prediction \\(standard RLE\\): ([-0-9 ]+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    RleCodec.standard().decode(m.group(1), 1024, 1024); // a well-formed RLE
  }
}
