package io.github.pneumo.util;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A console progress bar for long loops, redrawn in place with a carriage return:
 *
 * <pre>{@code synth train [##########..........]  512/1024  50%  31.2/s  ETA 0:16}</pre>
 *
 * <p>Library code never prints to {@code System.out}: the caller passes the stream (the CLI passes
 * {@code System.err}), or {@link #quiet(long)} for no output. {@link #step()} is thread-safe and cheap;
 * the bar is redrawn at most every 200 ms, and once more with a line end by {@link #close()}.
 */
public final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final String label;
  private final long total;
  private final @Nullable PrintStream out;
  private final LongSupplier clock;
  private final long start;
  private final AtomicLong done = new AtomicLong();
  private long lastDraw;
  private boolean closed;

  ProgressBar(String label, long total, @Nullable PrintStream out, LongSupplier clock) {
    Preconditions.checkArgument(total >= 0, "total must be >= 0, got %s", total);
    this.label = label;
    this.total = total;
    this.out = out;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastDraw = start - REDRAW_NANOS;
  }

  /**
   * A bar printing to a stream.
   *
   * @param label text in front of the bar
   * @param total the number of steps, &ge; 0
   * @param out where to draw, or null for a quiet bar
   * @return the bar, drawn once at 0
   */
  public static ProgressBar create(String label, long total, @Nullable PrintStream out) {
    ProgressBar bar = new ProgressBar(label, total, out, System::nanoTime);
    bar.draw(false);
    return bar;
  }

  /**
   * A bar that only counts.
   *
   * @param total the number of steps
   * @return a bar that prints nothing
   */
  public static ProgressBar quiet(long total) {
    return new ProgressBar("", total, null, System::nanoTime);
  }

  /** Records one finished step. */
  public void step() {
    advance(1);
  }

  /**
   * Records finished steps.
   *
   * @param steps how many, &ge; 0
   */
  public void advance(long steps) {
    Preconditions.checkArgument(steps >= 0, "steps must be >= 0, got %s", steps);
    done.addAndGet(steps);
    if (out != null) {
      long now = clock.getAsLong();
      if (now - lastDraw >= REDRAW_NANOS) {
        synchronized (this) {
          if (now - lastDraw >= REDRAW_NANOS && !closed) {
            lastDraw = now;
            draw(false);
          }
        }
      }
    }
  }

  /** @return the steps recorded so far */
  public long done() {
    return done.get();
  }

  /** @return the total number of steps */
  public long total() {
    return total;
  }

  /** Draws the final state and ends the line; later calls do nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      draw(true);
      closed = true;
    }
  }

  /**
   * The bar as text, without the carriage return.
   *
   * @return e.g. {@code label [#####...]  5/10  50%  2.5/s  ETA 0:02}
   */
  public synchronized String render() {
    long n = done.get();
    double fraction = total == 0 ? 1 : Math.min(1, (double) n / total);
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = (clock.getAsLong() - start) / 1e9;
    double rate = seconds > 0 ? n / seconds : 0;
    StringBuilder sb = new StringBuilder(label.isEmpty() ? "" : label + " ");
    sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
    String width = Integer.toString(Long.toString(total).length());
    sb.append(String.format(Locale.ROOT, "  %" + width + "d/%d  %3d%%", n, total, Math.round(fraction * 100)));
    sb.append(String.format(Locale.ROOT, "  %.1f/s", rate));
    if (n < total && rate > 0) {
      sb.append("  ETA ").append(clock(Math.round((total - n) / rate)));
    } else if (n >= total) {
      sb.append("  in ").append(clock(Math.round(seconds)));
    }
    return sb.toString();
  }

  private static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  private void draw(boolean last) {
    if (out == null) {
      return;
    }
    out.print("\r" + render() + (last ? System.lineSeparator() : ""));
    out.flush();
  }
}
