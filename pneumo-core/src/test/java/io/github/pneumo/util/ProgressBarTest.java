package io.github.pneumo.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final AtomicLong now = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void rendersCountPercentRateAndEta() {
    ProgressBar bar = new ProgressBar("work", 10, out, now::get);
    now.set(2_000_000_000L);
    bar.advance(5);
    assertThat(bar.render()).isEqualTo("work [############............]   5/10   50%  2.5/s  ETA 0:02");
    bar.advance(5);
    assertThat(bar.render()).isEqualTo("work [########################]  10/10  100%  5.0/s  in 0:02");
  }

  @Test
  void redrawsAtMostEvery200MsAndEndsTheLineOnClose() {
    ProgressBar bar = new ProgressBar("x", 100, out, now::get);
    bar.step(); // the first step draws
    int afterFirst = count("\r");
    assertThat(afterFirst).isEqualTo(1);
    for (int i = 0; i < 50; i++) {
      bar.step(); // same instant: no redraw
    }
    assertThat(count("\r")).isEqualTo(afterFirst);
    now.addAndGet(200_000_000L);
    bar.step();
    assertThat(count("\r")).isEqualTo(afterFirst + 1);
    bar.close();
    bar.close();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("\r" + bar.render() + System.lineSeparator());
    assertThat(bar.render()).startsWith("x [############............]   52/100   52%");
    assertThat(count(System.lineSeparator())).isEqualTo(1);
  }

  @Test
  void quietBarCountsButPrintsNothing() {
    ProgressBar bar = ProgressBar.quiet(3);
    bar.step();
    bar.advance(2);
    bar.close();
    assertThat(bar.done()).isEqualTo(3);
    assertThat(bar.total()).isEqualTo(3);
    assertThat(bytes.size()).isZero();
  }

  @Test
  void countsEveryStepFromManyThreads() throws Exception {
    ProgressBar bar = ProgressBar.create("t", 40_000, out);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.submit(() -> {
        for (int i = 0; i < 10_000; i++) {
          bar.step();
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    bar.close();
    assertThat(bar.done()).isEqualTo(40_000);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("40000/40000  100%");
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatThrownBy(() -> ProgressBar.quiet(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProgressBar.quiet(1).advance(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private int count(String s) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    int n = 0;
    for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
      n++;
    }
    return n;
  }
}
