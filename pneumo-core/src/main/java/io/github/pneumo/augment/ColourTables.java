package io.github.pneumo.augment;

/** The 256-entry look-up tables of albumentations 0.3.1's colour transforms for uint8 images. */
final class ColourTables {
  private ColourTables() {}

  /** clip(v·alpha + shift, 0, 255) computed in float32, truncated to uint8. */
  static byte[] linear(double alpha, double shift) {
    byte[] t = new byte[256];
    float a = (float) alpha;
    float b = (float) shift;
    for (int v = 0; v < 256; v++) {
      float x = v;
      if (alpha != 1) {
        x *= a;
      }
      if (shift != 0) {
        x += b;
      }
      t[v] = (byte) (int) Math.max(0f, Math.min(255f, x));
    }
    return t;
  }

  /** trunc(255·(v/255)^(1/gamma)). */
  static byte[] gamma(double gamma) {
    byte[] t = new byte[256];
    double inv = 1.0 / gamma;
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) (int) (Math.pow(v / 255.0, inv) * 255);
    }
    return t;
  }
}
