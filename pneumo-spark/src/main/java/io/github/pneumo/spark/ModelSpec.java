package io.github.pneumo.spark;

import ai.djl.Device;
import ai.djl.Model;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.github.pneumo.PneumoException;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.experiment.Devices;
import io.github.pneumo.djl.weights.Checkpoints;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Everything an executor needs to build the {@link DjlSegmentationModel} of a job, as a small serialisable
 * value: the architecture, the members (each one checkpoint, or the weight average of several), flip TTA,
 * the input size and normalisation, the device and the PyTorch thread count. Checkpoints are either paths
 * every executor can read at the same place (a shared file system) or the files' bytes shipped with the
 * spec (Spark broadcasts it once per executor).
 *
 * <p>{@link #fingerprint()} identifies the model: {@link ExecutorModels} keeps one model per fingerprint
 * per JVM. It covers every setting and, per checkpoint, the SHA-256 of its bytes or its path with the size
 * and modification time it had when the spec was built.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.builder("albunet")
 *     .ensemble(List.of(Checkpoint.bytes(Path.of("fold0.safetensors"))))
 *     .flip(true).inputSize(1024).device("gpu").build();
 * }</pre>
 */
public final class ModelSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String architecture;
  private final List<List<Checkpoint>> members;
  private final boolean flip;
  private final int inputSize;
  private final double[] mean;
  private final double[] std;
  private final String device;
  private final int threads;
  private final String fingerprint;

  private ModelSpec(Builder b) {
    this.architecture = b.architecture;
    this.members = List.copyOf(b.members);
    this.flip = b.flip;
    this.inputSize = b.inputSize;
    this.mean = b.normalization.mean();
    this.std = b.normalization.std();
    this.device = b.device;
    this.threads = b.threads;
    this.fingerprint = computeFingerprint();
  }

  /**
   * A builder.
   *
   * @param architecture {@code albunet}, {@code resnet50} or {@code seunet}
   * @return the builder
   * @throws PneumoException if the architecture is unknown
   */
  public static Builder builder(String architecture) {
    return new Builder(architecture);
  }

  /** @return the architecture name */
  public String architecture() {
    return architecture;
  }

  /** @return the members, each a list of checkpoints whose weights are averaged */
  public List<List<Checkpoint>> members() {
    return members;
  }

  /** @return whether flip TTA is on */
  public boolean flip() {
    return flip;
  }

  /** @return the side the model runs at (0: the image's own size) */
  public int inputSize() {
    return inputSize;
  }

  /** @return the input normalisation */
  public Normalization normalization() {
    return Normalization.of(mean, std);
  }

  /**
   * @return the device: {@code cpu}, {@code gpu} (the GPU Spark assigned to the executor, else GPU 0) or
   *     {@code gpuN}
   */
  public String device() {
    return device;
  }

  /** @return PyTorch intra-op threads per executor JVM (0: the engine's default) */
  public int threads() {
    return threads;
  }

  /** @return a hex SHA-256 identifying the model this spec builds */
  public String fingerprint() {
    return fingerprint;
  }

  /** @return the total size of the checkpoint bytes carried by this spec */
  public long embeddedBytes() {
    return members.stream().flatMap(List::stream).mapToLong(c -> c.bytes == null ? 0 : c.bytes.length).sum();
  }

  /**
   * Builds the model in this JVM (what {@link ExecutorModels} does once per executor).
   *
   * @param sparkGpus the GPU addresses Spark assigned to the running task (empty outside a task), used by
   *     the device {@code gpu}
   * @return the model; the caller owns and closes it
   * @throws PneumoException naming a checkpoint that cannot be read or does not fit the architecture
   */
  public DjlSegmentationModel load(List<String> sparkGpus) {
    Device target = resolveDevice(device, sparkGpus);
    DjlSegmentationModel.Builder b = DjlSegmentationModel.builder(architecture).flip(flip).inputSize(inputSize)
        .normalization(normalization());
    List<Model> loaded = new ArrayList<>();
    Path scratch = null;
    int staged = 0;
    try {
      for (List<Checkpoint> member : members) {
        List<Path> files = new ArrayList<>();
        for (Checkpoint c : member) {
          if (c.bytes != null) {
            if (scratch == null) {
              scratch = Files.createTempDirectory("pneumo-spark-checkpoints");
            }
            Path dir = Files.createDirectory(scratch.resolve(Integer.toString(staged++)));
            files.add(Files.write(dir.resolve(c.name), c.bytes));
          } else {
            files.add(Path.of(c.path));
          }
        }
        Model m = SegmentationNetworks.create(Architecture.byName(architecture), SegmentationNetworks.DEFAULT_SEED,
            target);
        loaded.add(m);
        Checkpoints.loadAverage(m, files, architecture);
        b.member(m);
      }
      return b.build();
    } catch (IOException e) {
      loaded.forEach(Model::close);
      throw new PneumoException("cannot stage embedded checkpoints in a temporary folder: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      loaded.forEach(Model::close);
      throw e;
    } finally {
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
  }

  /**
   * Resolves a device name.
   *
   * @param name {@code cpu}, {@code gpu}, {@code gpuN}, {@code cuda} or {@code cuda:N}
   * @param sparkGpus GPU addresses Spark assigned to the task; {@code gpu} takes the first one
   * @return the device
   * @throws PneumoException for another name (the names of {@link Devices})
   */
  static Device resolveDevice(String name, List<String> sparkGpus) {
    Device device = Devices.parse(name);
    String s = name.trim().toLowerCase(Locale.ROOT);
    if (device.isGpu() && (s.equals("gpu") || s.equals("cuda")) && !sparkGpus.isEmpty()) {
      try {
        return Device.gpu(Integer.parseInt(sparkGpus.get(0).trim()));
      } catch (NumberFormatException e) {
        throw new PneumoException("Spark assigned GPU address '" + sparkGpus.get(0) + "', not a GPU index", e);
      }
    }
    return device;
  }

  private String computeFingerprint() {
    Hasher h = Hashing.sha256().newHasher();
    h.putString(architecture, StandardCharsets.UTF_8).putBoolean(flip).putInt(inputSize)
        .putString(Arrays.toString(mean) + Arrays.toString(std), StandardCharsets.UTF_8)
        .putString(device, StandardCharsets.UTF_8).putInt(threads).putInt(members.size());
    for (List<Checkpoint> member : members) {
      h.putInt(member.size());
      for (Checkpoint c : member) {
        h.putString(c.identity(), StandardCharsets.UTF_8);
      }
    }
    return h.hash().toString();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary checkpoints in " + root, e);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ModelSpec s && s.fingerprint.equals(fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "ModelSpec[" + architecture + ", " + members.size() + " member(s), flip " + flip + ", input "
        + inputSize + ", device " + device + ", threads " + threads + ", " + fingerprint.substring(0, 12) + "]";
  }

  /**
   * One checkpoint file ({@code .safetensors} or {@code .params}, told apart by the name's extension):
   * either a path that every executor reads itself, or the file's bytes carried along.
   */
  public static final class Checkpoint implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final @Nullable String path;
    private final byte @Nullable [] bytes;
    private final String identity;

    private Checkpoint(String name, @Nullable String path, byte @Nullable [] bytes, String identity) {
      this.name = name;
      this.path = path;
      this.bytes = bytes;
      this.identity = identity;
    }

    /**
     * A checkpoint read by each executor from the same path (e.g. on a shared file system).
     *
     * @param file the checkpoint, as every executor sees it
     * @return the checkpoint
     */
    public static Checkpoint path(Path file) {
      Path abs = file.toAbsolutePath().normalize();
      String identity = "path:" + abs;
      try {
        if (Files.isRegularFile(abs)) {
          identity += ":" + Files.size(abs) + ":" + Files.getLastModifiedTime(abs).toMillis();
        }
      } catch (IOException e) {
        // the stamp is only a guard against a file replaced in a long-lived JVM; the path alone identifies it
      }
      return new Checkpoint(fileName(abs), abs.toString(), null, identity);
    }

    /**
     * A checkpoint whose bytes are read now and shipped with the spec, for executors that cannot see the
     * file.
     *
     * @param file the checkpoint on this machine
     * @return the checkpoint
     * @throws PneumoException if the file cannot be read
     */
    public static Checkpoint bytes(Path file) {
      try {
        return bytes(fileName(file), Files.readAllBytes(file));
      } catch (IOException e) {
        throw new PneumoException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
      }
    }

    /**
     * A checkpoint given as bytes.
     *
     * @param name a file name whose extension selects the format ({@code .safetensors} or {@code .params})
     * @param content the file's bytes (not copied: do not modify them afterwards)
     * @return the checkpoint
     */
    public static Checkpoint bytes(String name, byte[] content) {
      Preconditions.checkArgument(!name.isEmpty() && !name.contains("/") && !name.contains("\\")
          && !name.equals(".") && !name.equals(".."), "checkpoint name must be a plain file name: '%s'", name);
      return new Checkpoint(name, null, content, "bytes:" + name + ":" + Hashing.sha256().hashBytes(content));
    }

    private static String fileName(Path file) {
      Path n = file.getFileName();
      if (n == null) {
        throw new PneumoException("not a checkpoint file: " + file);
      }
      return n.toString();
    }

    /** @return the file name (its extension selects the format) */
    public String name() {
      return name;
    }

    /** @return the path executors read, or null when the bytes are carried */
    public @Nullable String path() {
      return path;
    }

    /** @return whether the bytes are carried with the spec */
    public boolean embedded() {
      return bytes != null;
    }

    String identity() {
      return identity;
    }

    @Override
    public String toString() {
      return bytes != null ? name + " (" + bytes.length + " bytes)" : String.valueOf(path);
    }
  }

  /** Collects the settings; not thread-safe. */
  public static final class Builder {
    private final String architecture;
    private final List<List<Checkpoint>> members = new ArrayList<>();
    private boolean flip = true;
    private int inputSize;
    private Normalization normalization = Normalization.UNIT;
    private String device = "cpu";
    private int threads;

    private Builder(String architecture) {
      Architecture.byName(architecture);
      this.architecture = architecture;
    }

    /**
     * Adds one member per checkpoint (ensemble by mean probability).
     *
     * @param checkpoints the checkpoints
     * @return this builder
     */
    public Builder ensemble(List<Checkpoint> checkpoints) {
      checkpoints.forEach(c -> members.add(List.of(c)));
      return this;
    }

    /**
     * Adds one member whose weights are the mean of several checkpoints.
     *
     * @param checkpoints at least one checkpoint of this architecture
     * @return this builder
     */
    public Builder weightAverage(List<Checkpoint> checkpoints) {
      Preconditions.checkArgument(!checkpoints.isEmpty(), "weight averaging needs checkpoints");
      members.add(List.copyOf(checkpoints));
      return this;
    }

    /**
     * @param on flip TTA (default on)
     * @return this builder
     */
    public Builder flip(boolean on) {
      this.flip = on;
      return this;
    }

    /**
     * @param size the side the model runs at, or 0 (default) for the image's size
     * @return this builder
     */
    public Builder inputSize(int size) {
      Preconditions.checkArgument(size >= 0, "input size must be >= 0");
      this.inputSize = size;
      return this;
    }

    /**
     * @param normalization the training normalisation (default {@link Normalization#UNIT})
     * @return this builder
     */
    public Builder normalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    /**
     * @param name {@code cpu} (default), {@code gpu} (the GPU Spark assigned to the executor, else GPU 0),
     *     {@code gpuN}, {@code cuda} or {@code cuda:N}
     * @return this builder
     * @throws PneumoException for another name
     */
    public Builder device(String name) {
      resolveDevice(name, List.of());
      this.device = name.trim().toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * PyTorch intra-op threads of each executor JVM (a process-wide setting of the native library).
     *
     * @param threads &ge; 1, or 0 (default) to keep the engine's default (the machine's cores)
     * @return this builder
     */
    public Builder threads(int threads) {
      Preconditions.checkArgument(threads >= 0, "threads must be >= 0");
      this.threads = threads;
      return this;
    }

    /**
     * @return the spec
     * @throws IllegalStateException without members
     */
    public ModelSpec build() {
      Preconditions.checkState(!members.isEmpty(), "a model spec needs at least one checkpoint");
      return new ModelSpec(this);
    }
  }
}
