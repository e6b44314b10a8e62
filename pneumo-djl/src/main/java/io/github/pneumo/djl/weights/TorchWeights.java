package io.github.pneumo.djl.weights;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableSet;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.SafeTensors.Tensor;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weight interchange with the original PyTorch models through <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> files whose tensor names are the
 * original {@code state_dict} names (see docs/weights.md for turning a {@code .pth} checkpoint into
 * such a file).
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
   */
  public record LoadOptions(Set<String> ignored, UnaryOperator<String> rename, boolean allowMissing) {

    /** Copies the ignored set. */
    public LoadOptions {
      ignored = ImmutableSet.copyOf(ignored);
    }

    /**
     * Strict loading: no ignored names, no renaming, nothing missing.
     *
     * @return the default options
     */
    public static LoadOptions strict() {
      return new LoadOptions(Set.of(), UnaryOperator.identity(), false);
    }

    /**
     * These options, also skipping the given file tensor names.
     *
     * @param names names to skip
     * @return new options
     */
    public LoadOptions ignoring(Collection<String> names) {
      return new LoadOptions(ImmutableSet.<String>builder().addAll(ignored).addAll(names).build(),
          rename, allowMissing);
    }

    /**
     * These options, renaming file tensor names before matching.
     *
     * @param renaming file name → model name
     * @return new options
     */
    public LoadOptions renaming(UnaryOperator<String> renaming) {
      return new LoadOptions(ignored, renaming, allowMissing);
    }

    /**
     * These options, letting model parameters absent from the file keep their values (for partial
     * checkpoints such as an ImageNet encoder).
     *
     * @return new options
     */
    public LoadOptions allowingMissing() {
      return new LoadOptions(ignored, rename, true);
    }
  }

  /**
   * Loads a safetensors file strictly into a model created by {@link SegmentationNetworks}.
   *
   * @param model the model
   * @param file the safetensors file
   * @throws WeightsFileException if the file cannot be read or is malformed
   * @throws WeightsMismatchException if its tensors do not fit the model
   */
  public static void load(Model model, Path file) {
    load(model, file, LoadOptions.strict());
  }

  /**
   * Loads a safetensors file into a model created by {@link SegmentationNetworks}.
   *
   * @param model the model
   * @param file the safetensors file
   * @param options ignored names, renaming, partial loading
   * @throws WeightsFileException if the file cannot be read or is malformed
   * @throws WeightsMismatchException if its tensors do not fit the model
   */
  public static void load(Model model, Path file, LoadOptions options) {
    SegmentationNetwork network = SegmentationNetworks.network(model);
    Map<String, Parameter> params = network.namedParameters();
    Map<String, String> aliases = network.stateDictAliases();
    Map<String, Shape> unused = network.unusedStateDictEntries();
    try (SafeTensors.Reader reader = SafeTensors.open(file)) {
      Map<String, Tensor> direct = new LinkedHashMap<>();
      Map<String, Tensor> viaAlias = new LinkedHashMap<>();
      Set<String> unknown = new TreeSet<>();
      List<String> problems = new ArrayList<>();
      for (Tensor t : reader.tensors().values()) {
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
          } else if (!t.dtype().isFloat()) {
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
      if (!missing.isEmpty() && !options.allowMissing()) {
        problems.add(missing.size() + " model tensor(s) missing from the file: " + listed(missing));
      }
      if (!problems.isEmpty()) {
        throw new WeightsMismatchException(file + " does not fit " + network.architecture() + ":\n  "
            + String.join("\n  ", problems));
      }
      checkAliasesConsistent(file, reader, direct, viaAlias, aliases);
      Map<String, Tensor> sources = new LinkedHashMap<>(direct);
      viaAlias.forEach((alias, t) -> sources.putIfAbsent(aliases.get(alias), t));
      sources.forEach((name, t) -> assign(params.get(name), reader.readFloats(t)));
      LOG.debug("loaded {} tensors of {} from {} ({} kept their values)", sources.size(),
          network.architecture(), file, missing.size());
    }
  }

  private static void checkAliasesConsistent(Path file, SafeTensors.Reader reader, Map<String, Tensor> direct,
      Map<String, Tensor> viaAlias, Map<String, String> aliases) {
    Map<String, float[]> firstSeen = new LinkedHashMap<>();
    List<String> inconsistent = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : viaAlias.entrySet()) {
      String canonical = aliases.get(e.getKey());
      Tensor reference = direct.get(canonical);
      float[] values = reader.readFloats(e.getValue());
      float[] expected = reference != null ? reader.readFloats(reference) : firstSeen.putIfAbsent(canonical, values);
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
