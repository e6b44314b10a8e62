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
 *
 * <p>Decoding accepts runs that touch (a relative gap of 0, or a standard start equal to the end of the
 * previous run); the encoder always writes maximal runs, so such input re-encodes with the touching runs
 * merged. The real SIIM label set has none.
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

  /**
   * The codec's name, accepted by {@link #byName(String)}.
   *
   * @return {@code "relative"} or {@code "standard"}
   */
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

  /**
   * Encodes absolute runs, keeping them as given (touching runs are not merged); the inverse of
   * {@link #decodeRuns}.
   *
   * @param startsAndLengths pairs (0-based column-major start, length &gt; 0), ascending and not
   *     overlapping
   * @return space-separated integer pairs, or {@code "-1"} when there are no runs
   * @throws IllegalArgumentException for an odd count, an empty run, or runs out of order
   */
  String encodeRuns(long... startsAndLengths);

  /**
   * Decodes a string into its runs, exactly as written (touching runs are not merged), validated like
   * {@link #decode}.
   *
   * @param rle the encoded runs
   * @param width image width
   * @param height image height
   * @return pairs (0-based column-major start, length), ascending
   * @throws RleFormatException if the string is malformed or a run leaves the image
   */
  long[] decodeRuns(String rle, int width, int height);

  /**
   * Checks a string without building a mask.
   *
   * @param rle the encoded runs
   * @param width image width
   * @param height image height
   * @return the number of runs (0 for {@code "-1"} or the empty string)
   * @throws RleFormatException if the string is malformed or a run leaves the image
   */
  int validate(String rle, int width, int height);

  /**
   * Rewrites a string of this codec in another codec, run for run (the integer pairs map one to one).
   *
   * @param rle the encoded runs in this codec
   * @param target the codec to write
   * @param width image width
   * @param height image height
   * @return the same runs in {@code target}'s format; {@code "-1"} when there are none
   * @throws RleFormatException if the string is malformed or a run leaves the image
   */
  default String transcode(String rle, RleCodec target, int width, int height) {
    return target.encodeRuns(decodeRuns(rle, width, height));
  }
}
