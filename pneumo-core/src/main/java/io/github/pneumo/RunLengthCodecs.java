package io.github.pneumo;

import java.util.Arrays;

/** The two SIIM codecs; package-private, reached through {@link RleCodec}. */
final class RunLengthCodecs implements RleCodec {

  static final RunLengthCodecs RELATIVE = new RunLengthCodecs(true);
  static final RunLengthCodecs STANDARD = new RunLengthCodecs(false);

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
    StringBuilder sb = new StringBuilder(64);
    long[] previousEnd = {0};
    mask.forEachRun((start, length) -> {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(relative ? start - previousEnd[0] : start + 1).append(' ').append(length);
      previousEnd[0] = start + length;
    });
    return sb.toString();
  }

  @Override
  public Mask decode(String rle, int width, int height) {
    Mask.Builder builder = Mask.builder(width, height);
    long[] tokens = tokenize(rle);
    if (tokens.length == 0) {
      return builder.build();
    }
    if (tokens.length % 2 != 0) {
      throw new RleFormatException("odd number of tokens (" + tokens.length + ") in " + name()
          + " RLE: the last start has no length");
    }
    long total = (long) width * height;
    long cursor = 0; // end (exclusive) of the previous run
    for (int t = 0; t < tokens.length; t += 2) {
      long first = tokens[t];
      long length = tokens[t + 1];
      long start;
      if (relative) {
        start = cursor + first;
      } else {
        if (first < 1) {
          throw new RleFormatException("token " + t + ": standard RLE starts are 1-based, got " + first);
        }
        start = first - 1;
        if (start < cursor) {
          throw new RleFormatException("token " + t + ": run starting at " + first
              + " overlaps or precedes the previous run, which ends at " + cursor);
        }
      }
      if (length == 0) {
        throw new RleFormatException("token " + (t + 1) + ": zero-length run");
      }
      if (start + length > total) {
        throw new RleFormatException("token " + t + ": run [" + start + ", " + (start + length)
            + ") lies outside the " + width + "x" + height + " image (" + total + " pixels)");
      }
      builder.setRun(start, length);
      cursor = start + length;
    }
    return builder.build();
  }

  /** Splits on white space and parses non-negative integers; "-1" alone means empty. */
  private static long[] tokenize(String s) {
    int n = s.length();
    long[] out = new long[16];
    int count = 0;
    int pos = 0;
    while (true) {
      while (pos < n && isSpace(s.charAt(pos))) {
        pos++;
      }
      if (pos == n) {
        break;
      }
      int begin = pos;
      if (count == 0 && s.charAt(pos) == '-') {
        int end = pos + 1;
        while (end < n && !isSpace(s.charAt(end))) {
          end++;
        }
        String word = s.substring(pos, end);
        int rest = end;
        while (rest < n && isSpace(s.charAt(rest))) {
          rest++;
        }
        if (word.equals("-1") && rest == n) {
          return new long[0];
        }
        throw new RleFormatException("token 0 (character " + begin + "): '" + word
            + "' is not a non-negative integer");
      }
      long value = 0;
      while (pos < n && !isSpace(s.charAt(pos))) {
        char c = s.charAt(pos);
        if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10) {
          int end = pos;
          while (end < n && !isSpace(s.charAt(end))) {
            end++;
          }
          throw new RleFormatException("token " + count + " (character " + begin + "): '"
              + s.substring(begin, end) + "' is not a non-negative integer");
        }
        value = value * 10 + (c - '0');
        pos++;
      }
      if (count == out.length) {
        out = Arrays.copyOf(out, count * 2);
      }
      out[count++] = value;
    }
    return Arrays.copyOf(out, count);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  @Override
  public String toString() {
    return "RleCodec." + name() + "()";
  }
}
