package io.github.pneumo;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The two SIIM codecs; package-private, reached through {@link RleCodec}.
 *
 * <p>Decoding is a single pass over the characters with no intermediate token array: each (first,
 * length) pair is validated and, when a bit set is given, written into it at once.
 */
final class RunLengthCodecs implements RleCodec {

  static final RunLengthCodecs RELATIVE = new RunLengthCodecs(true);
  static final RunLengthCodecs STANDARD = new RunLengthCodecs(false);

  /** Largest token value accepted; far above any image size, small enough that sums cannot overflow. */
  private static final long MAX_TOKEN = 1L << 53;

  private final boolean relative;

  private RunLengthCodecs(boolean relative) {
    this.relative = relative;
  }

  @Override
  public String name() {
    return relative ? "relative" : "standard";
  }

  @Override
  public String encode(Mask mask) {
    if (mask.isEmpty()) {
      return "-1";
    }
    RunWriter w = new RunWriter(relative);
    mask.forEachRun(w);
    return w.toString();
  }

  @Override
  public String encodeRuns(long... startsAndLengths) {
    if (startsAndLengths.length % 2 != 0) {
      throw new IllegalArgumentException(
          "runs must come in (start, length) pairs, got " + startsAndLengths.length + " values");
    }
    if (startsAndLengths.length == 0) {
      return "-1";
    }
    RunWriter w = new RunWriter(relative);
    long previousEnd = 0;
    for (int i = 0; i < startsAndLengths.length; i += 2) {
      long start = startsAndLengths[i];
      long length = startsAndLengths[i + 1];
      if (start < previousEnd || length <= 0) {
        throw new IllegalArgumentException("run " + (i / 2) + " (start " + start + ", length " + length
            + ") is empty or starts before the end of the previous run (" + previousEnd + ")");
      }
      w.accept(start, length);
      previousEnd = start + length;
    }
    return w.toString();
  }

  @Override
  public Mask decode(String rle, int width, int height) {
    long[] bits = Mask.allocate(width, height);
    long packed = scan(rle, width, height, bits, null);
    return Mask.wrap(width, height, bits, (int) (packed & 0xFFFFFFFFL));
  }

  @Override
  public long[] decodeRuns(String rle, int width, int height) {
    RunList runs = new RunList();
    scan(rle, width, height, null, runs);
    return runs.toArray();
  }

  @Override
  public int validate(String rle, int width, int height) {
    return (int) (scan(rle, width, height, null, null) >>> 32);
  }

  /**
   * Parses and validates {@code rle}; sets the runs in {@code bits} and/or appends them to {@code runs}
   * when those are given.
   *
   * @return the number of runs in the high 32 bits, the area (sum of the lengths; runs never overlap)
   *     in the low 32 bits
   */
  private long scan(String s, int width, int height, long @Nullable [] bits, @Nullable RunList runs) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    final long total = (long) width * height;
    final int n = s.length();
    int pos = skipSpace(s, 0);
    if (pos == n) {
      return 0;
    }
    if (s.charAt(pos) == '-' && isMinusOne(s, pos)) {
      return 0;
    }
    long cursor = 0; // end (exclusive) of the previous run
    long area = 0;
    int token = 0;
    long first = 0;
    int firstPos = 0;
    while (pos < n) {
      int begin = pos;
      long value = 0;
      while (pos < n) {
        char c = s.charAt(pos);
        if (c >= '0' && c <= '9') {
          value = value * 10 + (c - '0');
          if (value > MAX_TOKEN) {
            throw error(s, token, begin, "is too large");
          }
          pos++;
        } else if (isSpace(c)) {
          break;
        } else {
          throw error(s, token, begin, "is not a non-negative integer");
        }
      }
      if ((token & 1) == 0) {
        first = value;
        firstPos = begin;
      } else {
        long length = value;
        long start;
        if (relative) {
          start = cursor + first;
        } else {
          if (first < 1) {
            throw error(s, token - 1, firstPos, "is not a 1-based start (standard RLE starts at 1)");
          }
          start = first - 1;
          if (start < cursor) {
            throw error(s, token - 1, firstPos, "starts a run at pixel " + first + " (1-based) before the end of "
                + "the previous run at pixel " + cursor + ": runs overlap or are not ascending");
          }
        }
        if (length == 0) {
          throw error(s, token, begin, "is a zero-length run");
        }
        if (start + length > total) {
          throw error(s, token, begin, "ends the run [" + start + ", " + (start + length)
              + ") (0-based) outside the " + width + "x" + height + " image of " + total + " pixels");
        }
        if (bits != null) {
          Mask.fillRun(bits, start, start + length);
        }
        if (runs != null) {
          runs.add(start, length);
        }
        cursor = start + length;
        area += length;
      }
      token++;
      pos = skipSpace(s, pos);
    }
    if ((token & 1) != 0) {
      throw error(s, token - 1, firstPos, "has no length: odd number of tokens (" + token + ")");
    }
    return ((long) (token / 2) << 32) | area;
  }

  private RleFormatException error(String s, int token, int begin, String what) {
    int end = begin;
    while (end < s.length() && !isSpace(s.charAt(end))) {
      end++;
    }
    String word = s.substring(begin, Math.min(end, begin + 40)) + (end - begin > 40 ? "…" : "");
    return new RleFormatException(name() + " RLE: token " + (token + 1) + " ('" + word + "', character "
        + (begin + 1) + ") " + what);
  }

  /** Whether the string from {@code pos} is "-1" followed only by white space. */
  private static boolean isMinusOne(String s, int pos) {
    return s.startsWith("-1", pos) && skipSpace(s, pos + 2) == s.length();
  }

  private static int skipSpace(String s, int pos) {
    int n = s.length();
    while (pos < n && isSpace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  @Override
  public String toString() {
    return "RleCodec." + name() + "()";
  }

  /** Appends encoded runs to a character buffer without boxing or string conversions. */
  private static final class RunWriter implements Mask.RunConsumer {
    private final boolean relative;
    private char[] buf = new char[256];
    private int len;
    private long previousEnd;

    RunWriter(boolean relative) {
      this.relative = relative;
    }

    @Override
    public void accept(long start, long length) {
      if (buf.length - len < 42) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      if (len > 0) {
        buf[len++] = ' ';
      }
      append(relative ? start - previousEnd : start + 1);
      buf[len++] = ' ';
      append(length);
      previousEnd = start + length;
    }

    private void append(long v) {
      if (v < 10) {
        buf[len++] = (char) ('0' + v);
        return;
      }
      int digits = 0;
      for (long t = v; t > 0; t /= 10) {
        digits++;
      }
      int p = len + digits;
      for (long t = v; t > 0; t /= 10) {
        buf[--p] = (char) ('0' + (t % 10));
      }
      len += digits;
    }

    @Override
    public String toString() {
      return new String(buf, 0, len);
    }
  }

  /** A growable list of (start, length) pairs. */
  private static final class RunList {
    private long[] a = new long[32];
    private int n;

    void add(long start, long length) {
      if (n + 2 > a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = start;
      a[n++] = length;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
