package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import com.google.common.base.Preconditions;
import java.util.SplittableRandom;

/**
 * He (Kaiming) normal initialisation with fan-in and gain √2, as PyTorch's {@code
 * kaiming_normal_(mode='fan_in', nonlinearity='relu')}: N(0, 2/fan_in) with fan_in = shape[1] ·
 * prod(shape[2:]). The numbers come from a Java {@link SplittableRandom} seeded once, so a network
 * initialised in the same order gets the same weights on every engine and machine.
 */
public final class KaimingNormalInitializer implements Initializer {

  private final SplittableRandom random;

  /**
   * Creates the initializer.
   *
   * @param seed the seed of the weight stream
   */
  public KaimingNormalInitializer(long seed) {
    random = new SplittableRandom(seed);
  }

  @Override
  public synchronized NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    Preconditions.checkArgument(shape.dimension() >= 2, "Kaiming init needs a weight of rank >= 2: %s", shape);
    long fanIn = shape.size() / shape.get(0);
    double std = Math.sqrt(2.0 / fanIn);
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (gaussian() * std);
    }
    return manager.create(values, shape).toType(dataType, false);
  }

  private double gaussian() {
    // Marsaglia polar method on the seeded stream.
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
