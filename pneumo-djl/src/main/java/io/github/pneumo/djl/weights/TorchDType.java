package io.github.pneumo.djl.weights;

import java.nio.ByteBuffer;

/** The element types of PyTorch storages, by their legacy storage class ({@code torch.FloatStorage} …). */
enum TorchDType {
  FLOAT32("FloatStorage", 4, true),
  FLOAT16("HalfStorage", 2, true),
  BFLOAT16("BFloat16Storage", 2, true),
  FLOAT64("DoubleStorage", 8, true),
  INT64("LongStorage", 8, false),
  INT32("IntStorage", 4, false),
  INT16("ShortStorage", 2, false),
  INT8("CharStorage", 1, false),
  UINT8("ByteStorage", 1, false),
  BOOL("BoolStorage", 1, false);

  private final String storageClass;
  private final int bytes;
  private final boolean floating;

  TorchDType(String storageClass, int bytes, boolean floating) {
    this.storageClass = storageClass;
    this.bytes = bytes;
    this.floating = floating;
  }

  /** @return the storage class name without the {@code torch.} module */
  String storageClass() {
    return storageClass;
  }

  /** @return bytes per element */
  int bytes() {
    return bytes;
  }

  /** @return whether values are floating-point */
  boolean floating() {
    return floating;
  }

  /**
   * Reads element {@code i} of a floating-point buffer (whose byte order is set) as float32.
   *
   * @param data the storage bytes
   * @param i the element index
   * @return the value
   */
  float floatAt(ByteBuffer data, int i) {
    return switch (this) {
      case FLOAT32 -> data.getFloat(4 * i);
      case FLOAT64 -> (float) data.getDouble(8 * i);
      case FLOAT16 -> SafeTensors.halfToFloat(data.getShort(2 * i));
      case BFLOAT16 -> Float.intBitsToFloat((data.getShort(2 * i) & 0xFFFF) << 16);
      default -> throw new IllegalStateException(name() + " is not floating-point");
    };
  }

  static TorchDType ofStorageClass(String name) {
    for (TorchDType t : values()) {
      if (t.storageClass.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
