package io.github.pneumo.image;

/** Small grey images written as int literals, for tests. */
public final class TestImages {
  private TestImages() {}

  /**
   * An image from row-major values 0..255.
   *
   * @param w width
   * @param h height
   * @param values w·h pixel values
   * @return the image
   */
  public static GreyImage image(int w, int h, int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return new GreyImage(w, h, b);
  }

  /**
   * The pixel values as unsigned ints.
   *
   * @param g the image
   * @return row-major values 0..255
   */
  public static int[] values(GreyImage g) {
    int[] out = new int[g.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g.pixels()[i] & 0xFF;
    }
    return out;
  }
}
