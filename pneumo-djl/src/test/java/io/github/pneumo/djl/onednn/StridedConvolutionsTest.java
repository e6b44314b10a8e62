package io.github.pneumo.djl.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.pneumo.djl.layers.Conv2dLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The experimental strided-convolution rewrite: exact parity with the strided primitive, and which kernels it avoids. */
class StridedConvolutionsTest {

  /** Input, weight, bias and the output's cotangent of one case; outputs and gradients of one path. */
  record Result(float[] y, float[] dx, float[] dw, float[] db, Shape shape) {}

  static Result run(NDManager m, int cin, int cout, int k, int s, int p, int hw, int groups, boolean rewrite) {
    Engine.getEngine("PyTorch").setRandomSeed(11);
    NDArray x = m.randomNormal(new Shape(2, cin, hw, hw + 1));
    NDArray w = m.randomNormal(new Shape(cout, cin / groups, k, k));
    NDArray b = m.randomNormal(new Shape(cout));
    int out = (hw + 2 * p - k) / s + 1;
    NDArray r = m.randomNormal(new Shape(2, cout, out, (hw + 1 + 2 * p - k) / s + 1));
    x.setRequiresGradient(true);
    w.setRequiresGradient(true);
    b.setRequiresGradient(true);
    NDArray y;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      y = rewrite ? StridedConvolutions.conv2d(x, w, b, s, p, groups)
          : Conv2d.conv2d(x, w, b, new Shape(s, s), new Shape(p, p), new Shape(1, 1), groups).singletonOrThrow();
      gc.backward(y.mul(r).sum());
    }
    return new Result(y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray(),
        b.getGradient().toFloatArray(), y.getShape());
  }

  static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double max = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    }
    assertThat(max).as(what).isGreaterThan(0);
    assertThat(diff / max).as(what + ": max |diff| / max |value|").isLessThan(1e-5);
  }

  @Test
  void outputsAndGradientsEqualTheStridedConvolution() {
    // (in, out, kernel, stride, padding, height, groups): the networks' 1×1 / 2 shortcuts, 3×3 / 2 (also grouped,
    // as in SE-ResNeXt), the 7×7 / 2 stem; odd and even sizes (the width is height + 1)
    int[][] cases = {{8, 16, 1, 2, 0, 15, 1}, {8, 16, 1, 2, 0, 16, 1}, {8, 16, 3, 2, 1, 15, 1}, {8, 16, 3, 2, 1, 16, 1},
        {16, 16, 3, 2, 1, 16, 4}, {3, 8, 7, 2, 3, 33, 1}, {4, 8, 3, 3, 1, 17, 1}};
    try (NDManager m = NDManager.newBaseManager()) {
      for (int[] c : cases) {
        String what = java.util.Arrays.toString(c);
        Result ref = run(m, c[0], c[1], c[2], c[3], c[4], c[5], c[6], false);
        Result alt = run(m, c[0], c[1], c[2], c[3], c[4], c[5], c[6], true);
        assertThat(alt.shape()).as(what).isEqualTo(ref.shape());
        assertClose(alt.y(), ref.y(), what + " output");
        assertClose(alt.dx(), ref.dx(), what + " input gradient");
        assertClose(alt.dw(), ref.dw(), what + " weight gradient");
        assertClose(alt.db(), ref.db(), what + " bias gradient");
      }
    }
  }

  @Test
  void conv2dLayerUsesItOnlyWhenThePropertyIsSet() {
    try (NDManager m = NDManager.newBaseManager()) {
      Conv2dLayer conv = Conv2dLayer.builder(4, 6, 3).stride(2).padding(1).build();
      conv.initialize(m, DataType.FLOAT32, new Shape(1, 4, 9, 9));
      NDArray x = m.randomNormal(new Shape(1, 4, 9, 9));
      ParameterStore ps = new ParameterStore(m, false);
      assertThat(StridedConvolutions.enabled()).isFalse();
      float[] plain = conv.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      System.setProperty(StridedConvolutions.PROPERTY, "true");
      try {
        assertThat(StridedConvolutions.enabled()).isTrue();
        assertClose(conv.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray(), plain, "layer");
      } finally {
        System.clearProperty(StridedConvolutions.PROPERTY);
      }
    }
  }

  /**
   * Under {@code ONEDNN_MAX_CPU_ISA=AVX2} the strided path's backward uses {@code brgconv_strided} (the primitive
   * of the Zen 5 SIGFPE) and the rewrite uses no brgemm convolution at all. Read from {@code ONEDNN_VERBOSE=1} in
   * a child JVM; skipped on a CPU where oneDNN does not pick that primitive (no AVX2, another architecture).
   */
  @Test
  void underAvx2TheRewriteAvoidsTheBrgemmConvolutions() throws Exception {
    List<String> plain = kernels(false);
    assumeTrue(plain.stream().anyMatch(l -> l.startsWith("backward_data brgconv_strided:avx2")),
        "oneDNN does not choose brgconv_strided:avx2 on this CPU: " + plain);
    List<String> rewritten = kernels(true);
    assertThat(rewritten).isNotEmpty().noneMatch(l -> l.contains("brg"));
    assertThat(rewritten).contains("backward_data jit:avx2", "backward_data jit_1x1:avx2");
  }

  /** The convolution kernels oneDNN runs for {@link KernelProbe}, as "direction kernel" lines. */
  static List<String> kernels(boolean rewrite) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true", "-D" + StridedConvolutions.PROPERTY + "=" + rewrite, KernelProbe.class.getName())
        .redirectErrorStream(true);
    pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
    pb.environment().put("ONEDNN_VERBOSE", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.split(",");
      if (line.startsWith("onednn_verbose,") && f.length > 7 && "exec".equals(f[3]) && "convolution".equals(f[5])) {
        lines.add(f[7] + " " + f[6]);
      }
    }
    return lines;
  }

  /** Child JVM: a 1×1 / 2 and a 3×3 / 2 convolution through {@link Conv2dLayer}, forward and backward. */
  static final class KernelProbe {
    public static void main(String[] args) {
      try (NDManager m = NDManager.newBaseManager()) {
        for (int k : new int[] {1, 3}) {
          Conv2dLayer conv = Conv2dLayer.builder(32, 64, k).stride(2).padding(k / 2).build();
          conv.initialize(m, DataType.FLOAT32, new Shape(2, 32, 16, 16));
          NDArray x = m.randomNormal(new Shape(2, 32, 16, 16));
          x.setRequiresGradient(true);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            gc.backward(y.sum());
          }
        }
      }
    }
  }
}
