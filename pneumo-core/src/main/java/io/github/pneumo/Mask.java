package io.github.pneumo;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * An immutable binary mask, stored as a bit set in <b>column-major</b> order (flat index = x·height + y),
 * the order of SIIM's run-length encodings.
 *
 * <p>A 1024² mask takes 128 KiB. Equality is by size and pixels.
 */
public final class Mask {

  private final int width;
  private final int height;
  private final long[] bits;
  private final int area;

  private Mask(int width, int height, long[] bits) {
    this.width = width;
    this.height = height;
    this.bits = bits;
    int a = 0;
    for (long w : bits) {
      a += Long.bitCount(w);
    }
    this.area = a;
  }

  private static long[] newBits(int width, int height) {
    Preconditions.checkArgument(width > 0 && height > 0, "mask size must be positive: %sx%s", width, height);
    return new long[(int) (((long) width * height + 63) >>> 6)];
  }

  /**
   * An empty mask.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @return a mask with no pixel set
   */
  public static Mask empty(int width, int height) {
    return new Mask(width, height, newBits(width, height));
  }

  /**
   * A mask from row-major pixel values; any non-zero byte is foreground.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param rowMajor pixel values, index y·width + x
   * @return the mask
   */
  public static Mask fromRowMajor(int width, int height, byte[] rowMajor) {
    Preconditions.checkArgument(rowMajor.length == (long) width * height,
        "pixel array has %s values, expected %sx%s", rowMajor.length, width, height);
    Builder b = builder(width, height);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        if (rowMajor[row + x] != 0) {
          b.set(x, y);
        }
      }
    }
    return b.build();
  }

  /**
   * A builder for a mask of the given size.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @return a builder with no pixel set
   */
  public static Builder builder(int width, int height) {
    return new Builder(width, height);
  }

  /** @return width in pixels */
  public int width() {
    return width;
  }

  /** @return height in pixels */
  public int height() {
    return height;
  }

  /** @return number of foreground pixels */
  public int area() {
    return area;
  }

  /** @return whether no pixel is set */
  public boolean isEmpty() {
    return area == 0;
  }

  /**
   * Whether pixel (x, y) is foreground.
   *
   * @param x column, 0-based
   * @param y row, 0-based
   * @return true if set
   */
  public boolean get(int x, int y) {
    Preconditions.checkElementIndex(x, width, "x");
    Preconditions.checkElementIndex(y, height, "y");
    return getFlat((long) x * height + y);
  }

  /**
   * Whether the pixel at a column-major flat index is foreground.
   *
   * @param index x·height + y
   * @return true if set
   */
  public boolean getFlat(long index) {
    return (bits[(int) (index >>> 6)] & (1L << index)) != 0;
  }

  /**
   * The union (logical OR) with a mask of the same size.
   *
   * @param other a mask of the same size
   * @return a new mask
   */
  public Mask union(Mask other) {
    checkSameSize(other);
    long[] out = bits.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] |= other.bits[i];
    }
    return new Mask(width, height, out);
  }

  /**
   * The number of pixels set in both masks.
   *
   * @param other a mask of the same size
   * @return |this ∩ other|
   */
  public int intersectionArea(Mask other) {
    checkSameSize(other);
    int n = 0;
    for (int i = 0; i < bits.length; i++) {
      n += Long.bitCount(bits[i] & other.bits[i]);
    }
    return n;
  }

  /**
   * Row-major bytes, 0 or {@code foreground}.
   *
   * @param foreground the value of set pixels (e.g. 1 or (byte) 255)
   * @return a new array of width·height bytes
   */
  public byte[] toRowMajor(byte foreground) {
    byte[] out = new byte[width * height];
    forEachRun((start, length) -> {
      for (long i = start; i < start + length; i++) {
        int x = (int) (i / height);
        int y = (int) (i % height);
        out[y * width + x] = foreground;
      }
    });
    return out;
  }

  /**
   * Visits the maximal runs of foreground pixels in column-major order, ascending; a run may cross
   * a column boundary.
   *
   * @param consumer receives (0-based flat start, length) for each run
   */
  public void forEachRun(RunConsumer consumer) {
    long total = (long) width * height;
    int words = bits.length;
    int i = 0;
    long w = bits[0];
    while (true) {
      while (w == 0) {
        if (++i >= words) {
          return;
        }
        w = bits[i];
      }
      int bit = Long.numberOfTrailingZeros(w);
      long start = ((long) i << 6) + bit;
      long inverted = ~bits[i] & (-1L << bit);
      while (inverted == 0) {
        if (++i >= words) {
          consumer.accept(start, total - start);
          return;
        }
        inverted = ~bits[i];
      }
      long end = Math.min(((long) i << 6) + Long.numberOfTrailingZeros(inverted), total);
      consumer.accept(start, end - start);
      if (end >= total) {
        return;
      }
      w = bits[i] & (-1L << (end & 63));
    }
  }

  private void checkSameSize(Mask other) {
    Preconditions.checkArgument(other.width == width && other.height == height,
        "mask sizes differ: %sx%s vs %sx%s", width, height, other.width, other.height);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m && m.width == width && m.height == height && Arrays.equals(m.bits, bits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return "Mask[" + width + "x" + height + ", area=" + area + "]";
  }

  /** Receives one run of foreground pixels. */
  @FunctionalInterface
  public interface RunConsumer {
    /**
     * Called once per run.
     *
     * @param start 0-based column-major flat index of the run's first pixel
     * @param length number of pixels in the run, &gt; 0
     */
    void accept(long start, long length);
  }

  /** Mutable builder for a {@link Mask}; not thread-safe. */
  public static final class Builder {
    private final int width;
    private final int height;
    private long[] bits;

    private Builder(int width, int height) {
      this.width = width;
      this.height = height;
      this.bits = newBits(width, height);
    }

    /**
     * Sets pixel (x, y).
     *
     * @param x column
     * @param y row
     * @return this builder
     */
    public Builder set(int x, int y) {
      Preconditions.checkElementIndex(x, width, "x");
      Preconditions.checkElementIndex(y, height, "y");
      long i = (long) x * height + y;
      bits[(int) (i >>> 6)] |= 1L << i;
      return this;
    }

    /**
     * Sets a run of pixels in column-major order.
     *
     * @param start 0-based flat start index (x·height + y)
     * @param length number of pixels, &ge; 0; the run must end inside the image
     * @return this builder
     */
    public Builder setRun(long start, long length) {
      long total = (long) width * height;
      Preconditions.checkArgument(start >= 0 && length >= 0 && start + length <= total,
          "run [%s, %s) outside the %sx%s image", start, start + length, width, height);
      if (length == 0) {
        return this;
      }
      long end = start + length; // exclusive
      int first = (int) (start >>> 6);
      int last = (int) ((end - 1) >>> 6);
      long firstMask = -1L << start;
      long lastMask = -1L >>> (63 - ((end - 1) & 63));
      if (first == last) {
        bits[first] |= firstMask & lastMask;
      } else {
        bits[first] |= firstMask;
        Arrays.fill(bits, first + 1, last, -1L);
        bits[last] |= lastMask;
      }
      return this;
    }

    /**
     * Sets every pixel that is set in a mask of the same size.
     *
     * @param other a mask of the builder's size
     * @return this builder
     */
    public Builder or(Mask other) {
      Preconditions.checkArgument(other.width == width && other.height == height, "mask size differs");
      for (int i = 0; i < bits.length; i++) {
        bits[i] |= other.bits[i];
      }
      return this;
    }

    /**
     * Builds the mask; the builder must not be used afterwards.
     *
     * @return the immutable mask
     */
    public Mask build() {
      long[] b = bits;
      bits = new long[0];
      return new Mask(width, height, b);
    }
  }
}
