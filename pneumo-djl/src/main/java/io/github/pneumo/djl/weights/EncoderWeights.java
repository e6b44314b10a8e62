package io.github.pneumo.djl.weights;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.encoders.Encoder;
import io.github.pneumo.djl.encoders.ResNetEncoder;
import io.github.pneumo.djl.models.SegmentationNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ImageNet classification state dict loaded into a segmentation network's encoder only: the
 * original's encoder initialisation (torchvision {@code resnet34-333f7ec4.pth} for AlbuNet, {@code
 * resnet50-19c8e357.pth} for the ResNet50 U-Net, Cadene's {@code se_resnext50_32x4d-a260b3a4.pth} for the
 * SCSE U-Net; see docs/weights.md).
 *
 * <p>Names are mapped from the classifier's layout to the encoder's: torchvision's {@code conv1}, {@code
 * bn1}, {@code layer1} … {@code layer4} or Cadene's {@code layer0.conv1}, {@code layer0.bn1}, {@code
 * layer1} … {@code layer4} (the layout is recognised from the names). The classifier ({@code fc.*},
 * {@code last_linear.*}) is ignored. Loading is strict: every encoder parameter and running statistic
 * must be in the file with its shape, and every other tensor of the file is an error; the message lists
 * the missing and unexpected names. The decoder keeps its values. {@code .pth} (zip or legacy) and
 * safetensors files are read ({@link TorchWeights}).
 *
 * <pre>{@code
 * try (Model model = SegmentationNetworks.create("resnet50")) {
 *   EncoderWeights.of(Path.of("resnet50-19c8e357.pth"), "19c8e357").load(model);
 * }
 * }</pre>
 *
 * @param file the classification state dict
 * @param sha256 a prefix (or all) of the file's SHA-256 in hex, checked before loading; null for no check
 */
public record EncoderWeights(Path file, @Nullable String sha256) {

  private static final Logger LOG = LoggerFactory.getLogger(EncoderWeights.class);

  /** The classification state dict layouts, by the names of their stem, layers and classifier. */
  public enum SourceLayout {
    /** torchvision's ResNet: {@code conv1}, {@code bn1}, {@code layer1} … {@code layer4}, {@code fc}. */
    TORCHVISION("conv1", "bn1", "fc"),
    /** Cadene's pretrainedmodels SENet: {@code layer0.conv1}, {@code layer0.bn1}, {@code layer1} …, {@code last_linear}. */
    CADENE("layer0.conv1", "layer0.bn1", "last_linear");

    private final String stemConv;
    private final String stemBn;
    private final String classifier;

    SourceLayout(String stemConv, String stemBn, String classifier) {
      this.stemConv = stemConv;
      this.stemBn = stemBn;
      this.classifier = classifier;
    }

    /** @return the classifier's module name ({@code fc} or {@code last_linear}), whose tensors are ignored */
    public String classifier() {
      return classifier;
    }

    static SourceLayout detect(Set<String> names) {
      return names.stream().anyMatch(n -> n.startsWith("layer0.")) ? CADENE : TORCHVISION;
    }
  }

  /** Validates the checksum prefix. */
  public EncoderWeights {
    if (sha256 != null) {
      sha256 = sha256.trim().toLowerCase(Locale.ROOT);
      if (!sha256.matches("[0-9a-f]{1,64}")) {
        throw new WeightsFileException("sha256 must be hexadecimal digits (a prefix of the file's SHA-256), got '"
            + sha256 + "'");
      }
    }
  }

  /**
   * Encoder weights without a checksum.
   *
   * @param file the file
   * @return the weights
   */
  public static EncoderWeights of(Path file) {
    return new EncoderWeights(file, null);
  }

  /**
   * Encoder weights with a SHA-256 prefix to check (torchvision and Cadene file names end with the first
   * 8 hex digits of their SHA-256).
   *
   * @param file the file
   * @param sha256 a prefix of the file's SHA-256
   * @return the weights
   */
  public static EncoderWeights of(Path file, String sha256) {
    return new EncoderWeights(file, sha256);
  }

  /**
   * Checks the file exists and, if a checksum is given, that its SHA-256 starts with it.
   *
   * @throws WeightsFileException naming the file, the expected and the actual checksum
   */
  public void verify() {
    if (!Files.isRegularFile(file)) {
      throw new WeightsFileException(file + ": ImageNet encoder weights not found (docs/weights.md says where to get "
          + "them)");
    }
    if (sha256 != null) {
      String actual;
      try {
        actual = MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
      } catch (IOException e) {
        throw new WeightsFileException(file + ": cannot read", e);
      }
      if (!actual.startsWith(sha256)) {
        throw new WeightsFileException(file + ": SHA-256 " + actual + " does not start with the expected " + sha256
            + " (wrong or damaged file)");
      }
    }
  }

  /**
   * Verifies the file, then loads it into the model's encoder.
   *
   * @param model a model from {@link SegmentationNetworks}
   * @throws WeightsFileException if the file is missing, damaged, of another checksum or malformed
   * @throws WeightsMismatchException listing the encoder tensors missing from the file and the file's
   *     tensors that are not the encoder's
   */
  public void load(Model model) {
    verify();
    SegmentationNetwork network = SegmentationNetworks.network(model);
    if (!(network.encoder() instanceof ResNetEncoder encoder)) {
      throw new WeightsMismatchException(file + ": ImageNet encoder weights map onto a ResNet-family encoder, but "
          + network.architecture() + " has a " + network.encoder().getClass().getSimpleName());
    }
    Set<String> encoderNames = encoderNames(network, encoder);
    String prefix = encoderPrefix(network, encoder);
    Set<String> fileNames;
    try (TensorFile f = TorchWeights.open(file, TorchWeights.LoadOptions.strict().unwrapping())) {
      fileNames = f.tensors().keySet();
    }
    SourceLayout source = SourceLayout.detect(fileNames);
    UnaryOperator<String> rename = n -> mapName(n, source, encoder.layout(), prefix, encoderNames);
    Set<String> ignored = new TreeSet<>();
    for (String n : fileNames) {
      if (n.startsWith(source.classifier() + ".")) {
        ignored.add(rename.apply(n));
      }
    }
    TorchWeights.load(model, file, TorchWeights.LoadOptions.strict().unwrapping().renaming(rename).ignoring(ignored)
        .requiringOnly(encoderNames));
    LOG.info("initialised the {} encoder ({} tensors) from {} ({} layout)", network.architecture(),
        encoderNames.size(), file, source.name().toLowerCase(Locale.ROOT));
  }

  /** The network's state_dict names of the encoder's parameters and running statistics. */
  static Set<String> encoderNames(SegmentationNetwork network, Encoder encoder) {
    Set<Parameter> own = Collections.newSetFromMap(new IdentityHashMap<>());
    own.addAll(encoder.namedParameters().values());
    Set<String> names = new TreeSet<>();
    network.namedParameters().forEach((name, p) -> {
      if (own.contains(p)) {
        names.add(name);
      }
    });
    return names;
  }

  /** The prefix of the encoder's names in the network ({@code encoder.} in AlbuNet, empty in selim's U-Nets). */
  private static String encoderPrefix(SegmentationNetwork network, Encoder encoder) {
    Map.Entry<String, Parameter> first = encoder.namedParameters().entrySet().iterator().next();
    for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
      if (e.getValue() == first.getValue()) {
        return e.getKey().substring(0, e.getKey().length() - first.getKey().length());
      }
    }
    throw new IllegalStateException("the encoder's parameters are not the network's");
  }

  /**
   * Maps a classification state dict name to the network's name; names that are not the encoder's get an
   * impossible prefix so that they are reported as unexpected (and never land in the decoder).
   */
  private static String mapName(String name, SourceLayout source, ResNetEncoder.Layout target, String prefix,
      Set<String> encoderNames) {
    String mapped = null;
    if (name.startsWith(source.stemConv + ".")) {
      mapped = target.stemConv() + name.substring(source.stemConv.length());
    } else if (name.startsWith(source.stemBn + ".")) {
      mapped = target.stemBn() + name.substring(source.stemBn.length());
    } else {
      List<String> layers = target.layers();
      for (int i = 0; i < layers.size(); i++) {
        String layer = "layer" + (i + 1) + ".";
        if (name.startsWith(layer)) {
          mapped = layers.get(i) + "." + name.substring(layer.length());
        }
      }
    }
    if (mapped == null) {
      return "<not the encoder>." + name;
    }
    String full = prefix + mapped;
    boolean known = encoderNames.contains(full) || full.endsWith(".num_batches_tracked");
    return known ? full : "<not the encoder>." + name;
  }
}
