package io.github.pneumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskTest {

  private static Mask random(int w, int h, double density, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (r.nextDouble() < density ? 7 : 0);
    }
    return Mask.fromRowMajor(w, h, px);
  }

  @Test
  void columnMajorLayoutAndAccessors() {
    Mask m = Mask.builder(3, 2).set(2, 0).set(0, 1).build();
    assertThat(m.width()).isEqualTo(3);
    assertThat(m.height()).isEqualTo(2);
    assertThat(m.area()).isEqualTo(2);
    assertThat(m.get(2, 0)).isTrue();
    assertThat(m.get(0, 1)).isTrue();
    assertThat(m.get(1, 1)).isFalse();
    assertThat(m.getFlat(2 * 2 + 0)).isTrue(); // x*height + y
    assertThat(m.getFlat(1)).isTrue();
    assertThat(m.toRowMajor((byte) 1)).containsExactly(0, 0, 1, 1, 0, 0);
    assertThat(m.toColumnMajor((byte) 1)).containsExactly(0, 1, 0, 0, 1, 0);
    assertThat(Mask.fromColumnMajor(3, 2, m.toColumnMajor((byte) 9))).isEqualTo(m);
    assertThat(m.isEmpty()).isFalse();
    assertThat(Mask.empty(3, 2).isEmpty()).isTrue();
  }

  @Test
  void boundsAreChecked() {
    Mask m = Mask.empty(3, 2);
    assertThatThrownBy(() -> m.get(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> m.get(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> m.getFlat(6)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("3x2");
    assertThatThrownBy(() -> m.getFlat(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Mask.empty(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mask.empty(65536, 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mask.builder(3, 2).setRun(5, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mask.builder(3, 2).setRun(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mask.builder(3, 2).setRun(1, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mask.fromRowMajor(3, 2, new byte[5])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderIsSingleUse() {
    Mask.Builder b = Mask.builder(2, 2).set(0, 0);
    b.build();
    assertThatThrownBy(() -> b.set(1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void setRunMatchesPixelByPixelAcrossWordBoundaries() {
    int w = 13;
    int h = 11; // 143 pixels: not a multiple of 64
    for (int start = 0; start < w * h; start += 7) {
      for (int len = 0; start + len <= w * h; len += 11) {
        Mask run = Mask.builder(w, h).setRun(start, len).build();
        Mask.Builder px = Mask.builder(w, h);
        for (int i = start; i < start + len; i++) {
          px.set(i / h, i % h);
        }
        assertThat(run).as("start %s len %s", start, len).isEqualTo(px.build());
        assertThat(run.area()).isEqualTo(len);
      }
    }
  }

  @Test
  void forEachRunGivesMaximalRunsForBothKindsOfSizes() {
    for (int[] s : new int[][] {{8, 8}, {64, 2}, {13, 11}, {1, 1}, {5, 7}, {100, 41}}) {
      for (long seed = 0; seed < 20; seed++) {
        Mask m = random(s[0], s[1], seed / 20.0, seed);
        List<long[]> runs = new ArrayList<>();
        m.forEachRun((start, length) -> runs.add(new long[] {start, length}));
        long total = (long) s[0] * s[1];
        long expectedArea = 0;
        long previousEnd = -1;
        Mask.Builder b = Mask.builder(s[0], s[1]);
        for (long[] r : runs) {
          assertThat(r[1]).isPositive();
          assertThat(r[0]).isGreaterThan(previousEnd); // maximal: never touching
          assertThat(r[0] + r[1]).isLessThanOrEqualTo(total);
          previousEnd = r[0] + r[1];
          expectedArea += r[1];
          b.setRun(r[0], r[1]);
        }
        assertThat(expectedArea).isEqualTo(m.area());
        assertThat(b.build()).isEqualTo(m);
      }
      // full mask: one run to the very last pixel
      Mask full = Mask.builder(s[0], s[1]).setRun(0, (long) s[0] * s[1]).build();
      List<long[]> runs = new ArrayList<>();
      full.forEachRun((start, length) -> runs.add(new long[] {start, length}));
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0)).containsExactly(0, (long) s[0] * s[1]);
    }
  }

  @Test
  void unionIntersectionEqualsHashCode() {
    Mask a = random(37, 29, 0.3, 1);
    Mask b = random(37, 29, 0.3, 2);
    Mask u = a.union(b);
    int inter = a.intersectionArea(b);
    int expectedInter = 0;
    for (int x = 0; x < 37; x++) {
      for (int y = 0; y < 29; y++) {
        assertThat(u.get(x, y)).isEqualTo(a.get(x, y) || b.get(x, y));
        if (a.get(x, y) && b.get(x, y)) {
          expectedInter++;
        }
      }
    }
    assertThat(inter).isEqualTo(expectedInter);
    assertThat(u.area()).isEqualTo(a.area() + b.area() - inter);
    assertThat(a.intersectionArea(a)).isEqualTo(a.area());
    assertThat(a.union(a)).isEqualTo(a);
    assertThat(Mask.builder(37, 29).or(a).or(b).build()).isEqualTo(u);

    Mask copy = Mask.fromRowMajor(37, 29, a.toRowMajor((byte) 1));
    assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(a).isNotEqualTo(b);
    assertThat(Mask.empty(4, 6)).isNotEqualTo(Mask.empty(6, 4)).isNotEqualTo(Mask.empty(3, 8));
    assertThat(Mask.empty(4, 6).hashCode()).isNotEqualTo(Mask.empty(6, 4).hashCode());
    assertThat(a).isNotEqualTo("a mask");
    assertThatThrownBy(() -> a.union(Mask.empty(29, 37))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("37x29 vs 29x37");
    assertThatThrownBy(() -> a.intersectionArea(Mask.empty(29, 37))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void transposeSwapsAxes() {
    Mask m = random(13, 7, 0.4, 9);
    Mask t = m.transpose();
    assertThat(t.width()).isEqualTo(7);
    assertThat(t.height()).isEqualTo(13);
    for (int x = 0; x < 13; x++) {
      for (int y = 0; y < 7; y++) {
        assertThat(t.get(y, x)).isEqualTo(m.get(x, y));
      }
    }
    assertThat(t.transpose()).isEqualTo(m);
    // column-major bytes of the transpose are the row-major bytes of the mask
    assertThat(t.toColumnMajor((byte) 1)).isEqualTo(m.toRowMajor((byte) 1));
  }

  @Test
  void fromColumnMajorRunsAcceptsAnyOrder() {
    Mask m = Mask.fromColumnMajorRuns(4, 4, 10, 2, 0, 3, 1, 1);
    assertThat(m).isEqualTo(RleCodec.standard().decode("1 3 11 2", 4, 4));
    assertThatThrownBy(() -> Mask.fromColumnMajorRuns(4, 4, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rowMajorRoundTripAndToString() {
    Mask m = random(64, 3, 0.5, 4);
    assertThat(Mask.fromRowMajor(64, 3, m.toRowMajor((byte) 255))).isEqualTo(m);
    assertThat(m.toString()).isEqualTo("Mask[64x3, area=" + m.area() + "]");
  }
}
