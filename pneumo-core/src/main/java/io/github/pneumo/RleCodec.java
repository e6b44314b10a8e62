package io.github.pneumo;

/**
 * Run-length codecs of the SIIM challenge. Both walk the image in <b>column-major</b> order (flat index =
 * x·height + y) and write {@code -1} for an empty mask.
 *
 * <ul>
 *   <li>{@link #relative()} — stage 1 ({@code train-rle.csv}): pairs (gap, length), 0-based, each gap
 *       counted from the end of the previous run.
 *   <li>{@link #standard()} — stage 2 and Kaggle's usual format: pairs (start, length), 1-based absolute
 *       starts, ascending and non-overlapping.
 * </ul>
 *
 * <p>Unlike the original encoder, a run that ends on the very last pixel is kept. Decoding rejects
 * malformed input with an {@link RleFormatException}: odd token count, a token that is not a
 * non-negative integer, a zero-length run, a run outside the image, overlapping or descending runs.
 * Implementations are immutable and thread-safe.
 */
public interface RleCodec {

  /**
   * The stage-1 relative codec.
   *
   * @return the shared instance
   */
  static RleCodec relative() {
    return RunLengthCodecs.RELATIVE;
  }

  /**
   * The stage-2 standard codec (1-based absolute starts).
   *
   * @return the shared instance
   */
  static RleCodec standard() {
    return RunLengthCodecs.STANDARD;
  }

  /**
   * Looks a codec up by name, case-insensitively: {@code relative} (alias {@code stage1}) or {@code
   * standard} (alias {@code stage2}).
   *
   * @param name the codec name
   * @return the codec
   * @throws IllegalArgumentException for an unknown name
   */
  static RleCodec byName(String name) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "relative", "stage1", "stage-1" -> relative();
      case "standard", "stage2", "stage-2", "absolute" -> standard();
      default -> throw new IllegalArgumentException(
          "unknown RLE codec '" + name + "' (expected 'relative' or 'standard')");
    };
  }

  /** @return {@code "relative"} or {@code "standard"} */
  String name();

  /**
   * Encodes a mask.
   *
   * @param mask the mask
   * @return space-separated integer pairs, or {@code "-1"} when the mask is empty
   */
  String encode(Mask mask);

  /**
   * Decodes a string into a mask of the given size. Leading and trailing white space is ignored;
   * {@code "-1"} and the empty string decode to an empty mask.
   *
   * @param rle the encoded runs
   * @param width image width
   * @param height image height
   * @return the mask
   * @throws RleFormatException if the string is malformed or a run leaves the image
   */
  Mask decode(String rle, int width, int height);
}
