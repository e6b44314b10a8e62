package io.github.pneumo.djl.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.djl.weights.TorchWeights;
import io.github.pneumo.djl.weights.CheckpointFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlSegmentationModelTest {
  @TempDir static Path dir;
  static Path c1;
  static Path c2;
  static final String ARCH = "albunet";
  static final int SIDE = 64;

  @BeforeAll
  static void checkpoints() {
    c1 = save(1);
    c2 = save(2);
  }

  private static Path save(long seed) {
    Path f = dir.resolve("ckpt" + seed + ".params");
    try (Model m = SegmentationNetworks.create(Architecture.ALBUNET, seed)) {
      if (seed == 1) {
        CheckpointFormat.djl().save(m, f);
      } else {
        f = dir.resolve("ckpt" + seed + ".safetensors");
        TorchWeights.save(m, f);
      }
    }
    return f;
  }

  private static GreyImage image(int w, int h) {
    Random r = new Random(5);
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = (byte) (x * 3 + (y > h / 2 ? 80 : 0) + r.nextInt(20));
      }
    }
    return new GreyImage(w, h, px);
  }

  private static GreyImage flipped(GreyImage g) {
    byte[] out = new byte[g.pixels().length];
    for (int y = 0; y < g.height(); y++) {
      for (int x = 0; x < g.width(); x++) {
        out[y * g.width() + x] = g.pixels()[y * g.width() + g.width() - 1 - x];
      }
    }
    return new GreyImage(g.width(), g.height(), out);
  }

  private static float[] flipped(ProbabilityMap m) {
    float[] out = new float[m.values().length];
    for (int y = 0; y < m.height(); y++) {
      for (int x = 0; x < m.width(); x++) {
        out[y * m.width() + x] = m.get(m.width() - 1 - x, y);
      }
    }
    return out;
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("pixel %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-5f));
    }
  }

  /**
   * One test, to build each 35M-parameter network once: flip TTA, ensemble mean, weight average, resize.
   */
  @Test
  void ttaEnsembleWeightAverageAndResize() {
    GreyImage img = image(SIDE, SIDE);
    try (DjlSegmentationModel plainA = DjlSegmentationModel.builder(ARCH).ensemble(List.of(c1)).flip(false).build();
        DjlSegmentationModel plainB = DjlSegmentationModel.builder(ARCH).ensemble(List.of(c2)).flip(false).build()) {
      ProbabilityMap a = plainA.predict(img);
      float[] b = plainB.predict(img).values();

      // flip TTA = (model(x) + flip(model(flip(x)))) / 2, from a model with the same weights
      float[] af = flipped(plainA.predict(flipped(img)));
      float[] expectedTta = new float[af.length];
      for (int i = 0; i < af.length; i++) {
        expectedTta[i] = (a.values()[i] + af[i]) / 2;
      }
      try (DjlSegmentationModel tta = DjlSegmentationModel.builder(ARCH).ensemble(List.of(c1)).build()) {
        ProbabilityMap t = tta.predict(img);
        assertClose(t.values(), expectedTta);
        assertThat(a.values()).isNotEqualTo(t.values());
        assertThat(tta.passesPerImage()).isEqualTo(2);
      }

      // ensemble = mean of the members' probabilities
      try (DjlSegmentationModel both = DjlSegmentationModel.builder(ARCH).ensemble(List.of(c1, c2)).flip(false)
          .inputSize(64).build()) {
        float[] expected = new float[b.length];
        for (int i = 0; i < b.length; i++) {
          expected[i] = (a.values()[i] + b[i]) / 2;
        }
        assertClose(both.predict(img).values(), expected);
        assertThat(both.passesPerImage()).isEqualTo(2);
        ProbabilityMap resized = both.predict(image(100, 80));
        assertThat(resized.width()).isEqualTo(100);
        assertThat(resized.height()).isEqualTo(80);
      }

      // weight average = one network whose parameters are the mean of the checkpoints'
      try (DjlSegmentationModel avg = DjlSegmentationModel.builder(ARCH).weightAverage(List.of(c1, c2)).flip(false)
          .build()) {
        assertThat(avg.passesPerImage()).isEqualTo(1);
        Map<String, Parameter> pa = SegmentationNetworks.parameters(plainA.members().get(0));
        Map<String, Parameter> pb = SegmentationNetworks.parameters(plainB.members().get(0));
        int checked = 0;
        for (Map.Entry<String, Parameter> e : SegmentationNetworks.parameters(avg.members().get(0)).entrySet()) {
          float[] x = pa.get(e.getKey()).getArray().toFloatArray();
          float[] y = pb.get(e.getKey()).getArray().toFloatArray();
          float[] m = e.getValue().getArray().toFloatArray();
          for (int i = 0; i < m.length; i += Math.max(1, m.length / 20)) {
            assertThat(m[i]).as(e.getKey()).isCloseTo((x[i] + y[i]) / 2, org.assertj.core.data.Offset.offset(1e-6f));
          }
          checked++;
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(avg.predict(img).values()).isNotEqualTo(a.values());
      }
    }
  }

  @Test
  void badCheckpointsAreNamed() throws Exception {
    Path bad = dir.resolve("bad.params");
    Files.write(bad, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> DjlSegmentationModel.builder(ARCH).ensemble(List.of(bad)).build())
        .isInstanceOf(PneumoException.class).hasMessageContaining("bad.params");
    assertThatThrownBy(() -> DjlSegmentationModel.builder(ARCH).ensemble(List.of(dir.resolve("x.pth"))).build())
        .isInstanceOf(PneumoException.class).hasMessageContaining("x.pth");
  }

  @Test
  void aGpuThatDoesNotExistIsAnErrorNeverASilentCpuRun() {
    int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
    ai.djl.Device missing = ai.djl.Device.gpu(gpus);
    assertThatThrownBy(() -> DjlSegmentationModel.builder(ARCH).ensemble(List.of(c1)).device(missing).build())
        .isInstanceOf(PneumoException.class)
        .hasMessageContaining("device " + missing + " was asked for, but the PyTorch engine sees "
            + (gpus == 0 ? "no GPU" : gpus + " GPU(s)"));
    assertThatThrownBy(() -> SegmentationNetworks.create(Architecture.ALBUNET, 1, missing))
        .isInstanceOf(PneumoException.class).hasMessageContaining("was asked for");
    try (DjlSegmentationModel cpu = DjlSegmentationModel.builder(ARCH).ensemble(List.of(c1))
        .device(ai.djl.Device.cpu()).build()) {
      assertThat(cpu.members().get(0).getNDManager().getDevice()).isEqualTo(ai.djl.Device.cpu());
    }
  }

  @Test
  void predictsTheSameOnAnyThreadAndLeavesItsAutogradSwitchAlone() throws Exception {
    GreyImage img = image(SIDE, SIDE);
    try (DjlSegmentationModel model = DjlSegmentationModel.builder(ARCH).ensemble(List.of(c1)).build()) {
      float[] here = model.predict(img).values();
      // a new thread records autograd (libtorch's default): inference must neither record nor fail there
      // (the channels-last and in-place kernels run in inference mode only where nothing records)
      float[][] there = new float[1][];
      boolean[] recordingAfter = new boolean[1];
      Throwable[] failure = new Throwable[1];
      Thread worker = new Thread(() -> {
        try {
          ai.djl.pytorch.jni.JniUtils.setGradMode(true);
          there[0] = model.predict(img).values();
          recordingAfter[0] = ai.djl.pytorch.jni.JniUtils.isGradMode();
        } catch (Throwable t) {
          failure[0] = t;
        }
      });
      worker.start();
      worker.join();
      assertThat(failure[0]).isNull();
      assertThat(there[0]).containsExactly(here);
      assertThat(recordingAfter[0]).as("the caller's autograd switch is restored").isTrue();
    }
  }
}
