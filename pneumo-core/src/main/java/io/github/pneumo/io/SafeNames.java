package io.github.pneumo.io;

import java.util.regex.Pattern;

/**
 * Validation of names that become one path component (an image id in {@code <id>.pmap}, a fold name in
 * {@code checkpoints/fold<F>}): letters, digits, '.', '_' and '-', not starting with '.', at most 200
 * characters. Such a name can neither leave its folder ({@code ../}, {@code /}), nor hide itself, nor break
 * a CSV line ({@code ,}, quotes, line breaks), nor exceed a file system's 255-byte name limit with the
 * suffixes pneumo adds.
 */
public final class SafeNames {
  /** The longest name accepted. */
  public static final int MAX_LENGTH = 200;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private SafeNames() {}

  /**
   * Whether a name is safe as a path component.
   *
   * @param name the name
   * @return true when {@link #require} accepts it
   */
  public static boolean isSafe(String name) {
    return name.length() <= MAX_LENGTH && SAFE.matcher(name).matches();
  }

  /**
   * Checks a name that becomes a path component.
   *
   * @param kind what the name is, for the message (e.g. {@code "image id"}, {@code "fold name"})
   * @param name the name
   * @return the name
   * @throws UnsafeNameException naming the kind and the name
   */
  public static String require(String kind, String name) {
    if (!isSafe(name)) {
      throw new UnsafeNameException(kind + " '" + printable(name) + "' is not a safe file name (allowed: letters, "
          + "digits, '.', '_', '-', not starting with '.', at most " + MAX_LENGTH + " characters)");
    }
    return name;
  }

  private static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    name.codePoints().limit(MAX_LENGTH + 20).forEach(c -> {
      if (c < 0x20 || c == 0x7F) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return name.length() > MAX_LENGTH + 20 ? sb + "…" : sb.toString();
  }
}
