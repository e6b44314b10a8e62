package io.github.pneumo.examples.console;

import io.github.pneumo.djl.training.EpochResult;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.util.ProgressBar;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Training progress on the console: a bar per epoch (batches, rate, ETA) followed by the running loss and
 * its components, redrawn in place; one line per finished epoch. In quiet mode only the epoch lines are
 * printed, which suits log files.
 */
public final class ConsoleTrainingProgress implements TrainingListener {
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintStream out;
  private final boolean quiet;
  private @Nullable ProgressBar bar;
  private String label = "";
  private long lastDraw;

  /**
   * Creates the listener.
   *
   * @param out where the bars and epoch lines go (the console's standard error)
   * @param quiet one line per epoch, no bars
   */
  public ConsoleTrainingProgress(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  @Override
  public void epochStarted(String fold, int epoch, int epochs, int batches, double learningRate) {
    bar = ProgressBar.quiet(batches);
    label = String.format(Locale.ROOT, "fold %s epoch %d/%d lr %.2e", fold, epoch, epochs, learningRate);
    lastDraw = 0;
  }

  @Override
  public void batchTrained(int batch, int batches, Map<String, Double> runningMeans) {
    ProgressBar b = bar;
    if (b == null) {
      return;
    }
    b.step();
    long now = System.nanoTime();
    if (!quiet && (now - lastDraw >= REDRAW_NANOS || batch == batches - 1)) {
      lastDraw = now;
      StringBuilder line = new StringBuilder("\r").append(label).append(' ').append(b.render());
      runningMeans.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
      out.print(line.append("   "));
      out.flush();
    }
  }

  @Override
  public void epochFinished(EpochResult r) {
    if (!quiet) {
      out.println();
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "fold %s epoch %d: lr %.2e loss %.5f",
        r.fold(), r.epoch(), r.learningRate(), r.meanLoss()));
    r.lossComponents().forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.5f", k, v)));
    line.append(String.format(Locale.ROOT, "  score %.5f%s  best %.5f (epoch %d)  %.1f img/s", r.score(),
        r.improved() ? " *" : "", r.bestScore(), r.bestEpoch(), r.imagesPerSecond()));
    out.println(line);
  }
}
