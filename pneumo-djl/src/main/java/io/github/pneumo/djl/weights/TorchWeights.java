package io.github.pneumo.djl.weights;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableSet;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.TensorFile.Entry;
import io.github.pneumo.djl.models.SegmentationNetwork;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weight interchange with the original PyTorch models through <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> files and {@code torch.save}
 * ({@code .pth}) files whose tensor names are the original {@code state_dict} names. {@code .pth} files
 * (zip and legacy formats) are read without Python by a restricted unpickler that accepts only the
 * globals a state dict needs and refuses any other, naming it; nothing in the file is executed.
 *
 * <p>Loading is strict: every parameter and BatchNorm running statistic of the model must be in the
 * file with the same shape, and every tensor of the file must belong to the model. {@code
 * num_batches_tracked} entries of BatchNorm layers are accepted and ignored; the original's aliases
 * (AlbuNet's {@code conv1.0.*} … {@code conv5.*}) must hold the same values as their canonical tensor;
 * the original's unused entries (AlbuNet's {@code encoder.fc.*}) are accepted when their shape
 * matches. Nothing is modified unless the whole file fits. F32, F16, BF16 and F64 tensors are read
 * (converted to float32).
 *
 * <p>Saving writes a file that PyTorch loads with {@code load_state_dict(strict=True)} into the
 * original class: float32 parameters and running statistics, the aliases as copies, the unused
 * entries as zeros and {@code num_batches_tracked} as int64 zeros.
 */
public final class TorchWeights {

  private static final Logger LOG = LoggerFactory.getLogger(TorchWeights.class);
  private static final String BATCHES_TRACKED = "num_batches_tracked";
  private static final String RUNNING_VAR = "running_var";
  private static final int MAX_LISTED = 30;

  private TorchWeights() {}

  /**
   * Options of {@link #load(Model, Path, LoadOptions)}.
   *
   * @param ignored file tensor names (after renaming) to skip, e.g. {@code encoder.fc.weight}
   * @param rename maps each file tensor name to a model name, e.g. {@code n -> "encoder." + n} to load
   *     a torchvision ResNet34 checkpoint into AlbuNet's encoder
   * @param allowMissing whether model parameters absent from the file may keep their current values
   * @param entry for {@code .pth} files: the keys leading from the saved object to the state dict, e.g.
   *     {@code ["state_dict"]} for {@code torch.save({"epoch": 3, "state_dict": sd})}; empty when the
   *     saved object is the state dict
   * @param unwrap for {@code .pth} files: when the saved dict holds no tensor, use its {@code
   *     state_dict} or {@code model} entry; when every name starts with DataParallel's {@code module.},
   *     remove it
   * @param required model names that must be in the file when {@code allowMissing} is false; {@code
   *     null} for all of them
   */
  public record LoadOptions(Set<String> ignored, UnaryOperator<String> rename, boolean allowMissing,
      List<String> entry, boolean unwrap, @Nullable Set<String> required) {

    /** Copies the collections. */
    public LoadOptions {
      ignored = ImmutableSet.copyOf(ignored);
      entry = List.copyOf(entry);
      required = required == null ? null : ImmutableSet.copyOf(required);
    }

    /**
     * Strict loading: no ignored names, no renaming, nothing missing, the saved object is the state
     * dict.
     *
     * @return the default options
     */
    public static LoadOptions strict() {
      return new LoadOptions(Set.of(), UnaryOperator.identity(), false, List.of(), false, null);
    }

    /**
     * These options, also skipping the given file tensor names.
     *
     * @param names names to skip
     * @return new options
     */
    public LoadOptions ignoring(Collection<String> names) {
      return new LoadOptions(ImmutableSet.<String>builder().addAll(ignored).addAll(names).build(),
          rename, allowMissing, entry, unwrap, required);
    }

    /**
     * These options, renaming file tensor names before matching (after any earlier renaming).
     *
     * @param renaming file name → model name
     * @return new options
     */
    public LoadOptions renaming(UnaryOperator<String> renaming) {
      UnaryOperator<String> before = rename;
      return new LoadOptions(ignored, n -> renaming.apply(before.apply(n)), allowMissing, entry, unwrap,
          required);
    }

    /**
     * These options, removing a prefix from the file tensor names that carry it (e.g. {@code module.},
     * which {@code torch.nn.DataParallel} adds).
     *
     * @param prefix the prefix
     * @return new options
     */
    public LoadOptions strippingPrefix(String prefix) {
      return renaming(n -> n.startsWith(prefix) ? n.substring(prefix.length()) : n);
    }

    /**
     * These options, letting model parameters absent from the file keep their values (for partial
     * checkpoints such as an ImageNet encoder).
     *
     * @return new options
     */
    public LoadOptions allowingMissing() {
      return new LoadOptions(ignored, rename, true, entry, unwrap, required);
    }

    /**
     * These options, requiring only the given model names in the file; the other parameters keep their
     * values (e.g. the encoder's names when loading ImageNet weights).
     *
     * @param modelNames the names that must be loaded
     * @return new options
     */
    public LoadOptions requiringOnly(Set<String> modelNames) {
      return new LoadOptions(ignored, rename, false, entry, unwrap, modelNames);
    }

    /**
     * These options, reading the state dict of a {@code .pth} file from a nested dict, e.g. {@code
     * entry("state_dict")} for {@code torch.save({"epoch": 3, "state_dict": sd})}.
     *
     * @param keys the keys from the saved object to the state dict
     * @return new options
     */
    public LoadOptions entry(String... keys) {
      return new LoadOptions(ignored, rename, allowMissing, List.of(keys), unwrap, required);
    }

    /**
     * These options, unwrapping common {@code .pth} containers: a saved dict without tensors is read
     * through its {@code state_dict} (else {@code model}) entry, and DataParallel's {@code module.}
     * prefix is removed when every name carries it.
     *
     * @return new options
     */
    public LoadOptions unwrapping() {
      return new LoadOptions(ignored, rename, allowMissing, entry, true, required);
    }
  }

  /**
   * Opens a weights file by its name: {@code .pth}, {@code .pt} (or {@code .pth.tar}, {@code .bin})
   * as a {@code torch.save} file, anything else as safetensors.
   *
   * @param file the file
   * @param options its options (nested entry, unwrapping)
   * @return the open file
   */
  static TensorFile open(Path file, LoadOptions options) {
    if (isTorchSave(file)) {
      return PthFile.open(file, options.entry(), options.unwrap());
    }
    return SafeTensors.open(file);
  }

  /**
   * Whether a file name is that of a {@code torch.save} file ({@code .pth}, {@code .pt}, {@code
   * .pth.tar}, {@code .bin}).
   *
   * @param file the file
   * @return true for those extensions
   */
  public static boolean isTorchSave(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".pth.tar") || name.endsWith(".bin");
  }

  /**
   * Loads a weights file strictly into a model created by {@link SegmentationNetworks}: safetensors, or
   * a {@code torch.save} file ({@code .pth}/{@code .pt}, zip or legacy format, read without Python and
   * without executing anything it names) whose saved object is the state dict.
   *
   * @param model the model
   * @param file the safetensors or .pth file
   * @throws WeightsFileException if the file cannot be read or is malformed
   * @throws WeightsMismatchException if its tensors do not fit the model
   */
  public static void load(Model model, Path file) {
    load(model, file, LoadOptions.strict());
  }

  /**
   * Loads a safetensors or {@code torch.save} file into a model created by {@link SegmentationNetworks}.
   *
   * @param model the model
   * @param file the safetensors or .pth file
   * @param options ignored names, renaming, partial loading, the state dict's place in a .pth file
   * @throws WeightsFileException if the file cannot be read or is malformed
   * @throws WeightsMismatchException if its tensors do not fit the model
   */
  public static void load(Model model, Path file, LoadOptions options) {
    SegmentationNetwork network = SegmentationNetworks.network(model);
    Map<String, Parameter> params = network.namedParameters();
    Map<String, String> aliases = network.stateDictAliases();
    Map<String, Shape> unused = network.unusedStateDictEntries();
    try (TensorFile reader = open(file, options)) {
      Map<String, Entry> direct = new LinkedHashMap<>();
      Map<String, Entry> viaAlias = new LinkedHashMap<>();
      Set<String> unknown = new TreeSet<>();
      List<String> problems = new ArrayList<>();
      for (Entry t : reader.tensors().values()) {
        String name = options.rename().apply(t.name());
        if (options.ignored().contains(name)) {
          continue;
        }
        if (name.endsWith("." + BATCHES_TRACKED)) {
          String owner = name.substring(0, name.length() - BATCHES_TRACKED.length());
          String runningVar = aliases.getOrDefault(owner + RUNNING_VAR, owner + RUNNING_VAR);
          if (!params.containsKey(runningVar)) {
            unknown.add(t.name());
          }
          continue;
        }
        Parameter p = params.get(name);
        String canonical = p != null ? name : aliases.get(name);
        if (canonical != null) {
          Shape expected = params.get(canonical).getShape();
          if (!Arrays.equals(expected.getShape(), t.shape())) {
            problems.add(t.name() + ": shape " + t.shapeString() + " in the file, " + expected + " in the model");
          } else if (!t.floating()) {
            problems.add(t.name() + ": dtype " + t.dtype() + " is not floating-point");
          } else if (p != null) {
            direct.put(canonical, t);
          } else {
            viaAlias.put(name, t);
          }
        } else if (unused.containsKey(name)) {
          if (!Arrays.equals(unused.get(name).getShape(), t.shape())) {
            problems.add(t.name() + ": shape " + t.shapeString() + " in the file, " + unused.get(name)
                + " in the original");
          }
        } else {
          unknown.add(t.name());
        }
      }
      if (!unknown.isEmpty()) {
        problems.add(0, unknown.size() + " tensor(s) not in " + network.architecture() + ": "
            + listed(unknown));
      }
      Set<String> covered = new TreeSet<>(direct.keySet());
      viaAlias.keySet().forEach(alias -> covered.add(aliases.get(alias)));
      Set<String> missing = new TreeSet<>(params.keySet());
      missing.removeAll(covered);
      if (options.required() != null) {
        Set<String> notRequired = new TreeSet<>(missing);
        notRequired.removeAll(options.required());
        missing.removeAll(notRequired);
      }
      if (!missing.isEmpty() && !options.allowMissing()) {
        problems.add(missing.size() + " model tensor(s) missing from the file: " + listed(missing));
      }
      if (!problems.isEmpty()) {
        throw new WeightsMismatchException(file + " does not fit " + network.architecture() + ":\n  "
            + String.join("\n  ", problems));
      }
      checkAliasesConsistent(file, reader, direct, viaAlias, aliases);
      Map<String, Entry> sources = new LinkedHashMap<>(direct);
      viaAlias.forEach((alias, t) -> sources.putIfAbsent(aliases.get(alias), t));
      sources.forEach((name, t) -> assign(params.get(name), reader.readFloats(t.name())));
      LOG.debug("loaded {} tensors of {} from {} ({} kept their values)", sources.size(),
          network.architecture(), file, missing.size());
    }
  }

  private static void checkAliasesConsistent(Path file, TensorFile reader, Map<String, Entry> direct,
      Map<String, Entry> viaAlias, Map<String, String> aliases) {
    Map<String, float[]> firstSeen = new LinkedHashMap<>();
    List<String> inconsistent = new ArrayList<>();
    for (Map.Entry<String, Entry> e : viaAlias.entrySet()) {
      String canonical = aliases.get(e.getKey());
      Entry reference = direct.get(canonical);
      float[] values = reader.readFloats(e.getValue().name());
      float[] expected = reference != null ? reader.readFloats(reference.name())
          : firstSeen.putIfAbsent(canonical, values);
      if (expected != null && !Arrays.equals(expected, values)) {
        inconsistent.add(e.getKey() + " != " + canonical);
      }
    }
    if (!inconsistent.isEmpty()) {
      throw new WeightsMismatchException(file + ": aliases hold other values than the tensor they share "
          + "storage with in the original: " + listed(inconsistent));
    }
  }

  private static void assign(Parameter p, float[] values) {
    NDArray array = p.getArray();
    if (array.getDataType() == DataType.FLOAT32) {
      array.set(FloatBuffer.wrap(values));
    } else {
      try (NDArray f = array.getManager().create(values, array.getShape())) {
        array.set(f.toType(array.getDataType(), false).toByteBuffer());
      }
    }
  }

  /**
   * Saves a model created by {@link SegmentationNetworks} as a safetensors file with the original's
   * full state_dict (strict PyTorch loading works). The file is written atomically.
   *
   * @param model the model
   * @param file the target file (replaced if it exists)
   * @throws WeightsFileException if the file cannot be written
   */
  public static void save(Model model, Path file) {
    SegmentationNetwork network = SegmentationNetworks.network(model);
    Map<String, Parameter> params = network.namedParameters();
    List<SafeTensors.Output> outputs = new ArrayList<>();
    params.forEach((name, p) -> addParameter(outputs, name, p));
    network.unusedStateDictEntries().forEach((name, shape) ->
        outputs.add(SafeTensors.Output.f32(name, shape.getShape(),
            () -> new float[Math.toIntExact(shape.size())])));
    network.stateDictAliases().forEach((alias, canonical) -> addParameter(outputs, alias, params.get(canonical)));
    SafeTensors.write(file, outputs,
        Map.of("format", "pt", "producer", "pneumo", "architecture", network.architecture()));
    LOG.debug("saved {} tensors of {} to {}", outputs.size(), network.architecture(), file);
  }

  private static void addParameter(List<SafeTensors.Output> outputs, String name, Parameter p) {
    outputs.add(SafeTensors.Output.f32(name, p.getShape().getShape(), () -> {
      NDArray a = p.getArray();
      if (a.getDataType() == DataType.FLOAT32) {
        return a.toFloatArray();
      }
      try (NDArray f = a.toType(DataType.FLOAT32, true)) {
        return f.toFloatArray();
      }
    }));
    if (name.endsWith("." + RUNNING_VAR)) {
      String owner = name.substring(0, name.length() - RUNNING_VAR.length());
      outputs.add(SafeTensors.Output.i64(owner + BATCHES_TRACKED, new long[0], new long[] {0}));
    }
  }

  private static String listed(Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    String shown = String.join(", ", list.subList(0, Math.min(MAX_LISTED, list.size())));
    return list.size() > MAX_LISTED ? shown + ", … (" + (list.size() - MAX_LISTED) + " more)" : shown;
  }
}
