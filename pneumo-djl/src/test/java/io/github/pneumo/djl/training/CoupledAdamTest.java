package io.github.pneumo.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class CoupledAdamTest {

  /** PyTorch 1.1 Adam with coupled L2, written out in doubles for one scalar. */
  private static final class Reference {
    double w;
    double m;
    double v;
    int t;

    Reference(double w) {
      this.w = w;
    }

    void step(double grad, double lr, double wd) {
      double g = grad + wd * w;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      t++;
      double stepSize = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      w -= stepSize * m / (Math.sqrt(v) + 1e-8);
    }
  }

  @Test
  void matchesTheHandWrittenUpdateOverSeveralSteps() {
    double[] w0 = {1.0, -2.0, 0.25};
    double[][] grads = {{0.5, 0.1, -3.0}, {-0.2, 0.1, 1e-4}, {0.3, -0.7, 0.0}};
    double[] lrs = {0.1, 0.05, 0.01};
    Reference[] ref = {new Reference(w0[0]), new Reference(w0[1]), new Reference(w0[2])};
    try (NDManager m = NDManager.newBaseManager();
        CoupledAdam adam = CoupledAdam.builder().learningRate(0.1).weightDecay(0.01).build(m)) {
      NDArray w = m.create(new float[] {(float) w0[0], (float) w0[1], (float) w0[2]});
      for (int s = 0; s < grads.length; s++) {
        adam.setLearningRate(lrs[s]);
        NDArray g = m.create(new float[] {(float) grads[s][0], (float) grads[s][1], (float) grads[s][2]});
        adam.update("w", w, g);
        for (int i = 0; i < 3; i++) {
          ref[i].step(grads[s][i], lrs[s], 0.01);
        }
        float[] got = w.toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertThat((double) got[i]).as("step %s element %s", s, i).isCloseTo(ref[i].w, within(1e-6));
        }
      }
      assertThat(adam.stepCount("w")).isEqualTo(3);
    }
  }

  @Test
  void weightDecayIsCoupledNotDecoupled() {
    // zero gradient: coupled L2 still moves the weight through the moments by about lr (sign of w);
    // decoupled (AdamW) would move it by lr·wd·w only.
    try (NDManager m = NDManager.newBaseManager();
        CoupledAdam adam = CoupledAdam.builder().learningRate(0.1).weightDecay(0.5).build(m)) {
      NDArray w = m.create(new float[] {2f});
      adam.update("w", w, m.create(new float[] {0f}));
      Reference r = new Reference(2.0);
      r.step(0, 0.1, 0.5);
      assertThat((double) w.getFloat(0)).isCloseTo(r.w, within(1e-6)).isCloseTo(1.9, within(1e-4));
    }
  }

  @Test
  void stateRoundTripsForResume() throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        CoupledAdam a = CoupledAdam.builder().learningRate(0.01).build(m);
        CoupledAdam b = CoupledAdam.builder().learningRate(0.01).build(m)) {
      NDArray wa = m.create(new float[] {1f, 2f});
      NDArray wb = m.create(new float[] {1f, 2f});
      a.update("p", wa, m.create(new float[] {0.3f, -0.1f}));
      b.update("p", wb, m.create(new float[] {0.3f, -0.1f}));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      a.writeState(new DataOutputStream(bytes));
      try (CoupledAdam c = CoupledAdam.builder().learningRate(0.01).build(m)) {
        c.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(c.stepCount("p")).isEqualTo(1);
        NDArray g = m.create(new float[] {-0.2f, 0.4f});
        b.update("p", wb, g);
        c.update("p", wa, g);
        assertThat(wa.toFloatArray()).containsExactly(wb.toFloatArray());
      }
    }
  }
}
