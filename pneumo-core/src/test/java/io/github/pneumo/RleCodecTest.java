package io.github.pneumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RleCodecTest {

  private static final RleCodec REL = RleCodec.relative();
  private static final RleCodec STD = RleCodec.standard();

  /** Spec §13: 4×4, [row][col], 255 at (1,0), (2,0), (0,1), (3,3). */
  private static Mask specVector() {
    return Mask.builder(4, 4).set(0, 1).set(0, 2).set(1, 0).set(3, 3).build();
  }

  @Test
  void specVectorKeepsTheRunEndingOnTheLastPixel() {
    // The original encoder gives "1 2 1 1": it drops the run on the bottom-right pixel (flat 15).
    // pneumo keeps it: gap 10 after the run ending at 5, length 1.
    assertThat(REL.encode(specVector())).isEqualTo("1 2 1 1 10 1");
    assertThat(REL.decode("1 2 1 1 10 1", 4, 4)).isEqualTo(specVector());
    // What the original wrote decodes to the mask without that pixel, which is the original's loss:
    Mask original = REL.decode("1 2 1 1", 4, 4);
    assertThat(original.get(3, 3)).isFalse();
    assertThat(original.area()).isEqualTo(specVector().area() - 1);
    assertThat(STD.encode(specVector())).isEqualTo("2 2 5 1 16 1");
  }

  @Test
  void specVectorWithLastPixelMovedMatchesTheOriginalExactly() {
    // last pixel moved to (2,3) = [row 2][col 3] -> flat 3*4+2 = 14
    Mask m = Mask.builder(4, 4).set(0, 1).set(0, 2).set(1, 0).set(3, 2).build();
    assertThat(REL.encode(m)).isEqualTo("1 2 1 1 9 1");
    assertThat(REL.decode("1 2 1 1 9 1", 4, 4)).isEqualTo(m);
    byte[] rowMajor = m.toRowMajor((byte) 255);
    assertThat(rowMajor).containsExactly(
        0, (byte) 255, 0, 0,
        (byte) 255, 0, 0, 0,
        (byte) 255, 0, 0, (byte) 255,
        0, 0, 0, 0);
  }

  /**
   * The original encoder as spec §1.4 describes it: a walk over every pixel in column-major order, the
   * previous value carried across columns, a counter of pixels since the last run ended; a run still open
   * at the last pixel is never emitted, and an empty mask gives "".
   */
  private static String originalEncoder(Mask m) {
    StringBuilder out = new StringBuilder();
    boolean previous = false;
    long sinceLastRun = 0;
    long runStart = -1;
    long runLength = 0;
    for (int x = 0; x < m.width(); x++) {
      for (int y = 0; y < m.height(); y++) {
        boolean current = m.get(x, y);
        if (current != previous) {
          if (current) {
            runStart = sinceLastRun;
            runLength = 1;
          } else {
            out.append(out.length() == 0 ? "" : " ").append(runStart).append(' ').append(runLength);
            sinceLastRun = 0;
            runLength = 0;
          }
        } else if (current) {
          runLength++;
        }
        previous = current;
        sinceLastRun++;
      }
    }
    return out.toString();
  }

  @Test
  void encoderEqualsTheOriginalExceptForTheRunOnTheLastPixel() {
    SplittableRandom r = new SplittableRandom(11);
    // the model reproduces the spec's vectors of the original encoder
    assertThat(originalEncoder(specVector())).isEqualTo("1 2 1 1");
    assertThat(originalEncoder(REL.decode("1 2 1 1 9 1", 4, 4))).isEqualTo("1 2 1 1 9 1");
    assertThat(originalEncoder(Mask.empty(4, 4))).isEmpty();
    int lastPixelCases = 0;
    for (int trial = 0; trial < 400; trial++) {
      int w = 1 + r.nextInt(12);
      int h = 1 + r.nextInt(12);
      Mask.Builder b = Mask.builder(w, h);
      double density = r.nextDouble();
      for (int x = 0; x < w; x++) {
        for (int y = 0; y < h; y++) {
          if (r.nextDouble() < density) {
            b.set(x, y);
          }
        }
      }
      Mask m = b.build();
      String original = originalEncoder(m);
      String pneumo = REL.encode(m);
      if (m.isEmpty()) {
        assertThat(original).isEmpty();
        assertThat(pneumo).isEqualTo("-1");
      } else if (!m.get(w - 1, h - 1)) {
        assertThat(pneumo).as("%sx%s", w, h).isEqualTo(original);
      } else {
        lastPixelCases++;
        // pneumo = the original's pairs + the final run; decoding the original's string loses that run
        long[] runs = REL.decodeRuns(pneumo, w, h);
        long lastStart = runs[runs.length - 2];
        assertThat(lastStart + runs[runs.length - 1]).isEqualTo((long) w * h);
        String head = REL.encodeRuns(java.util.Arrays.copyOf(runs, runs.length - 2));
        assertThat(head.equals("-1") ? "" : head).isEqualTo(original);
        assertThat(REL.decode(original, w, h).area()).isEqualTo(m.area() - (int) runs[runs.length - 1]);
      }
    }
    assertThat(lastPixelCases).isGreaterThan(50);
  }

  @Test
  void emptyMaskEncodesAsMinusOneAndEmptyInputsDecodeToEmpty() {
    assertThat(REL.encode(Mask.empty(4, 4))).isEqualTo("-1");
    assertThat(STD.encode(Mask.empty(4, 4))).isEqualTo("-1");
    for (String s : new String[] {"-1", " -1", "-1 ", "", "   ", "\t-1\n"}) {
      assertThat(REL.decode(s, 4, 4)).as("'%s'", s).isEqualTo(Mask.empty(4, 4));
      assertThat(STD.decode(s, 4, 4)).as("'%s'", s).isEqualTo(Mask.empty(4, 4));
    }
  }

  @Test
  void runsCrossColumnBoundaries() {
    // flat 2..5 in a 3x3 image crosses from column 0 to column 1
    Mask m = REL.decode("2 4", 3, 3);
    assertThat(m.get(0, 2)).isTrue();
    assertThat(m.get(1, 0)).isTrue();
    assertThat(m.get(1, 2)).isTrue();
    assertThat(m.get(2, 0)).isFalse();
    assertThat(REL.encode(m)).isEqualTo("2 4");
    assertThat(STD.encode(m)).isEqualTo("3 4");
    // a column that is full continues the run from the previous column (the original's carried value)
    Mask full = Mask.builder(3, 3).set(0, 2).set(1, 0).set(1, 1).set(1, 2).set(2, 0).build();
    assertThat(REL.encode(full)).isEqualTo("2 5");
  }

  @Test
  void relativeAndStandardConvertByTheSpecFormulas() {
    // s0 = g0, s_i = s_{i-1} + l_{i-1} + g_i, S_i = s_i + 1 (spec §1.4), on random run lists
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 200; trial++) {
      int runs = 1 + r.nextInt(20);
      long[] g = new long[runs];
      long[] l = new long[runs];
      StringBuilder rel = new StringBuilder();
      StringBuilder std = new StringBuilder();
      long s = 0;
      for (int i = 0; i < runs; i++) {
        g[i] = (i == 0 ? 0 : 1) + r.nextInt(50);
        l[i] = 1 + r.nextInt(30);
        s = i == 0 ? g[0] : s + l[i - 1] + g[i];
        rel.append(i == 0 ? "" : " ").append(g[i]).append(' ').append(l[i]);
        std.append(i == 0 ? "" : " ").append(s + 1).append(' ').append(l[i]);
      }
      assertThat(REL.transcode(rel.toString(), STD, 64, 32)).isEqualTo(std.toString());
      assertThat(STD.transcode(std.toString(), REL, 64, 32)).isEqualTo(rel.toString());
      Mask m = REL.decode(rel.toString(), 64, 32);
      assertThat(REL.encode(m)).isEqualTo(rel.toString());
      assertThat(STD.encode(m)).isEqualTo(std.toString());
    }
  }

  @ParameterizedTest
  @CsvSource({
      "'1 2 1 1 10 1', '2 2 5 1 16 1'",
      "'0 16', '1 16'",
      "'15 1', '16 1'",
      "'0 1 0 1', '1 1 2 1'",
      "'0 1 14 1', '1 1 16 1'"})
  void transcodeRunForRun(String relative, String standard) {
    assertThat(REL.transcode(relative, STD, 4, 4)).isEqualTo(standard);
    assertThat(STD.transcode(standard, REL, 4, 4)).isEqualTo(relative);
    assertThat(REL.decode(relative, 4, 4)).isEqualTo(STD.decode(standard, 4, 4));
    assertThat(REL.decodeRuns(relative, 4, 4)).isEqualTo(STD.decodeRuns(standard, 4, 4));
  }

  @Test
  void touchingRunsDecodeButReencodeMerged() {
    assertThat(REL.decode("0 1 0 1", 4, 4)).isEqualTo(REL.decode("0 2", 4, 4));
    assertThat(REL.encode(REL.decode("0 1 0 1", 4, 4))).isEqualTo("0 2");
    assertThat(STD.decode("1 1 2 1", 4, 4)).isEqualTo(STD.decode("1 2", 4, 4));
    assertThat(REL.decodeRuns("0 1 0 1", 4, 4)).containsExactly(0, 1, 1, 1);
  }

  @Test
  void randomMasksRoundTripInBothCodecs() {
    SplittableRandom r = new SplittableRandom(7);
    int[][] sizes = {{1, 1}, {1, 64}, {8, 8}, {7, 9}, {64, 64}, {13, 5}, {3, 43}, {100, 37}};
    for (int[] s : sizes) {
      for (int trial = 0; trial < 30; trial++) {
        int w = s[0];
        int h = s[1];
        byte[] px = new byte[w * h];
        double density = r.nextDouble();
        for (int i = 0; i < px.length; i++) {
          px[i] = (byte) (r.nextDouble() < density ? 1 : 0);
        }
        Mask m = Mask.fromRowMajor(w, h, px);
        for (RleCodec c : new RleCodec[] {REL, STD}) {
          String enc = c.encode(m);
          assertThat(c.decode(enc, w, h)).as("%s %sx%s %s", c, w, h, enc).isEqualTo(m);
          assertThat(c.validate(enc, w, h)).isEqualTo(enc.equals("-1") ? 0 : enc.split(" ").length / 2);
        }
        assertThat(REL.transcode(REL.encode(m), STD, w, h)).isEqualTo(STD.encode(m));
      }
    }
  }

  @Test
  void fullMaskWhosePixelCountIsAMultipleOf64() {
    Mask full = REL.decode("0 4096", 64, 64);
    assertThat(full.area()).isEqualTo(4096);
    assertThat(REL.encode(full)).isEqualTo("0 4096");
    assertThat(STD.encode(full)).isEqualTo("1 4096");
    assertThat(REL.encode(REL.decode("4095 1", 64, 64))).isEqualTo("4095 1");
    assertThat(REL.encode(REL.decode("62 2", 8, 8))).isEqualTo("62 2");
    assertThat(REL.encode(REL.decode("0 1 61 2", 8, 8))).isEqualTo("0 1 61 2");
    assertThatThrownBy(() -> REL.decode("63 1 0 1", 8, 8)).hasMessageContaining("outside");
  }

  @Test
  void fullMaskWhosePixelCountIsNotAMultipleOf64() {
    Mask full = REL.decode("0 35", 5, 7);
    assertThat(full.area()).isEqualTo(35);
    assertThat(REL.encode(full)).isEqualTo("0 35");
    assertThat(REL.encode(REL.decode("34 1", 5, 7))).isEqualTo("34 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1 2 3", "5"})
  void oddTokenCountIsRejected(String rle) {
    assertThatThrownBy(() -> REL.decode(rle, 4, 4))
        .isInstanceOf(RleFormatException.class)
        .hasMessageContaining("odd number of tokens");
  }

  @Test
  void negativeAndNonIntegerTokensAreRejectedNamingTheToken() {
    assertThatThrownBy(() -> REL.decode("1 -2", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessage("relative RLE: token 2 ('-2', character 3) is not a non-negative integer");
    assertThatThrownBy(() -> REL.decode("-1 2", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("token 1 ('-1'");
    assertThatThrownBy(() -> STD.decode("1.5 2", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("token 1 ('1.5'").hasMessageContaining("standard RLE");
    assertThatThrownBy(() -> REL.decode("1 2 x3 4", 4, 4)).hasMessageContaining("token 3 ('x3'");
    assertThatThrownBy(() -> REL.decode("1,2", 4, 4)).hasMessageContaining("'1,2'");
    assertThatThrownBy(() -> REL.decode("99999999999999999999 1", 4, 4)).hasMessageContaining("too large");
    assertThatThrownBy(() -> REL.decode("-1 -1", 4, 4)).isInstanceOf(RleFormatException.class);
  }

  @Test
  void runsOutsideTheImageAreRejected() {
    assertThatThrownBy(() -> REL.decode("15 2", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("outside the 4x4 image of 16 pixels");
    assertThatThrownBy(() -> REL.decode("10 2 4 1", 4, 4)).hasMessageContaining("token 4");
    assertThatThrownBy(() -> STD.decode("17 1", 4, 4)).hasMessageContaining("outside");
    assertThatThrownBy(() -> STD.decode("16 2", 4, 4)).hasMessageContaining("outside");
    assertThat(STD.decode("16 1", 4, 4).get(3, 3)).isTrue();
  }

  @Test
  void zeroLengthRunsAreRejected() {
    assertThatThrownBy(() -> REL.decode("3 0", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("zero-length run");
  }

  @Test
  void standardStartsAreOneBasedAscendingAndDoNotOverlap() {
    assertThatThrownBy(() -> STD.decode("0 2", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("1-based");
    assertThatThrownBy(() -> STD.decode("5 3 6 1", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> STD.decode("9 1 3 1", 4, 4)).isInstanceOf(RleFormatException.class)
        .hasMessageContaining("not ascending");
  }

  @Test
  void encodeRunsRejectsBadRuns() {
    assertThatThrownBy(() -> REL.encodeRuns(1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> REL.encodeRuns(5, 2, 3, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> REL.encodeRuns(5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(REL.encodeRuns()).isEqualTo("-1");
    assertThat(STD.encodeRuns(0, 1, 1, 1)).isEqualTo("1 1 2 1");
  }

  @Test
  void byNameAndNames() {
    assertThat(RleCodec.byName("Relative")).isSameAs(REL);
    assertThat(RleCodec.byName("stage2")).isSameAs(STD);
    assertThat(REL.name()).isEqualTo("relative");
    assertThat(STD.name()).isEqualTo("standard");
    assertThatThrownBy(() -> RleCodec.byName("kaggle")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kaggle");
  }

  @Test
  void whitespaceVariantsAreAccepted() {
    assertThat(REL.decode("  1\t2\n1  1 \r\n", 4, 4)).isEqualTo(REL.decode("1 2 1 1", 4, 4));
  }
}
