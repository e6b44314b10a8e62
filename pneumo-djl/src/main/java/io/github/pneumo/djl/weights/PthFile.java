package io.github.pneumo.djl.weights;

import com.google.common.collect.ImmutableMap;
import io.github.pneumo.djl.weights.RestrictedUnpickler.StorageRef;
import io.github.pneumo.djl.weights.RestrictedUnpickler.TensorRef;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * A {@code torch.save} file read as a state dict, without Python: the zip format (PyTorch ≥ 1.6
 * default: {@code <archive>/data.pkl}, storages in {@code <archive>/data/<key>}, byte order in {@code
 * <archive>/byteorder}) and the legacy format (pickled magic number, protocol version and system info,
 * the pickled object, the pickled list of storage keys, then each storage as an 8-byte element count
 * and its raw data, in the byte order of the system info). The pickles are read by {@link
 * RestrictedUnpickler}, which refuses any global a state dict does not need.
 *
 * <p>Tensors may share storages and be strided views (offset, non-contiguous strides); every view is
 * checked to lie inside its storage, and every storage against the bytes the file holds, before anything
 * is allocated.
 */
final class PthFile implements TensorFile {

  /** The legacy format's magic number (the first pickle of the file). */
  static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final long LEGACY_PROTOCOL = 1001;
  private static final List<String> CONTAINER_KEYS = List.of("state_dict", "model");
  private static final String DATA_PARALLEL_PREFIX = "module.";

  private final Path path;
  private final Map<String, TensorRef> refs;
  private final Map<String, Entry> entries;
  private final StorageSource source;
  private final ByteOrder order;

  /** Where the bytes of each storage are. */
  private interface StorageSource extends AutoCloseable {
    /** The whole storage, {@code numel × element size} bytes. */
    byte[] read(StorageRef storage) throws IOException;

    @Override
    void close() throws IOException;
  }

  private PthFile(Path path, Map<String, TensorRef> refs, StorageSource source, ByteOrder order) {
    this.path = path;
    this.refs = refs;
    this.source = source;
    this.order = order;
    ImmutableMap.Builder<String, Entry> view = ImmutableMap.builder();
    refs.forEach((name, t) -> view.put(name, new Entry(name, t.storage().dtype().name(),
        t.storage().dtype().floating(), t.shape())));
    this.entries = view.buildOrThrow();
  }

  /**
   * Whether a file starts like a {@code torch.save} file (a zip archive or a protocol-2 pickle).
   *
   * @param path the file
   * @return true for the zip or legacy format
   */
  static boolean looksLikePth(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] head = in.readNBytes(4);
      return isZip(head) || (head.length >= 2 && (head[0] & 0xFF) == 0x80);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isZip(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /**
   * Opens a file and selects its state dict.
   *
   * @param path the file
   * @param entry keys leading from the saved object to the state dict (empty: the saved object is the
   *     state dict)
   * @param unwrap whether a saved dict without tensors is unwrapped through its {@code state_dict} or
   *     {@code model} entry, and a {@code module.} prefix that every name carries (DataParallel) is
   *     removed
   * @return the open file
   * @throws WeightsFileException if the file cannot be read, is malformed, names a refused global, or
   *     the selected object is not a dict of tensors
   */
  static PthFile open(Path path, List<String> entry, boolean unwrap) {
    long size;
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      size = Files.size(path);
      head = in.readNBytes(4);
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot open weights file", e);
    }
    if (isZip(head)) {
      return openZip(path, size, entry, unwrap);
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0x80) {
      return openLegacy(path, size, entry, unwrap);
    }
    throw new WeightsFileException(path + ": byte 0: neither a torch.save zip archive nor a legacy torch.save "
        + "file (first bytes " + hex(head) + ")");
  }

  private static PthFile openZip(Path path, long fileSize, List<String> entry, boolean unwrap) {
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (IOException e) {
      throw new WeightsFileException(path + ": not a readable zip archive: " + e.getMessage(), e);
    }
    try {
      String prefix = archivePrefix(path, zip);
      ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
      Map<String, StorageRef> storages = new HashMap<>();
      Object root;
      try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl), 1 << 16)) {
        long limit = pkl.getSize() >= 0 ? pkl.getSize() : fileSize;
        root = new RestrictedUnpickler(path.resolve(prefix + "data.pkl"), in, 0, limit, storages).load();
      }
      ByteOrder order = zipByteOrder(path, zip, prefix);
      for (StorageRef s : storages.values()) {
        ZipEntry data = zip.getEntry(prefix + "data/" + s.key());
        long needed = Math.multiplyExact(s.numel(), s.dtype().bytes());
        if (data == null) {
          throw new WeightsFileException(path + ": storage " + s.key() + " has no entry " + prefix + "data/"
              + s.key());
        }
        if (data.getSize() < needed) {
          throw new WeightsFileException(path + ": entry " + data.getName() + " holds " + data.getSize()
              + " bytes, storage " + s.key() + " (" + s.numel() + " × " + s.dtype() + ") needs " + needed);
        }
      }
      StorageSource source = new StorageSource() {
        @Override
        public byte[] read(StorageRef s) throws IOException {
          int n = checkedBytes(path, s);
          try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data/" + s.key()))) {
            byte[] out = in.readNBytes(n);
            if (out.length != n) {
              throw new IOException("entry data/" + s.key() + " ends after " + out.length + " of " + n + " bytes");
            }
            return out;
          }
        }

        @Override
        public void close() throws IOException {
          zip.close();
        }
      };
      return new PthFile(path, select(path, root, entry, unwrap), source, order);
    } catch (IOException | RuntimeException e) {
      throw closedAfter(zip, e, path + ": cannot read torch.save archive");
    }
  }

  private static String archivePrefix(Path path, ZipFile zip) {
    List<String> candidates = zip.stream().map(ZipEntry::getName)
        .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
        .collect(Collectors.toList());
    if (candidates.size() != 1) {
      throw new WeightsFileException(path + ": a torch.save archive has one <archive>/data.pkl entry, found "
          + candidates.size() + (candidates.isEmpty() && zip.getEntry("constants.pkl") != null
              ? " (TorchScript archives are not state dicts)" : ""));
    }
    String pkl = candidates.get(0);
    return pkl.substring(0, pkl.length() - "data.pkl".length());
  }

  private static ByteOrder zipByteOrder(Path path, ZipFile zip, String prefix) throws IOException {
    ZipEntry e = zip.getEntry(prefix + "byteorder");
    if (e == null) {
      return ByteOrder.LITTLE_ENDIAN; // archives before PyTorch 2.1 were written little-endian
    }
    try (InputStream in = zip.getInputStream(e)) {
      String value = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
      return switch (value) {
        case "little" -> ByteOrder.LITTLE_ENDIAN;
        case "big" -> ByteOrder.BIG_ENDIAN;
        default -> throw new WeightsFileException(path + ": entry " + e.getName() + " holds '" + value
            + "', expected 'little' or 'big'");
      };
    }
  }

  private static PthFile openLegacy(Path path, long fileSize, List<String> entry, boolean unwrap) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot open weights file", e);
    }
    try {
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
      Map<String, StorageRef> storages = new HashMap<>();
      long[] offset = {0};
      java.util.function.Supplier<@Nullable Object> next = () -> {
        RestrictedUnpickler u = new RestrictedUnpickler(path, in, offset[0], fileSize - offset[0], storages);
        Object value = u.load();
        offset[0] += u.consumed();
        return value;
      };
      Object magic = next.get();
      if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
        throw new WeightsFileException(path + ": byte 0: a pickle but not a torch.save file (magic number "
            + RestrictedUnpickler.describe(magic) + ")");
      }
      long protocolAt = offset[0];
      Object protocol = next.get();
      if (!(protocol instanceof Long p && p == LEGACY_PROTOCOL)) {
        throw new WeightsFileException(path + ": byte " + protocolAt + ": unsupported torch.save protocol "
            + RestrictedUnpickler.describe(protocol) + " (expected " + LEGACY_PROTOCOL + ")");
      }
      Object sysInfo = next.get();
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
        order = ByteOrder.BIG_ENDIAN;
      }
      Object root = next.get();
      long keysAt = offset[0];
      Object keys = next.get();
      if (!(keys instanceof List<?> keyList)) {
        throw new WeightsFileException(path + ": byte " + keysAt + ": the storage key list is "
            + RestrictedUnpickler.describe(keys));
      }
      Map<String, Long> dataOffsets = new HashMap<>();
      long position = offset[0];
      ByteBuffer count = ByteBuffer.allocate(8).order(order);
      for (Object k : keyList) {
        StorageRef s = k instanceof String key ? storages.get(key) : null;
        if (s == null) {
          throw new WeightsFileException(path + ": byte " + keysAt + ": storage key "
              + RestrictedUnpickler.describe(k) + " is not used by any tensor");
        }
        count.clear();
        readFully(channel, count, position, path);
        long numel = count.flip().getLong();
        if (numel != s.numel()) {
          throw new WeightsFileException(path + ": byte " + position + ": storage " + s.key() + " holds "
              + numel + " elements, its tensors name " + s.numel());
        }
        long bytes = Math.multiplyExact(numel, s.dtype().bytes());
        if (bytes > fileSize - position - 8) {
          throw new WeightsFileException(path + ": byte " + position + ": storage " + s.key() + " of " + bytes
              + " bytes runs past the end of the file (" + fileSize + " bytes)");
        }
        dataOffsets.put(s.key(), position + 8);
        position += 8 + bytes;
      }
      for (StorageRef s : storages.values()) {
        if (!dataOffsets.containsKey(s.key())) {
          throw new WeightsFileException(path + ": storage " + s.key() + " is missing from the key list");
        }
      }
      StorageSource source = new StorageSource() {
        @Override
        public byte[] read(StorageRef s) throws IOException {
          ByteBuffer out = ByteBuffer.allocate(checkedBytes(path, s));
          readFully(channel, out, dataOffsets.get(s.key()), path);
          return out.array();
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
      return new PthFile(path, select(path, root, entry, unwrap), source, order);
    } catch (IOException | RuntimeException e) {
      throw closedAfter(channel, e, path + ": cannot read legacy torch.save file");
    }
  }

  private static Map<String, TensorRef> select(Path path, @Nullable Object root, List<String> entry,
      boolean unwrap) {
    Object node = root;
    String where = "the saved object";
    for (String key : entry) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
        throw new WeightsFileException(path + ": " + where + " has no entry '" + key + "'"
            + (node instanceof Map<?, ?> m ? "; its keys: " + keysOf(m) : " (it is "
                + RestrictedUnpickler.describe(node) + ")"));
      }
      node = map.get(key);
      where = where + "['" + key + "']";
    }
    if (!(node instanceof Map<?, ?> dict)) {
      throw new WeightsFileException(path + ": " + where + " is " + RestrictedUnpickler.describe(node)
          + ", not a state dict");
    }
    if (unwrap && entry.isEmpty() && !dict.isEmpty()
        && dict.values().stream().noneMatch(TensorRef.class::isInstance)) {
      for (String key : CONTAINER_KEYS) {
        if (dict.get(key) instanceof Map<?, ?> inner) {
          dict = inner;
          where = where + "['" + key + "']";
          break;
        }
      }
    }
    Map<String, TensorRef> tensors = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (e.getKey() instanceof String name && e.getValue() instanceof TensorRef t) {
        checkView(path, name, t);
        tensors.put(name, t);
      } else {
        others.add(RestrictedUnpickler.describe(e.getKey()) + " (" + RestrictedUnpickler.describe(e.getValue())
            + ")");
      }
    }
    if (!others.isEmpty()) {
      throw new WeightsFileException(path + ": " + where + " is not a state dict: entries "
          + String.join(", ", others.subList(0, Math.min(10, others.size())))
          + (others.size() > 10 ? ", …" : "") + " are not tensors; select the state dict with "
          + "TorchWeights.LoadOptions.entry(...) or .unwrapping()");
    }
    if (unwrap && !tensors.isEmpty()
        && tensors.keySet().stream().allMatch(n -> n.startsWith(DATA_PARALLEL_PREFIX))) {
      Map<String, TensorRef> stripped = new LinkedHashMap<>();
      tensors.forEach((n, t) -> stripped.put(n.substring(DATA_PARALLEL_PREFIX.length()), t));
      return stripped;
    }
    return tensors;
  }

  private static String keysOf(Map<?, ?> map) {
    return map.keySet().stream().limit(20).map(RestrictedUnpickler::describe).collect(Collectors.joining(", "));
  }

  /** Checks that a view lies inside its storage and does not hold more elements than it. */
  private static void checkView(Path path, String name, TensorRef t) {
    long n = 1;
    long last = t.offset();
    try {
      for (int i = 0; i < t.shape().length; i++) {
        n = Math.multiplyExact(n, t.shape()[i]);
        if (t.shape()[i] > 0) {
          last = Math.addExact(last, Math.multiplyExact(t.shape()[i] - 1, t.stride()[i]));
        }
      }
    } catch (ArithmeticException e) {
      throw new WeightsFileException(path + ": tensor " + name + ": size overflows");
    }
    long numel = t.storage().numel();
    if (n > 0 && (t.offset() < 0 || last >= numel)) {
      throw new WeightsFileException(path + ": tensor " + name + " (offset " + t.offset() + ", size "
          + java.util.Arrays.toString(t.shape()) + ", stride " + java.util.Arrays.toString(t.stride())
          + ") reaches element " + last + " of storage " + t.storage().key() + " of " + numel + " elements");
    }
    if (n > numel) {
      throw new WeightsFileException(path + ": tensor " + name + " has " + n + " elements but its storage "
          + t.storage().key() + " only " + numel + " (expanded tensors are not supported)");
    }
  }

  private static int checkedBytes(Path path, StorageRef s) {
    long bytes = s.numel() * s.dtype().bytes();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new WeightsFileException(path + ": storage " + s.key() + " of " + bytes + " bytes is too large");
    }
    return (int) bytes;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path path)
      throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, p);
      if (read < 0) {
        throw new WeightsFileException(path + ": unexpected end of file at byte " + p);
      }
      p += read;
    }
  }

  /** Closes what was opened and returns the failure to throw (a {@link WeightsFileException} as it is). */
  private static WeightsFileException closedAfter(AutoCloseable c, Exception primary, String what) {
    try {
      c.close();
    } catch (Exception suppressed) {
      primary.addSuppressed(suppressed);
    }
    return primary instanceof WeightsFileException w ? w
        : new WeightsFileException(what + ": " + primary.getMessage(), primary);
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02x", b & 0xFF));
    }
    return s.toString();
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Map<String, Entry> tensors() {
    return entries;
  }

  /** @return the byte order of the storages */
  ByteOrder byteOrder() {
    return order;
  }

  @Override
  public float[] readFloats(String name) {
    TensorRef t = refs.get(name);
    if (t == null) {
      throw new WeightsMismatchException(path + ": no tensor named " + name);
    }
    TorchDType dtype = t.storage().dtype();
    if (!dtype.floating()) {
      throw new WeightsMismatchException(path + ": tensor " + name + " has dtype " + dtype
          + ", a floating-point type is needed");
    }
    ByteBuffer data;
    try {
      data = ByteBuffer.wrap(source.read(t.storage())).order(order);
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot read storage " + t.storage().key() + " of tensor " + name,
          e);
    }
    long[] shape = t.shape();
    long[] stride = t.stride();
    int n = Math.toIntExact(entries.get(name).elementCount());
    float[] out = new float[n];
    int dims = shape.length;
    long[] index = new long[dims];
    long at = t.offset();
    for (int i = 0; i < n; i++) {
      out[i] = dtype.floatAt(data, (int) at);
      for (int d = dims - 1; d >= 0; d--) {
        index[d]++;
        at += stride[d];
        if (index[d] < shape[d]) {
          break;
        }
        at -= stride[d] * index[d];
        index[d] = 0;
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot close", e);
    }
  }
}
