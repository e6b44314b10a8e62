package io.github.pneumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TripletThresholdTest {

  /** 2×2 maps row by row, as in spec §13. */
  private static ProbabilityMap map(float... v) {
    return new ProbabilityMap(2, 2, v);
  }

  private static byte[] rowMajor(Mask m) {
    return m.toRowMajor((byte) 1);
  }

  @Test
  void specVectors() {
    ProbabilityMap a = map(0.9f, 0.8f, 0.35f, 0.2f);
    ProbabilityMap b = map(0.9f, 0.1f, 0.5f, 0.5f);
    TripletThreshold t1 = new TripletThreshold(0.75, 2, 0.3);
    TripletThreshold t2 = new TripletThreshold(0.75, 1, 0.4);
    assertThat(rowMajor(t1.apply(a))).containsExactly(1, 1, 1, 0);
    assertThat(rowMajor(t1.apply(b))).containsExactly(0, 0, 0, 0);
    assertThat(rowMajor(t2.apply(a))).containsExactly(1, 1, 0, 0);
    assertThat(rowMajor(t2.apply(b))).containsExactly(1, 0, 1, 1);
  }

  @Test
  void comparisonsAreStrictInSinglePrecision() {
    // p exactly equal to the float of the threshold is not above it, on both gates.
    ProbabilityMap m = map(0.75f, 0.3f, 0.3f, 0.9f);
    assertThat(new TripletThreshold(0.75, 2, 0.3).apply(m).isEmpty()).isTrue();
    assertThat(rowMajor(new TripletThreshold(0.75, 1, 0.3).apply(m))).containsExactly(1, 0, 0, 1);
    assertThat(new TripletThreshold(0.75, 0, 1.0).apply(m).isEmpty()).isTrue();
  }

  @Test
  void maskIsColumnMajorOnNonSquareMaps() {
    ProbabilityMap m = new ProbabilityMap(3, 2, new float[] {0, 0.9f, 0, 0, 0, 0.9f});
    Mask mask = new TripletThreshold(0.5, 1, 0.5).apply(m);
    assertThat(mask.get(1, 0)).isTrue();
    assertThat(mask.get(2, 1)).isTrue();
    assertThat(mask.area()).isEqualTo(2);
    assertThat(mask.getFlat(1L * 2 + 0)).isTrue();
  }

  @Test
  void formatsLikePythonTuples() {
    assertThat(new TripletThreshold(0.75, 1000, 0.3)).hasToString("(0.75, 1000, 0.3)");
    assertThat(new TripletThreshold(1.0, 0, 0.05)).hasToString("(1.0, 0, 0.05)");
    assertThat(TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS).extracting(Object::toString).containsExactly(
        "(0.75, 1000, 0.3)", "(0.75, 1000, 0.4)", "(0.75, 2000, 0.3)", "(0.75, 2000, 0.4)",
        "(0.6, 2000, 0.3)", "(0.6, 2000, 0.4)", "(0.6, 3000, 0.3)", "(0.6, 3000, 0.4)");
  }

  @Test
  void parsesWhatItFormats() {
    for (TripletThreshold t : TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS) {
      assertThat(TripletThreshold.parse(t.toString())).isEqualTo(t);
    }
    assertThat(TripletThreshold.parse(" (0.7,600,0.3) ")).isEqualTo(new TripletThreshold(0.7, 600, 0.3));
    assertThat(TripletThreshold.parse("(1, 1000.0, 0)")).isEqualTo(new TripletThreshold(1, 1000, 0));
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> TripletThreshold.parse("(0.7, 600)")).isInstanceOf(PneumoException.class)
        .hasMessageContaining("(0.7, 600)");
    assertThatThrownBy(() -> TripletThreshold.parse("(0.7, 600.5, 0.3)")).isInstanceOf(PneumoException.class)
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> TripletThreshold.parse("(1.7, 600, 0.3)")).isInstanceOf(PneumoException.class)
        .hasMessageContaining("top");
  }
}
