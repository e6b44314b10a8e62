package io.github.pneumo.djl;

import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.models.AlbuNet;
import io.github.pneumo.djl.models.SegmentationNetwork;
import io.github.pneumo.djl.models.SelimUNet;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The three segmentation architectures of the original solution, by their config names. */
public enum Architecture {
  /** AlbuNet: ResNet34 encoder, bilinear TernausNet decoder; inputs multiples of 64. */
  ALBUNET("albunet", AlbuNet::new),
  /** selim's ResNet50 U-Net; inputs multiples of 32. */
  RESNET50("resnet50", SelimUNet::resnet50),
  /** selim's SCSE U-Net on SE-ResNeXt50 32×4d; inputs multiples of 32. */
  SEUNET("seunet", SelimUNet::scseSeResNeXt50);

  private final String id;
  private final Supplier<SegmentationNetwork> factory;

  Architecture(String id, Supplier<SegmentationNetwork> factory) {
    this.id = id;
    this.factory = factory;
  }

  /**
   * The config name ({@code albunet}, {@code resnet50}, {@code seunet}).
   *
   * @return the name
   */
  public String id() {
    return id;
  }

  /**
   * Builds a fresh, uninitialised network of this architecture.
   *
   * @return the network
   */
  public SegmentationNetwork newNetwork() {
    return factory.get();
  }

  /**
   * The architecture with a config name (case-insensitive).
   *
   * @param name {@code albunet}, {@code resnet50} or {@code seunet}
   * @return the architecture
   * @throws PneumoException if the name is unknown
   */
  public static Architecture byName(String name) {
    for (Architecture a : values()) {
      if (a.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new PneumoException("unknown architecture '" + name + "'; known: "
        + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
  }
}
