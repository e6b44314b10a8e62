package io.github.pneumo.synth;

import java.util.Random;

/**
 * Fast Gaussian detector noise: a fixed table of standard normal values indexed by a per-image xorshift
 * stream, so noise costs a few operations per pixel and is fully determined by the image's seed.
 */
final class DetectorNoise {

  private static final int BITS = 16;
  private static final float[] TABLE = table();

  private long state;

  DetectorNoise(long seed) {
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  private static float[] table() {
    Random r = new Random(0x5EED_CAFEL);
    float[] t = new float[1 << BITS];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) r.nextGaussian();
    }
    return t;
  }

  /** The next standard normal value. */
  float next() {
    long x = state;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    state = x;
    return TABLE[(int) (x >>> (64 - BITS))];
  }
}
