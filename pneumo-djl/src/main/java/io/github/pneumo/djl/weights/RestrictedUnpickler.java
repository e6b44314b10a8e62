package io.github.pneumo.djl.weights;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A pickle reader that understands only what a PyTorch {@code state_dict} saved with {@code torch.save}
 * needs, and is safe by construction: it never loads, instantiates or calls anything named by the file.
 *
 * <p>Values become plain Java objects: {@code None} → {@code null}, bool → {@link Boolean}, int →
 * {@link Long} (or {@link BigInteger}), float → {@link Double}, str → {@link String}, bytes → {@code
 * byte[]}, list → {@link ArrayList}, tuple → {@link Tuple}, dict and {@code collections.OrderedDict} →
 * {@link LinkedHashMap}, tensors → {@link TensorRef}. The only globals accepted are listed in {@link
 * #ALLOWED_GLOBALS}; any other global (e.g. {@code os.system}, a model class) is refused when its opcode
 * is read, with an error naming it and the byte offset. Every length read from the file is checked
 * against the bytes left before anything is allocated.
 */
final class RestrictedUnpickler {

  /** The globals a state dict needs, as "module.name". */
  static final Set<String> ALLOWED_GLOBALS;

  private static final String ORDERED_DICT = "collections.OrderedDict";
  private static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
  private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor";
  private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
  private static final String REBUILD_PARAMETER_WITH_STATE = "torch._utils._rebuild_parameter_with_state";
  private static final int MAX_TEXT_LINE = 256;

  static {
    Set<String> allowed = new TreeSet<>(List.of(ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR,
        REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE));
    for (TorchDType t : TorchDType.values()) {
      allowed.add("torch." + t.storageClass());
    }
    ALLOWED_GLOBALS = Collections.unmodifiableSet(allowed);
  }

  /** A Python tuple. */
  record Tuple(List<@Nullable Object> items) {
    Tuple {
      items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    int size() {
      return items.size();
    }

    @Nullable Object get(int i) {
      return items.get(i);
    }
  }

  /** An accepted global, as read from a GLOBAL or STACK_GLOBAL opcode. */
  record Global(String qualifiedName) {}

  /**
   * A storage named by a persistent id: {@code ('storage', torch.FloatStorage, key, location, numel[,
   * view_metadata])}.
   *
   * @param key the storage key (zip entry {@code data/<key>}, or the legacy format's key)
   * @param dtype the element type
   * @param location the device it was saved from (ignored)
   * @param numel its element count
   */
  record StorageRef(String key, TorchDType dtype, String location, long numel) {}

  /**
   * A tensor: a strided view of a storage.
   *
   * @param storage the storage
   * @param offset the first element's index in the storage
   * @param shape the sizes
   * @param stride the strides, in elements
   */
  record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {}

  private final Path path;
  private final InputStream in;
  private final long start;
  private final long limit;
  private long position;
  private final List<@Nullable Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, @Nullable Object> memo = new HashMap<>();
  private final Map<String, StorageRef> storages;

  /**
   * Creates a reader for one pickle.
   *
   * @param path the file, for messages
   * @param in the stream, positioned at the pickle; bytes are consumed up to and including STOP
   * @param start the file offset of the stream's position, for messages
   * @param limit how many bytes the pickle may span at most (the bytes left in the file or entry)
   * @param storages storages seen so far, by key (shared across the pickles of one file)
   */
  RestrictedUnpickler(Path path, InputStream in, long start, long limit, Map<String, StorageRef> storages) {
    this.path = path;
    this.in = in;
    this.start = start;
    this.limit = limit;
    this.storages = storages;
  }

  /** @return the number of bytes consumed so far */
  long consumed() {
    return position;
  }

  /**
   * Reads one pickle up to its STOP opcode.
   *
   * @return the unpickled value
   * @throws WeightsFileException naming the file and byte offset if the pickle is malformed, truncated
   *     or names a global or opcode a state dict does not need
   */
  @Nullable Object load() {
    try {
      while (true) {
        long at = position;
        int op = u8();
        if (op == '.') {
          if (stack.size() != 1 || !marks.isEmpty()) {
            throw error(at, "STOP with " + stack.size() + " values on the stack");
          }
          return stack.get(0);
        }
        step(op, at);
      }
    } catch (IOException e) {
      throw new WeightsFileException(path + ": cannot read the pickle at byte " + (start + position), e);
    }
  }

  private void step(int op, long at) throws IOException {
    switch (op) {
      case 0x80 -> {
        int protocol = u8();
        if (protocol > 5) {
          throw error(at, "unsupported pickle protocol " + protocol);
        }
      }
      case 0x95 -> skip(8); // FRAME: a length hint
      case '(' -> marks.add(stack.size());
      case '0' -> pop(at);
      case '1' -> popMark(at);
      case '2' -> push(peek(at));
      case 'N' -> push(null);
      case 0x88 -> push(Boolean.TRUE);
      case 0x89 -> push(Boolean.FALSE);
      case 'J' -> push((long) le32());
      case 'K' -> push((long) u8());
      case 'M' -> push((long) (u8() | (u8() << 8)));
      case 0x8a -> push(longFromBytes(bytes(u8(), at)));
      case 0x8b -> push(longFromBytes(bytes(length(le32(), at), at)));
      case 'I' -> push(textInt(line(at), at));
      case 'L' -> push(textInt(stripL(line(at)), at));
      case 'G' -> push(Double.longBitsToDouble(be64()));
      case 'F' -> push(textFloat(line(at), at));
      case 'X' -> push(utf8(bytes(length(le32(), at), at)));
      case 0x8c -> push(utf8(bytes(u8(), at)));
      case 0x8d -> push(utf8(bytes(length(le64(), at), at)));
      case 'T' -> push(utf8(bytes(length(le32(), at), at)));
      case 'U' -> push(utf8(bytes(u8(), at)));
      case 'B' -> push(bytes(length(le32(), at), at));
      case 'C' -> push(bytes(u8(), at));
      case 0x8e -> push(bytes(length(le64(), at), at));
      case ')' -> push(new Tuple(List.of()));
      case 't' -> push(new Tuple(popToMark(at)));
      case 0x85 -> push(new Tuple(popN(1, at)));
      case 0x86 -> push(new Tuple(popN(2, at)));
      case 0x87 -> push(new Tuple(popN(3, at)));
      case ']' -> push(new ArrayList<>());
      case 'l' -> push(new ArrayList<>(popToMark(at)));
      case 'a' -> {
        Object value = pop(at);
        list(peek(at), at).add(value);
      }
      case 'e' -> {
        List<@Nullable Object> values = popToMark(at);
        list(peek(at), at).addAll(values);
      }
      case '}' -> push(new LinkedHashMap<>());
      case 'd' -> {
        Map<Object, @Nullable Object> dict = new LinkedHashMap<>();
        putAll(dict, popToMark(at), at);
        push(dict);
      }
      case 's' -> {
        Object value = pop(at);
        Object key = pop(at);
        putAll(dict(peek(at), at), Arrays.asList(key, value), at);
      }
      case 'u' -> {
        List<@Nullable Object> items = popToMark(at);
        putAll(dict(peek(at), at), items, at);
      }
      case 'p' -> memo.put(textIndex(line(at), at), peek(at));
      case 'q' -> memo.put((long) u8(), peek(at));
      case 'r' -> memo.put(le32() & 0xFFFFFFFFL, peek(at));
      case 0x94 -> memo.put((long) memo.size(), peek(at));
      case 'g' -> push(memoGet(textIndex(line(at), at), at));
      case 'h' -> push(memoGet(u8(), at));
      case 'j' -> push(memoGet(le32() & 0xFFFFFFFFL, at));
      case 'c' -> {
        String module = line(at);
        String name = line(at);
        push(global(module, name, at));
      }
      case 0x93 -> {
        Object name = pop(at);
        Object module = pop(at);
        if (!(module instanceof String m) || !(name instanceof String n)) {
          throw error(at, "STACK_GLOBAL needs two strings");
        }
        push(global(m, n, at));
      }
      case 'R' -> {
        Object args = pop(at);
        Object callable = pop(at);
        if (!(args instanceof Tuple t)) {
          throw error(at, "REDUCE arguments are not a tuple");
        }
        push(reduce(callable, t, at));
      }
      case 'b' -> {
        Object state = pop(at);
        Object target = peek(at);
        if (!(target instanceof Map) || !(state == null || state instanceof Map)) {
          // OrderedDict's instance state (the state dict's _metadata) is the only BUILD a state dict has.
          throw error(at, "BUILD of " + describe(target) + " with " + describe(state) + " is not supported");
        }
      }
      case 'Q' -> push(persistent(pop(at), at));
      case 'P' -> throw error(at, "text persistent ids (protocol 0) are not supported");
      default -> throw error(at, String.format("opcode 0x%02x is not supported in a state dict", op));
    }
  }

  private Object global(String module, String name, long at) {
    String qualified = module + "." + name;
    if (!ALLOWED_GLOBALS.contains(qualified)) {
      throw error(at, "refused global '" + qualified + "': a state dict only needs " + ALLOWED_GLOBALS
          + " (nothing was executed; files pickling other objects, e.g. a whole model, must be re-saved as "
          + "model.state_dict())");
    }
    return new Global(qualified);
  }

  private Object reduce(@Nullable Object callable, Tuple args, long at) {
    if (!(callable instanceof Global g)) {
      throw error(at, "REDUCE of " + describe(callable) + " is not supported");
    }
    switch (g.qualifiedName()) {
      case ORDERED_DICT -> {
        Map<Object, @Nullable Object> dict = new LinkedHashMap<>();
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
          // Python 2's OrderedDict.__reduce__: a list of [key, value] pairs.
          for (Object pair : pairs) {
            List<@Nullable Object> kv = pair instanceof Tuple t ? t.items()
                : pair instanceof List<?> l ? new ArrayList<>(l) : List.of();
            if (kv.size() != 2) {
              throw error(at, "OrderedDict item " + describe(pair) + " is not a pair");
            }
            putAll(dict, kv, at);
          }
        } else if (args.size() != 0) {
          throw error(at, "OrderedDict with " + args.size() + " arguments is not supported");
        }
        return dict;
      }
      case REBUILD_TENSOR_V2, REBUILD_TENSOR -> {
        int expected = g.qualifiedName().equals(REBUILD_TENSOR) ? 4 : 6;
        if (args.size() < expected || args.size() > expected + 1) {
          throw error(at, g.qualifiedName() + " with " + args.size() + " arguments");
        }
        if (!(args.get(0) instanceof StorageRef storage)) {
          throw error(at, g.qualifiedName() + ": the first argument is " + describe(args.get(0))
              + ", not a storage");
        }
        long offset = asLong(args.get(1), "storage offset", at);
        long[] shape = longs(args.get(2), "size", at);
        long[] stride = longs(args.get(3), "stride", at);
        if (shape.length != stride.length) {
          throw error(at, "tensor size " + Arrays.toString(shape) + " and stride " + Arrays.toString(stride)
              + " differ in length");
        }
        return new TensorRef(storage, offset, shape, stride);
      }
      case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
        if (args.size() < 1 || !(args.get(0) instanceof TensorRef data)) {
          throw error(at, g.qualifiedName() + " without a tensor");
        }
        return data;
      }
      default -> throw error(at, "global " + g.qualifiedName() + " cannot be called");
    }
  }

  private StorageRef persistent(@Nullable Object pid, long at) {
    if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
      throw error(at, "persistent id " + describe(pid) + " is not a ('storage', type, key, location, numel)"
          + " tuple");
    }
    if (!(t.get(1) instanceof Global type) || !type.qualifiedName().endsWith("Storage")) {
      throw error(at, "persistent id names " + describe(t.get(1)) + " instead of a storage type");
    }
    TorchDType dtype = TorchDType.ofStorageClass(type.qualifiedName().substring("torch.".length()));
    if (!(t.get(2) instanceof String key)) {
      throw error(at, "storage key " + describe(t.get(2)) + " is not a string");
    }
    String location = String.valueOf(t.get(3));
    long numel = asLong(t.get(4), "storage size", at);
    if (numel < 0) {
      throw error(at, "storage " + key + " has a negative size " + numel);
    }
    if (t.size() > 5 && t.get(5) != null) {
      throw error(at, "storage " + key + " is a view of another storage (pre-0.4 PyTorch files); "
          + "re-save it with a recent PyTorch");
    }
    StorageRef ref = new StorageRef(key, dtype, location, numel);
    StorageRef seen = storages.putIfAbsent(key, ref);
    if (seen != null && !seen.equals(ref)) {
      throw error(at, "storage " + key + " is named as " + ref + " and as " + seen);
    }
    return seen != null ? seen : ref;
  }

  private void putAll(Map<Object, @Nullable Object> dict, List<@Nullable Object> items, long at) {
    if (items.size() % 2 != 0) {
      throw error(at, "odd number of dict items");
    }
    for (int i = 0; i < items.size(); i += 2) {
      Object key = items.get(i);
      if (!(key instanceof String || key instanceof Long || key instanceof BigInteger || key instanceof Boolean
          || key instanceof Double || key instanceof Tuple || key == null)) {
        throw error(at, "dict key " + describe(key) + " is not hashable");
      }
      dict.put(key, items.get(i + 1));
    }
  }

  @SuppressWarnings("unchecked")
  private Map<Object, @Nullable Object> dict(@Nullable Object o, long at) {
    if (o instanceof Map<?, ?> m) {
      return (Map<Object, @Nullable Object>) m;
    }
    throw error(at, "SETITEM(S) on " + describe(o));
  }

  @SuppressWarnings("unchecked")
  private List<@Nullable Object> list(@Nullable Object o, long at) {
    if (o instanceof ArrayList<?> l) {
      return (List<@Nullable Object>) l;
    }
    throw error(at, "APPEND(S) on " + describe(o));
  }

  private long asLong(@Nullable Object o, String what, long at) {
    if (o instanceof Long l) {
      return l;
    }
    throw error(at, what + " " + describe(o) + " is not an integer");
  }

  private long[] longs(@Nullable Object o, String what, long at) {
    if (!(o instanceof Tuple t)) {
      throw error(at, "tensor " + what + " " + describe(o) + " is not a tuple");
    }
    long[] out = new long[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = asLong(t.get(i), "tensor " + what + " entry", at);
      if (out[i] < 0) {
        throw error(at, "negative tensor " + what + " " + out[i]);
      }
    }
    return out;
  }

  private @Nullable Object memoGet(long index, long at) {
    if (!memo.containsKey(index)) {
      throw error(at, "memo entry " + index + " was never stored");
    }
    return memo.get(index);
  }

  private void push(@Nullable Object o) {
    stack.add(o);
  }

  private @Nullable Object pop(long at) {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
      throw error(at, "stack underflow");
    }
    return stack.remove(stack.size() - 1);
  }

  private @Nullable Object peek(long at) {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
      throw error(at, "stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private List<@Nullable Object> popN(int n, long at) {
    List<@Nullable Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(0, pop(at));
    }
    return out;
  }

  private List<@Nullable Object> popToMark(long at) {
    if (marks.isEmpty()) {
      throw error(at, "no MARK on the stack");
    }
    int mark = marks.remove(marks.size() - 1);
    List<@Nullable Object> top = stack.subList(mark, stack.size());
    List<@Nullable Object> out = new ArrayList<>(top);
    top.clear();
    return out;
  }

  private void popMark(long at) {
    popToMark(at);
  }

  private int u8() throws IOException {
    if (position >= limit) {
      throw error(position, "truncated pickle (no STOP opcode within " + limit + " bytes)");
    }
    int b = in.read();
    if (b < 0) {
      throw error(position, "unexpected end of file inside the pickle");
    }
    position++;
    return b;
  }

  private int le32() throws IOException {
    return u8() | (u8() << 8) | (u8() << 16) | (u8() << 24);
  }

  private long le64() throws IOException {
    return (le32() & 0xFFFFFFFFL) | ((long) le32() << 32);
  }

  private long be64() throws IOException {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | u8();
    }
    return v;
  }

  private int length(long n, long at) {
    if (n < 0 || n > limit - position) {
      throw error(at, "length " + n + " exceeds the " + (limit - position) + " bytes left in the pickle");
    }
    return (int) n;
  }

  private byte[] bytes(int n, long at) throws IOException {
    length(n, at);
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw error(at, "unexpected end of file inside the pickle");
    }
    position += n;
    return out;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      u8();
    }
  }

  private String line(long at) throws IOException {
    StringBuilder s = new StringBuilder();
    while (true) {
      int b = u8();
      if (b == '\n') {
        return s.toString();
      }
      if (s.length() >= MAX_TEXT_LINE) {
        throw error(at, "text argument longer than " + MAX_TEXT_LINE + " bytes");
      }
      s.append((char) b);
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String stripL(String s) {
    return s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
  }

  private Object textInt(String s, long at) {
    if (s.equals("01")) {
      return Boolean.TRUE;
    }
    if (s.equals("00")) {
      return Boolean.FALSE;
    }
    try {
      BigInteger v = new BigInteger(s.trim());
      return v.bitLength() < 64 ? (Object) v.longValueExact() : v;
    } catch (NumberFormatException e) {
      throw error(at, "malformed integer '" + s + "'");
    }
  }

  private double textFloat(String s, long at) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw error(at, "malformed float '" + s + "'");
    }
  }

  private long textIndex(String s, long at) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw error(at, "malformed memo index '" + s + "'");
    }
  }

  private static Object longFromBytes(byte[] littleEndian) {
    if (littleEndian.length == 0) {
      return 0L;
    }
    byte[] big = new byte[littleEndian.length];
    for (int i = 0; i < big.length; i++) {
      big[i] = littleEndian[littleEndian.length - 1 - i];
    }
    BigInteger v = new BigInteger(big);
    return v.bitLength() < 64 ? (Object) v.longValueExact() : v;
  }

  static String describe(@Nullable Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof String s) {
      return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
    if (o instanceof Global g) {
      return g.qualifiedName();
    }
    if (o instanceof Long || o instanceof Boolean || o instanceof Double || o instanceof BigInteger) {
      return o.toString();
    }
    if (o instanceof TensorRef) {
      return "a tensor";
    }
    if (o instanceof Map) {
      return "a dict";
    }
    if (o instanceof Tuple) {
      return "a tuple";
    }
    if (o instanceof List) {
      return "a list";
    }
    if (o instanceof byte[]) {
      return "bytes";
    }
    return o.getClass().getSimpleName();
  }

  private WeightsFileException error(long at, String message) {
    return new WeightsFileException(path + ": pickle byte " + (start + at) + ": " + message);
  }
}
