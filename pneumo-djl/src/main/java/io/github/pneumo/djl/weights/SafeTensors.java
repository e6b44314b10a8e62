package io.github.pneumo.djl.weights;

import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.pneumo.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reader and writer of the safetensors format: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {...}}}), then the raw little-endian, row-major tensor data, offsets relative to the
 * end of the header.
 */
final class SafeTensors {

  /** Upper bound on the JSON header (the reference implementation uses 100 MB). */
  static final long MAX_HEADER_BYTES = 100L << 20;
  private static final String METADATA_KEY = "__metadata__";

  private SafeTensors() {}

  /** Element types of the format that pneumo reads. */
  enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    boolean isFloat() {
      return this == F64 || this == F32 || this == F16 || this == BF16;
    }
  }

  /** One tensor of a file: its type, shape and absolute byte range in the file. */
  record Tensor(String name, DType dtype, long[] shape, long fileOffset, long byteLength) {
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

  /** An open safetensors file; tensors are read on demand. */
  static final class Reader implements TensorFile {
    private final Path path;
    private final FileChannel channel;
    private final Map<String, Tensor> tensors;
    private final Map<String, Entry> entries;

    private Reader(Path path, FileChannel channel, Map<String, Tensor> tensors) {
      this.path = path;
      this.channel = channel;
      this.tensors = tensors;
      ImmutableMap.Builder<String, Entry> view = ImmutableMap.builder();
      tensors.forEach((name, t) ->
          view.put(name, new Entry(name, t.dtype().name(), t.dtype().isFloat(), t.shape())));
      this.entries = view.buildOrThrow();
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public Map<String, Entry> tensors() {
      return entries;
    }

    /** The safetensors view of the tensors, with their byte ranges. */
    Map<String, Tensor> rawTensors() {
      return tensors;
    }

    @Override
    public float[] readFloats(String name) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new WeightsMismatchException(path + ": no tensor named " + name);
      }
      return readFloats(t);
    }

    /** Reads a floating-point tensor, converted to float32. */
    float[] readFloats(Tensor t) {
      if (!t.dtype().isFloat()) {
        throw new WeightsMismatchException(path + ": tensor " + t.name() + " has dtype " + t.dtype()
            + ", a floating-point type (F32, F16, BF16, F64) is needed");
      }
      ByteBuffer bytes = read(t);
      int n = Math.toIntExact(t.elementCount());
      float[] out = new float[n];
      switch (t.dtype()) {
        case F32 -> bytes.asFloatBuffer().get(out);
        case F64 -> {
          for (int i = 0; i < n; i++) {
            out[i] = (float) bytes.getDouble(8 * i);
          }
        }
        case F16 -> {
          for (int i = 0; i < n; i++) {
            out[i] = halfToFloat(bytes.getShort(2 * i));
          }
        }
        case BF16 -> {
          for (int i = 0; i < n; i++) {
            out[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xFFFF) << 16);
          }
        }
        default -> throw new IllegalStateException(t.dtype().name());
      }
      return out;
    }

    private ByteBuffer read(Tensor t) {
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(t.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
      try {
        long position = t.fileOffset();
        while (buffer.hasRemaining()) {
          int read = channel.read(buffer, position);
          if (read < 0) {
            throw new WeightsFileException(path + ": unexpected end of file at byte " + position
                + " reading tensor " + t.name());
          }
          position += read;
        }
      } catch (IOException e) {
        throw new WeightsFileException(path + ": cannot read tensor " + t.name() + " at byte "
            + t.fileOffset(), e);
      }
      return buffer.flip();
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new WeightsFileException(path + ": cannot close", e);
      }
    }
  }

  /** Opens a file and validates its header against the file size. */
  static Reader open(Path path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot open weights file", e);
    }
    try {
      return new Reader(path, channel, readHeader(path, channel));
    } catch (RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static Map<String, Tensor> readHeader(Path path, FileChannel channel) {
    long fileSize;
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    byte[] headerBytes;
    try {
      fileSize = channel.size();
      if (fileSize < 8) {
        throw new WeightsFileException(path + ": " + fileSize
            + " bytes, too short for a safetensors file (8-byte header length expected at byte 0)");
      }
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
        throw new WeightsFileException(path + ": header length " + Long.toUnsignedString(headerLength)
            + " at byte 0 is invalid for a file of " + fileSize + " bytes");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(channel, header, 8);
      headerBytes = header.array();
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot read header", e);
    }
    long dataStart = 8 + headerBytes.length;
    long dataSize = fileSize - dataStart;
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(new String(headerBytes, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new WeightsFileException(path + ": JSON header (bytes 8.." + dataStart + ") is not an object");
      }
      json = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new WeightsFileException(path + ": malformed JSON header (bytes 8.." + dataStart + "): "
          + e.getMessage(), e);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
      if (entry.getKey().equals(METADATA_KEY)) {
        continue;
      }
      Tensor t = parseTensor(path, entry.getKey(), entry.getValue(), dataStart, dataSize);
      tensors.put(t.name(), t);
    }
    checkNoOverlap(path, tensors);
    return ImmutableMap.copyOf(tensors);
  }

  private static Tensor parseTensor(Path path, String name, JsonElement value, long dataStart, long dataSize) {
    String where = path + ": tensor '" + name + "'";
    try {
      JsonObject o = value.getAsJsonObject();
      String dtypeName = o.get("dtype").getAsString();
      DType dtype;
      try {
        dtype = DType.valueOf(dtypeName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new WeightsFileException(where + ": unsupported dtype " + dtypeName);
      }
      JsonArray shapeJson = o.getAsJsonArray("shape");
      long[] shape = new long[shapeJson.size()];
      long elements = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeJson.get(i).getAsLong();
        if (shape[i] < 0) {
          throw new WeightsFileException(where + ": negative dimension in shape " + shapeJson);
        }
        elements = Math.multiplyExact(elements, shape[i]);
      }
      JsonArray offsets = o.getAsJsonArray("data_offsets");
      if (offsets.size() != 2) {
        throw new WeightsFileException(where + ": data_offsets must have two entries: " + offsets);
      }
      long begin = offsets.get(0).getAsLong();
      long end = offsets.get(1).getAsLong();
      if (begin < 0 || end < begin || end > dataSize) {
        throw new WeightsFileException(where + ": data_offsets [" + begin + ", " + end
            + "] outside the data section of " + dataSize + " bytes (file bytes " + dataStart + "..)");
      }
      long expected = Math.multiplyExact(elements, dtype.bytes);
      if (end - begin != expected) {
        throw new WeightsFileException(where + ": " + (end - begin) + " data bytes at file byte "
            + (dataStart + begin) + ", but " + dtype + " " + shapeJson + " needs " + expected);
      }
      if (expected > Integer.MAX_VALUE) {
        throw new WeightsFileException(where + ": tensor of " + expected + " bytes is too large");
      }
      return new Tensor(name, dtype, shape, dataStart + begin, expected);
    } catch (IllegalStateException | NullPointerException | ClassCastException
        | UnsupportedOperationException | NumberFormatException | ArithmeticException e) {
      throw new WeightsFileException(where + ": malformed header entry " + value, e);
    }
  }

  private static void checkNoOverlap(Path path, Map<String, Tensor> tensors) {
    List<Tensor> sorted = new ArrayList<>(tensors.values());
    sorted.sort(Comparator.comparingLong(Tensor::fileOffset));
    for (int i = 1; i < sorted.size(); i++) {
      Tensor previous = sorted.get(i - 1);
      Tensor t = sorted.get(i);
      if (previous.fileOffset() + previous.byteLength() > t.fileOffset()) {
        throw new WeightsFileException(path + ": tensors '" + previous.name() + "' and '" + t.name()
            + "' overlap at file byte " + t.fileOffset());
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, p);
      if (read < 0) {
        throw new IOException("unexpected end of file at byte " + p);
      }
      p += read;
    }
  }

  /**
   * A tensor to write: its name, type and shape, and a supplier of its little-endian data, called once
   * while writing so that only one tensor is materialised at a time.
   */
  record Output(String name, DType dtype, long[] shape, Supplier<ByteBuffer> data) {

    long byteLength() {
      long n = dtype.bytes;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    static Output f32(String name, long[] shape, Supplier<float[]> values) {
      return new Output(name, DType.F32, shape, () -> {
        float[] v = values.get();
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b;
      });
    }

    static Output i64(String name, long[] shape, long[] values) {
      return new Output(name, DType.I64, shape, () -> {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b;
      });
    }
  }

  /**
   * Writes a safetensors file atomically (temporary file in the same folder, then a move). The metadata keys
   * are written sorted, so the bytes do not depend on the map's iteration order (a {@code Map.of} changes
   * its order from one JVM run to the next).
   */
  static void write(Path path, List<Output> outputs, Map<String, String> metadata) {
    JsonObject header = new JsonObject();
    JsonObject meta = new JsonObject();
    new java.util.TreeMap<>(metadata).forEach(meta::addProperty);
    header.add(METADATA_KEY, meta);
    long offset = 0;
    for (Output o : outputs) {
      long length = o.byteLength();
      JsonObject entry = new JsonObject();
      entry.addProperty("dtype", o.dtype().name());
      JsonArray shape = new JsonArray();
      for (long d : o.shape()) {
        shape.add(d);
      }
      entry.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offsets.add(offset + length);
      entry.add("data_offsets", offsets);
      header.add(o.name(), entry);
      offset += length;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    Path absolute = path.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // Not Files.createTempFile: its owner-only permissions would carry over to the weights file.
      tmp = AtomicFiles.temporaryIn(dir); // short and PID-stamped: see AtomicFiles.removeStaleTemporaries
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        writeFully(out, head);
        for (Output o : outputs) {
          ByteBuffer data = o.data().get();
          if (data.remaining() != o.byteLength()) {
            throw new IllegalStateException("tensor " + o.name() + " has " + data.remaining()
                + " bytes, expected " + o.byteLength());
          }
          writeFully(out, data);
        }
        out.force(true);
      }
      AtomicFiles.commit(tmp, absolute);
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot write weights file", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is hidden and named after the target
        }
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** IEEE 754 half precision to float. */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
