package io.github.pneumo.djl.weights;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A weights file seen as a name → tensor map (a PyTorch {@code state_dict}): safetensors or a {@code
 * torch.save} file. Tensor data is read on demand, converted to float32.
 */
interface TensorFile extends AutoCloseable {

  /** One tensor of a file: its name, element type and shape. */
  record Entry(String name, String dtype, boolean floating, long[] shape) {

    /** Copies the shape. */
    public Entry {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    long elementCount() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    String shapeString() {
      return Arrays.toString(shape);
    }
  }

  /** @return the file */
  Path path();

  /** @return the tensors by name, in file order */
  Map<String, Entry> tensors();

  /**
   * Reads a floating-point tensor as float32 values in row-major order.
   *
   * @param name a name of {@link #tensors()}
   * @return the values
   * @throws WeightsMismatchException if the tensor is not floating-point
   * @throws WeightsFileException if its data cannot be read
   */
  float[] readFloats(String name);

  @Override
  void close();
}
