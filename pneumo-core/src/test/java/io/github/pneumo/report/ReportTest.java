package io.github.pneumo.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.image.GreyImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path tmp;

  @Test
  void readsAnOriginalStyleSummary() throws Exception {
    Path f = tmp.resolve("summary.csv");
    Files.writeString(f, ",epoch,best_metric,\"(0.75, 1000, 0.3)\",\"(0.6, 2000, 0.4)\"\n"
        + "0,0,0.81,0.8,0.81\n1,1,0.83,0.83,0.79\n");
    TrainingSummary s = TrainingSummary.read(f);
    assertThat(s.epochs()).containsExactly(0, 1);
    assertThat(s.bestMetric()).containsExactly(0.81, 0.83);
    assertThat(s.perTriplet().keySet()).containsExactly(new TripletThreshold(0.75, 1000, 0.3),
        new TripletThreshold(0.6, 2000, 0.4));
    assertThat(s.perTriplet().get(new TripletThreshold(0.6, 2000, 0.4))).containsExactly(0.81, 0.79);
    BufferedImage chart = TrainingCurveChart.render(s, "t", 600, 350);
    assertThat(chart.getWidth()).isEqualTo(600);
    Files.writeString(f, "epoch,best_metric\n0,abc\n");
    assertThatThrownBy(() -> TrainingSummary.read(f)).isInstanceOf(PneumoException.class)
        .hasMessageContaining("summary.csv:2").hasMessageContaining("best_metric");
  }

  @Test
  void overlayColoursFillOutlineAndTruth() throws Exception {
    int n = 200; // legend sits in the top-left corner; the masks are away from it
    GreyImage img = new GreyImage(n, n, new byte[n * n]);
    java.util.Arrays.fill(img.pixels(), (byte) 100);
    Mask.Builder p = Mask.builder(n, n);
    for (int x = 120; x < 135; x++) {
      for (int y = 120; y < 135; y++) {
        p.set(x, y);
      }
    }
    Mask truth = Mask.builder(n, n).setRun(130L * n + 130, 5).build(); // column x=130, y 130..134
    BufferedImage out = Overlay.render(img, p.build(), truth, null);
    assertThat(out.getRGB(2, 199) & 0xFFFFFF).isEqualTo(0x646464); // untouched grey
    assertThat(out.getRGB(120, 127) & 0xFFFFFF).isEqualTo(Overlay.PREDICTED.getRGB() & 0xFFFFFF); // outline
    assertThat(out.getRGB(119, 127) & 0xFFFFFF).isEqualTo(0x646464); // just outside
    int inside = out.getRGB(127, 127);
    assertThat((inside >> 16) & 0xFF).isEqualTo((int) (0.7 * 100 + 0.3 * 255)); // translucent fill
    assertThat(out.getRGB(130, 132) & 0xFFFFFF).isEqualTo(Overlay.TRUTH.getRGB() & 0xFFFFFF);
    Path f = tmp.resolve("o.png");
    Png.write(out, f);
    assertThat(ImageIO.read(f.toFile()).getRGB(130, 132)).isEqualTo(out.getRGB(130, 132));
  }

  @Test
  void htmlEscapesAndEmbeds() {
    String html = HtmlReport.builder("a <b> & c").score("x<y", "1").figure("fig", new BufferedImage(2, 2,
        BufferedImage.TYPE_INT_RGB), "cap").gallery("g", List.of(), List.of()).build().html();
    assertThat(html).contains("<title>a &lt;b&gt; &amp; c</title>").contains("x&lt;y")
        .contains("data:image/png;base64,iVBOR");
  }
}
