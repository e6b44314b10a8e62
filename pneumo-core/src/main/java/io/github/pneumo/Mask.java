package io.github.pneumo;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable binary mask, stored as a bit set in <b>column-major</b> order (flat index = x·height + y),
 * the order of SIIM's run-length encodings.
 *
 * <p>A 1024² mask takes 128 KiB. Equality is by size and pixels. A mask holds at most
 * {@link Integer#MAX_VALUE} pixels.
 */
public final class Mask {

  private final int width;
  private final int height;
  /** Column-major bits; the bits past width·height in the last word are always zero. */
  private final long[] bits;
  private final int area;

  private Mask(int width, int height, long[] bits) {
    this(width, height, bits, countBits(bits));
  }

  private Mask(int width, int height, long[] bits, int area) {
    this.width = width;
    this.height = height;
    this.bits = bits;
    this.area = area;
  }

  private static int countBits(long[] bits) {
    int a = 0;
    for (long w : bits) {
      a += Long.bitCount(w);
    }
    return a;
  }

  private static long[] newBits(int width, int height) {
    Preconditions.checkArgument(width > 0 && height > 0, "mask size must be positive: %sx%s", width, height);
    Preconditions.checkArgument((long) width * height <= Integer.MAX_VALUE,
        "mask size %sx%s exceeds %s pixels", width, height, Integer.MAX_VALUE);
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
   * A mask from row-major pixel values (index y·width + x); any non-zero byte is foreground.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param rowMajor pixel values, index y·width + x
   * @return the mask
   */
  public static Mask fromRowMajor(int width, int height, byte[] rowMajor) {
    long[] bits = newBits(width, height);
    Preconditions.checkArgument(rowMajor.length == (long) width * height,
        "pixel array has %s values, expected %sx%s", rowMajor.length, width, height);
    for (int x = 0; x < width; x++) {
      long flat = (long) x * height;
      for (int y = 0, i = x; y < height; y++, i += width, flat++) {
        if (rowMajor[i] != 0) {
          bits[(int) (flat >>> 6)] |= 1L << flat;
        }
      }
    }
    return new Mask(width, height, bits);
  }

  /**
   * A mask from column-major pixel values (index x·height + y, the RLE order); any non-zero byte is
   * foreground.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param columnMajor pixel values, index x·height + y
   * @return the mask
   */
  public static Mask fromColumnMajor(int width, int height, byte[] columnMajor) {
    long[] bits = newBits(width, height);
    Preconditions.checkArgument(columnMajor.length == (long) width * height,
        "pixel array has %s values, expected %sx%s", columnMajor.length, width, height);
    for (int i = 0; i < columnMajor.length; i++) {
      if (columnMajor[i] != 0) {
        bits[i >>> 6] |= 1L << i;
      }
    }
    return new Mask(width, height, bits);
  }

  /**
   * A mask from absolute column-major runs.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param startsAndLengths pairs (0-based flat start, length), in any order; runs may touch or overlap
   * @return the mask
   * @throws IllegalArgumentException if the array has odd length or a run leaves the image
   */
  public static Mask fromColumnMajorRuns(int width, int height, long... startsAndLengths) {
    Preconditions.checkArgument(startsAndLengths.length % 2 == 0,
        "runs must come in (start, length) pairs, got %s values", startsAndLengths.length);
    Builder b = builder(width, height);
    for (int i = 0; i < startsAndLengths.length; i += 2) {
      b.setRun(startsAndLengths[i], startsAndLengths[i + 1]);
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

  /**
   * The mask's width.
   *
   * @return width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * The mask's height.
   *
   * @return height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * The number of foreground pixels.
   *
   * @return the area in pixels
   */
  public int area() {
    return area;
  }

  /**
   * Whether no pixel is set.
   *
   * @return true for an all-background mask
   */
  public boolean isEmpty() {
    return area == 0;
  }

  /**
   * Whether pixel (x, y) is foreground.
   *
   * @param x column, 0-based
   * @param y row, 0-based
   * @return true if set
   * @throws IndexOutOfBoundsException if (x, y) lies outside the mask
   */
  public boolean get(int x, int y) {
    Preconditions.checkElementIndex(x, width, "x");
    Preconditions.checkElementIndex(y, height, "y");
    return bit((long) x * height + y);
  }

  /**
   * Whether the pixel at a column-major flat index is foreground.
   *
   * @param index x·height + y
   * @return true if set
   * @throws IndexOutOfBoundsException if the index is negative or not less than width·height
   */
  public boolean getFlat(long index) {
    if (index < 0 || index >= (long) width * height) {
      throw new IndexOutOfBoundsException(
          "flat index " + index + " outside the " + width + "x" + height + " mask");
    }
    return bit(index);
  }

  private boolean bit(long index) {
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
   * The mask mirrored about its main diagonal: pixel (x, y) of this mask is pixel (y, x) of the result,
   * which is height×width. Column-major runs of the result are the row-major runs of this mask.
   *
   * @return the transposed mask
   */
  public Mask transpose() {
    Builder b = new Builder(height, width);
    forEachRun((start, length) -> {
      long end = start + length;
      int x = (int) (start / height);
      int y = (int) (start - (long) x * height);
      for (long i = start; i < end; i++) {
        long t = (long) y * width + x;
        b.bits[(int) (t >>> 6)] |= 1L << t;
        if (++y == height) {
          y = 0;
          x++;
        }
      }
    });
    return b.build();
  }

  /**
   * Row-major bytes, 0 or {@code foreground}.
   *
   * @param foreground the value of set pixels (e.g. 1 or (byte) 255)
   * @return a new array of width·height bytes, index y·width + x
   */
  public byte[] toRowMajor(byte foreground) {
    byte[] out = new byte[width * height];
    forEachRun((start, length) -> {
      long end = start + length;
      int x = (int) (start / height);
      int y = (int) (start - (long) x * height);
      for (long i = start; i < end; i++) {
        out[y * width + x] = foreground;
        if (++y == height) {
          y = 0;
          x++;
        }
      }
    });
    return out;
  }

  /**
   * Column-major bytes (the RLE order), 0 or {@code foreground}.
   *
   * @param foreground the value of set pixels (e.g. 1 or (byte) 255)
   * @return a new array of width·height bytes, index x·height + y
   */
  public byte[] toColumnMajor(byte foreground) {
    byte[] out = new byte[width * height];
    forEachRun((start, length) -> Arrays.fill(out, (int) start, (int) (start + length), foreground));
    return out;
  }

  /**
   * Visits the maximal runs of foreground pixels in column-major order, ascending; a run may cross
   * a column boundary.
   *
   * @param consumer receives (0-based flat start, length) for each run
   */
  public void forEachRun(RunConsumer consumer) {
    final long[] b = bits;
    final int words = b.length;
    int i = 0;
    long w = b[0];
    while (true) {
      while (w == 0) {
        if (++i >= words) {
          return;
        }
        w = b[i];
      }
      int bit = Long.numberOfTrailingZeros(w);
      long start = ((long) i << 6) + bit;
      long inverted = ~w & (-1L << bit);
      while (inverted == 0) {
        if (++i >= words) { // only when width·height is a multiple of 64 and the last pixel is set
          consumer.accept(start, ((long) words << 6) - start);
          return;
        }
        inverted = ~b[i];
      }
      int endBit = Long.numberOfTrailingZeros(inverted);
      long end = ((long) i << 6) + endBit;
      consumer.accept(start, end - start);
      w = b[i] & (-1L << endBit);
    }
  }

  private void checkSameSize(Mask other) {
    Preconditions.checkArgument(other.width == width && other.height == height,
        "mask sizes differ: %sx%s vs %sx%s", width, height, other.width, other.height);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Mask m && m.width == width && m.height == height && m.area == area
        && Arrays.equals(m.bits, bits);
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

  /** Mutable builder for a {@link Mask}; not thread-safe and single-use. */
  public static final class Builder {
    private final int width;
    private final int height;
    private final long total;
    private long[] bits;
    private boolean built;

    private Builder(int width, int height) {
      this.bits = newBits(width, height);
      this.width = width;
      this.height = height;
      this.total = (long) width * height;
    }

    /**
     * Sets pixel (x, y).
     *
     * @param x column
     * @param y row
     * @return this builder
     * @throws IndexOutOfBoundsException if (x, y) lies outside the mask
     */
    public Builder set(int x, int y) {
      checkNotBuilt();
      Preconditions.checkElementIndex(x, width, "x");
      Preconditions.checkElementIndex(y, height, "y");
      long i = (long) x * height + y;
      bits[(int) (i >>> 6)] |= 1L << i;
      return this;
    }

    /**
     * Sets a run of pixels in column-major order; the run may cross column boundaries.
     *
     * @param start 0-based flat start index (x·height + y)
     * @param length number of pixels, &ge; 0; the run must end inside the image
     * @return this builder
     * @throws IllegalArgumentException if the run leaves the image
     */
    public Builder setRun(long start, long length) {
      checkNotBuilt();
      if (start < 0 || length < 0 || start > total || length > total - start) {
        throw new IllegalArgumentException("run (start " + start + ", length " + length
            + ") outside the " + width + "x" + height + " image of " + total + " pixels");
      }
      if (length > 0) {
        fillRun(bits, start, start + length);
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
      checkNotBuilt();
      Preconditions.checkArgument(other.width == width && other.height == height,
          "mask sizes differ: builder %sx%s, mask %sx%s", width, height, other.width, other.height);
      for (int i = 0; i < bits.length; i++) {
        bits[i] |= other.bits[i];
      }
      return this;
    }

    /**
     * Builds the mask; the builder must not be used afterwards.
     *
     * @return the immutable mask
     * @throws IllegalStateException if called twice
     */
    public Mask build() {
      checkNotBuilt();
      built = true;
      long[] b = bits;
      bits = new long[0];
      return new Mask(width, height, b);
    }

    private void checkNotBuilt() {
      if (built) {
        throw new IllegalStateException("Mask.Builder used after build()");
      }
    }
  }

  /** Sets bits [start, end) of a bit set; 0 &le; start &lt; end. */
  static void fillRun(long[] bits, long start, long end) {
    int first = (int) (start >>> 6);
    int last = (int) ((end - 1) >>> 6);
    long firstMask = -1L << start;
    long lastMask = -1L >>> (63 - ((end - 1) & 63));
    if (first == last) {
      bits[first] |= firstMask & lastMask;
    } else {
      bits[first] |= firstMask;
      for (int k = first + 1; k < last; k++) {
        bits[k] = -1L;
      }
      bits[last] |= lastMask;
    }
  }

  /**
   * Wraps an already validated bit set without copying; for the codecs, which know the area from the
   * (non-overlapping) runs they set.
   */
  static Mask wrap(int width, int height, long[] bits, int area) {
    assert area == countBits(bits) : "area " + area + " but " + countBits(bits) + " bits set";
    return new Mask(width, height, bits, area);
  }

  /** Allocates a zero bit set for a mask of this size, validating the size; for the codecs. */
  static long[] allocate(int width, int height) {
    return newBits(width, height);
  }
}
